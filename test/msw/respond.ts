import { randomUUID } from "node:crypto";
import { HttpResponse } from "msw";
import type { FakeOci, RecordedRequest } from "./fake-oci.ts";
import { faultResponse, hold } from "./faults.ts";
import { signatureProblem } from "./signature.ts";

/** An OCI error response: `{code, message}` with an `opc-request-id`, as every OCI service answers. */
export function ociError(status: number, code: string, message: string): Response {
  return HttpResponse.json({ code, message }, { status, headers: { "opc-request-id": randomUUID() } });
}

/** What a fake endpoint gets: the request, its path parameters and its body text. */
export interface Call {
  request: Request;
  params: Record<string, string>;
  body: string;
}

/** A resolver that may decline (undefined), letting the next matching handler answer. */
export type FakeResolver = (call: Call) => Response | undefined | Promise<Response | undefined>;

/**
 * Wraps a fake endpoint: verifies the request's OCI signature against the test key first (401 NotAuthenticated
 * when it does not verify) and records what was answered. Every handler, including per-test fault overrides,
 * goes through this, so no request escapes the signature check.
 */
export function signed(fake: FakeOci, service: RecordedRequest["service"], resolver: FakeResolver) {
  return async ({
    request,
    params,
  }: {
    request: Request;
    params: Record<string, string | readonly string[] | undefined>;
  }) => {
    const body = request.method === "GET" || request.method === "DELETE" ? "" : await request.clone().text();
    const problem = signatureProblem(request, body, fake.identity);
    const path = recordedPath(request.url);
    if (problem) {
      fake.record({ service, method: request.method, path, status: 401, signatureProblem: problem });
      return ociError(401, "NotAuthenticated", `signature check failed: ${problem}`);
    }
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (typeof v === "string") flat[k] = decodeURIComponent(v);
    const injected = fake.faults.take(request.method, path, "before");
    const record = (status: number) =>
      fake.record({ service, method: request.method, path, status, signatureProblem: null });
    if (injected?.when === "hang") {
      record(0);
      fake.faults.held.push(`${request.method} ${path}`);
      await hold(request);
      return ociError(504, "GatewayTimeout", "the client gave up");
    }
    if (injected?.when === "before") {
      const answer = faultResponse(injected);
      record(answer.status);
      return answer;
    }
    const response = await resolver({ request, params: flat, body });
    const after = response ? fake.faults.take(request.method, path, "after") : null;
    if (after) {
      // The fake did it; the client only hears the failure.
      const answer = faultResponse(after);
      record(answer.status);
      return answer;
    }
    if (response) record(response.status);
    return response;
  };
}

/** The path as tests match it: API version prefix dropped, encoded object names decoded. */
function recordedPath(url: string): string {
  return decodeURIComponent(new URL(url).pathname).replace(
    /^\/(20160918|20181201|20180401|20240430|20210201)/,
    "",
  );
}

/** A JSON answer with the headers OCI always sends. */
export function ok(body: unknown, headers: Record<string, string> = {}, status = 200): Response {
  return HttpResponse.json(body as Record<string, unknown>, {
    status,
    headers: { "opc-request-id": randomUUID(), ...headers },
  });
}

/** One page of `items` by the `page` query parameter (an offset), with `opc-next-page` when more remain. */
export function page<T>(
  request: Request,
  items: readonly T[],
  pageSize: number,
): { items: T[]; headers: Record<string, string> } {
  const start = Number(new URL(request.url).searchParams.get("page") ?? "0");
  const slice = items.slice(start, start + pageSize);
  const next: Record<string, string> =
    start + pageSize < items.length ? { "opc-next-page": String(start + pageSize) } : {};
  return { items: slice, headers: next };
}
