import type * as common from "oci-common";
import { backoffDelay, backoffStep } from "../../core/backoff.ts";
import type { Clock } from "../../ports.ts";
import { statusOf } from "./errors.ts";

/** How SDK requests retry: attempts, the backoff's cap, and the deadline nothing may run past. */
export interface RetryPolicy {
  maxAttempts: number;
  maxDelaySeconds: number;
  deadline: Date;
  clock: Pick<Clock, "now">;
  /** The backoff's jitter source (shared/core/backoff.ts); tests pin it. Default Math.random. */
  random?: () => number;
}

/** Statuses worth another attempt: throttling and transient server errors. 409/412 are answers, not failures. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * Whether an SDK failure of a read (or an idempotent write) is retried: 429 and 5xx from the service, and
 * client-side failures (connection reset, DNS), which the SDK reports without a status.
 */
export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  return status === null || status === -1 || RETRYABLE_STATUS.has(status);
}

/**
 * Whether a failed create is retried: only 429, which OCI answers before it processes the request. A 5xx or a
 * lost connection may come after the link was made or the message sent, so a retry could make a second one.
 */
export function isThrottled(error: unknown): boolean {
  return statusOf(error) === 429;
}

/** The first wait of the SDK retries; later ones double up to `maxDelaySeconds` (shared/core/backoff.ts). */
const FIRST_RETRY_MS = 1_000;

/**
 * The SDK retry configuration for one invocation: the one jittered backoff (1 s, 2 s, 4 s… steps capped at
 * `maxDelaySeconds`, each wait between half and all of its step; with 0 it retries at once), stopping after
 * `maxAttempts` or when the next wait could end past the deadline. Without this the SDK's built-in default
 * retries up to 8 times with 30 s waits, which can outlive a 30 s function. Creates use {@link forCreate}.
 */
export function retryConfiguration(policy: RetryPolicy): common.RetryConfiguration {
  const schedule = {
    firstMs: FIRST_RETRY_MS,
    maxMs: policy.maxDelaySeconds * 1000,
    ...(policy.random ? { random: policy.random } : {}),
  };
  return {
    retryCondition: isRetryable,
    delayStrategy: { delay: (context) => backoffDelay(context.attemptCount, schedule) / 1000 },
    terminationStrategy: {
      shouldTerminate: (context) => {
        if (context.attemptCount + 1 >= policy.maxAttempts) return true;
        // The longest the jittered wait can be: a retry that might start past the deadline is not made.
        const next = policy.clock.now().getTime() + backoffStep(context.attemptCount, schedule);
        return next >= policy.deadline.getTime();
      },
    },
  };
}

/**
 * The retry configuration of a create (see {@link isThrottled}): the invocation's configuration, retrying only
 * 429. Adapters derive it themselves, so no caller can hand a create the read configuration by mistake. The SDK
 * retries client-side failures (timeouts, resets) without asking the retry condition; for a create those are
 * stopped by the HTTP client (request-limits.ts), which callCreate (errors.ts) marks the request for.
 */
export function forCreate(retry: common.RetryConfiguration): common.RetryConfiguration {
  return { ...retry, retryCondition: isThrottled };
}
