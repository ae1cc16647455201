import { backoffDelay } from "../../core/backoff.ts";
import type { Clock } from "../../ports.ts";

/** Hands out permits at a steady rate with a small burst, waiting (on the injected clock) when none is left. */
export interface RateLimiter {
  /** Waits for a permit, but never past `deadline`: then it goes ahead and lets the service throttle (429). */
  take(deadline: Date): Promise<void>;
}

/**
 * A token bucket: `perMinute` permits a minute, up to `burst` at once. One per container (built at cold start), so
 * a CPE change that re-renders many connections, or a burst of events, stays within the topic's publish rate
 * (about 60 messages a minute); the SDK's 429 retries cover what several containers together exceed. A wait for
 * a permit is jittered with the one backoff helper (between the time the next permit needs and twice that), so
 * containers that ran dry together do not all publish again in the same millisecond. `random` is for tests.
 */
export function createRateLimiter(
  perMinute: number,
  clock: Clock,
  burst = Math.max(1, Math.floor(perMinute / 6)),
  random?: () => number,
): RateLimiter {
  const perMs = perMinute / 60_000;
  let tokens = burst;
  let last = clock.now().getTime();
  const refill = () => {
    const now = clock.now().getTime();
    tokens = Math.min(burst, tokens + (now - last) * perMs);
    last = now;
  };
  return {
    async take(deadline: Date): Promise<void> {
      refill();
      while (tokens < 1) {
        const needMs = Math.ceil((1 - tokens) / perMs);
        // One step of twice the need: the jittered wait lies in [needMs, 2 × needMs).
        const step = { firstMs: 2 * needMs, maxMs: 2 * needMs, ...(random ? { random } : {}) };
        const waitMs = Math.max(needMs, backoffDelay(0, step));
        const left = deadline.getTime() - clock.now().getTime();
        if (waitMs > left) break;
        await clock.sleep(waitMs);
        refill();
      }
      tokens -= 1;
    },
  };
}
