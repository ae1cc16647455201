import type * as common from "oci-common";
import type { Clock } from "../../ports.ts";
import { statusOf } from "./errors.ts";

/** How SDK requests retry: attempts, the exponential delay's cap, and the deadline nothing may run past. */
export interface RetryPolicy {
  maxAttempts: number;
  maxDelaySeconds: number;
  deadline: Date;
  clock: Pick<Clock, "now">;
}

/** Statuses worth another attempt: throttling and transient server errors. 409/412 are answers, not failures. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * Whether an SDK failure is retried: 429 and 5xx from the service, and client-side failures (connection reset,
 * DNS), which the SDK reports without a status.
 */
export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  return status === null || status === -1 || RETRYABLE_STATUS.has(status);
}

/**
 * The SDK retry configuration for one invocation: exponential backoff (1 s, 2 s, 4 s… capped at
 * `maxDelaySeconds`, no jitter so tests are deterministic; with 0 it retries at once), stopping after
 * `maxAttempts` or when the next wait would end past the deadline. Without this the SDK's built-in default retries
 * up to 8 times with 30 s waits, which can outlive a 30 s function.
 */
export function retryConfiguration(policy: RetryPolicy): common.RetryConfiguration {
  const delaySeconds = (attemptCount: number) => Math.min(policy.maxDelaySeconds, 2 ** attemptCount);
  return {
    retryCondition: isRetryable,
    delayStrategy: { delay: (context) => delaySeconds(context.attemptCount) },
    terminationStrategy: {
      shouldTerminate: (context) => {
        if (context.attemptCount + 1 >= policy.maxAttempts) return true;
        const next = policy.clock.now().getTime() + delaySeconds(context.attemptCount) * 1000;
        return next >= policy.deadline.getTime();
      },
    },
  };
}
