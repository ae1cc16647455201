import { AsyncLocalStorage } from "node:async_hooks";
import * as common from "oci-common";
import type { Clock } from "../../ports.ts";

/** How long one HTTP request to OCI may take. */
export interface RequestLimits {
  /** The configured cap of one request (TUNNELSMITH_REQUEST_TIMEOUT_SECONDS). */
  perRequestMs: number;
  /** The invocation's deadline, or null outside an invocation (then only `perRequestMs` applies). */
  deadline: Date | null;
  /** Time kept free before the deadline: the core still has to record the outcome and release its lease. */
  marginMs: number;
  clock: Pick<Clock, "now">;
}

/** Time kept before the deadline by default: a state.json write and a lease release, with room to spare. */
export const DEFAULT_DEADLINE_MARGIN_MS = 3_000;

interface Scope {
  limits: RequestLimits;
  /** The request is a create (see errors.ts callCreate): a failure without an answer is not retried. */
  create: boolean;
}

/**
 * The limits of the invocation a request belongs to. The SDK clients are built once per container, but the
 * deadline is per invocation and the only per-request hook the SDK offers is its HttpClient, which sees nothing
 * but the HTTP request: the limits travel to it in this async scope, entered by {@link bindLimits}.
 */
const scope = new AsyncLocalStorage<Scope>();

/** Runs `run` with requests bounded by `limits`. */
export function withinLimits<T>(limits: RequestLimits, run: () => T): T {
  return scope.run({ limits, create: scope.getStore()?.create ?? false }, run);
}

/** Runs `run` with its requests marked as a create, within the current limits. */
export function asCreate<T>(run: () => Promise<T>): Promise<T> {
  const current = scope.getStore();
  return current ? scope.run({ ...current, create: true }, run) : run();
}

/**
 * A port whose every method runs within `limits`: one wrapper at the edge instead of a deadline argument on every
 * SDK call. Non-function properties (a rotator's `settleMs`) are copied as they are.
 */
export function bindLimits<T extends object>(limits: RequestLimits, port: T): T {
  const bound: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(port)) {
    bound[key] =
      typeof value === "function"
        ? (...args: unknown[]) =>
            withinLimits(limits, () => (value as (...a: unknown[]) => unknown).apply(port, args))
        : value;
  }
  return bound as T;
}

/** The time one request may take now: the configured cap, or what is left before the deadline's margin. */
export function requestBudget(limits: RequestLimits): { ms: number; byDeadline: boolean } {
  if (limits.deadline === null) return { ms: limits.perRequestMs, byDeadline: false };
  const left = limits.deadline.getTime() - limits.clock.now().getTime() - limits.marginMs;
  return left < limits.perRequestMs
    ? { ms: Math.floor(left), byDeadline: true }
    : { ms: limits.perRequestMs, byDeadline: false };
}

/** A client-side failure as the SDK's retrier reads it: `shouldBeRetried` decides whether it tries again. */
function clientFailure(code: string, message: string, shouldBeRetried: boolean): Error {
  return Object.assign(new Error(message), { code, shouldBeRetried });
}

/**
 * The HTTP client every tunnelsmith SDK client uses: the SDK's own fetch client (which signs the request), with
 * each request cut after its {@link requestBudget}. Without it a request that never answers runs past the
 * invocation's deadline with the connection's lease held. A request cut by the deadline is not retried (there is
 * no time left); one cut by the per-request cap is, unless it is a create. The SDK retries every client-side
 * failure unless told otherwise (its retry condition only sees service errors), so a create's are marked here.
 */
export function createLimitedHttpClient(
  signer: common.RequestSigner,
  defaults: RequestLimits,
): common.HttpClient {
  return {
    async send(req, forceExcludeBody, targetService, operationName, timestamp, endpoint, apiReferenceLink) {
      const current = scope.getStore();
      const create = current?.create ?? false;
      const { ms, byDeadline } = requestBudget(current?.limits ?? defaults);
      if (ms <= 0) {
        throw clientFailure("DeadlineReached", "not sent: the invocation's deadline is too close", false);
      }
      const signal = AbortSignal.timeout(ms);
      const http = new common.FetchHttpClient(signer, null, { signal });
      try {
        return await http.send(
          req,
          forceExcludeBody,
          targetService,
          operationName,
          timestamp,
          endpoint,
          apiReferenceLink,
        );
      } catch (error) {
        if (signal.aborted) {
          const why = byDeadline ? "the invocation's deadline" : "TUNNELSMITH_REQUEST_TIMEOUT_SECONDS";
          throw clientFailure("RequestTimeout", `no answer within ${ms} ms (${why})`, !create && !byDeadline);
        }
        if (create && typeof error === "object" && error !== null) {
          Object.assign(error, { shouldBeRetried: false });
        }
        throw error;
      }
    },
  };
}
