/**
 * The one backoff schedule of tunnelsmith: exponential, capped, with "equal jitter" (each wait is between half and
 * all of the exponential step). Jitter keeps many invocations that failed together (a regional blip, a 429 wave)
 * from retrying in lock-step; the lower half bound keeps a wait from collapsing to nothing. Tests inject `random`.
 */
export interface BackoffOptions {
  /** The first step, in milliseconds. */
  firstMs: number;
  /** No step is longer than this. */
  maxMs: number;
  /** A number in [0, 1); default Math.random. `() => 1 - Number.EPSILON` gives the full step (no jitter). */
  random?: () => number;
}

/** The step before jitter for the `attempt`-th wait (0-based): firstMs × 2^attempt, capped at maxMs. */
export function backoffStep(attempt: number, options: Pick<BackoffOptions, "firstMs" | "maxMs">): number {
  return Math.min(options.maxMs, options.firstMs * 2 ** Math.max(0, attempt));
}

/** The `attempt`-th wait (0-based), jittered into [step/2, step). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const step = backoffStep(attempt, options);
  const random = options.random ?? Math.random;
  return Math.floor(step / 2 + random() * (step / 2));
}

/** A stateful schedule: each call to `next()` returns the following wait. */
export function createBackoff(options: BackoffOptions): { next(): number; readonly attempts: number } {
  let attempt = 0;
  return {
    next: () => backoffDelay(attempt++, options),
    get attempts() {
      return attempt;
    },
  };
}
