import { randomUUID } from "node:crypto";

/**
 * A per-test fault every fake endpoint applies (through `signed` in respond.ts), for the failures a retry must
 * not hide: `before` answers instead of the fake (nothing happened), `after` lets the fake act and then answers
 * the error instead (it happened, but the client never learns it: a 5xx after success), `hang` never answers
 * (until the client gives up). server.ts `fault` remains the short form of `before`.
 */
export interface FakeFault {
  method: string;
  /** Matched against the recorded path (API version prefix dropped, object names decoded). */
  path: RegExp;
  when: "before" | "after" | "hang";
  /** The answer of `before`/`after` (default 500 InternalServerError, as OCI's JSON). */
  status?: number;
  code?: string;
  /** OCI's message (default: names the injected status) and `opc-request-id` (default: a random one). */
  message?: string;
  requestId?: string;
  /** A body that is not OCI's JSON (a load balancer's HTML page); sent as text/html without opc-request-id. */
  rawBody?: string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

/** Faults a test added, consumed as they apply. */
export class FaultList {
  private readonly faults: { fault: FakeFault; left: number }[] = [];
  /** Requests a `hang` fault holds, by method and path, so a test can see that the client gave up. */
  readonly held: string[] = [];

  add(fault: FakeFault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  /**
   * The first fault matching the request in this phase, consumed; null when none applies. `before` faults (and
   * `hang`) are taken before the fake acts, `after` faults once it answered (a handler that declines takes none).
   */
  take(method: string, path: string, phase: "before" | "after"): FakeFault | null {
    const entry = this.faults.find(
      (f) =>
        f.left > 0 &&
        (f.fault.when === "after") === (phase === "after") &&
        f.fault.method === method &&
        f.fault.path.test(path),
    );
    if (!entry) return null;
    entry.left -= 1;
    return entry.fault;
  }
}

/** The error answer of a `before`/`after` fault. */
export function faultResponse(fault: FakeFault): Response {
  const status = fault.status ?? 500;
  if (fault.rawBody !== undefined) {
    return new Response(fault.rawBody, { status, headers: { "content-type": "text/html" } });
  }
  const body = {
    code: fault.code ?? "InternalServerError",
    message: fault.message ?? `injected ${status} for the test`,
  };
  return Response.json(body, { status, headers: { "opc-request-id": fault.requestId ?? randomUUID() } });
}

/** Holds a request until its client aborts it (or forever, if the client never does). */
export function hold(request: Request): Promise<void> {
  return new Promise((resolve) => {
    if (request.signal.aborted) resolve();
    request.signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
