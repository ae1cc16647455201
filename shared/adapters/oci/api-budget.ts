import type { Clock } from "../../ports.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.ts";

/** The API families OCI throttles separately (each service has its own request limits). */
export type ApiFamily = "networking" | "objectStorage" | "identity" | "queue";

/** One limiter per family, shared by every invocation of the container. */
export type ApiBudget = Record<ApiFamily, RateLimiter>;

/**
 * The client-side request budget: the tenancy's requests a second per API family (`perSecond`, what OCI lets the
 * tenancy make before it answers 429) divided by the workers that run at once, so that many containers sweeping
 * together stay inside the tenancy's limit instead of each assuming it is alone. A burst of one second's share.
 * (Notifications keeps its own publish limiter, sized in messages a minute.)
 */
export function createApiBudget(perSecond: number, workers: number, clock: Clock): ApiBudget {
  const share = perSecond / Math.max(1, workers);
  const make = () => createRateLimiter(share * 60, clock, Math.max(1, Math.floor(share)));
  return { networking: make(), objectStorage: make(), identity: make(), queue: make() };
}

/** SDK operations: the request methods of a client (`getX`, `listX`, …), which each send one request. */
const OPERATION = /^(get|list|put|create|update|delete|publish|change|summarize|head)[A-Z]/;

/**
 * The client with every request method waiting for a permit first (until `deadline`: then it goes ahead and lets
 * the service throttle). The SDK's own retries of a request do not take another permit: they back off anyway.
 */
export function limitClient<T extends object>(client: T, limiter: RateLimiter, deadline: Date): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function" || typeof property !== "string" || !OPERATION.test(property))
        return value;
      return async (...args: unknown[]) => {
        await limiter.take(deadline);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
