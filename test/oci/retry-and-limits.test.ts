import { describe, expect, it } from "vitest";
import { createOciNotifier } from "../../shared/adapters/oci/notifier.ts";
import { createRateLimiter } from "../../shared/adapters/oci/rate-limiter.ts";
import { isRetryable, retryConfiguration } from "../../shared/adapters/oci/retry.ts";
import { fakeClock, T0 } from "./harness.ts";

describe("SDK retry configuration", () => {
  const context = (attemptCount: number) => ({ startTime: T0, attemptCount });

  it("retries throttling, 5xx and client-side failures, not answers like 404/409/412", () => {
    for (const status of [429, 500, 502, 503, 504]) expect(isRetryable({ statusCode: status })).toBe(true);
    expect(isRetryable({ code: "ECONNRESET", message: "socket hang up" })).toBe(true);
    for (const status of [400, 401, 404, 409, 412]) expect(isRetryable({ statusCode: status })).toBe(false);
  });

  it("backs off exponentially (jittered) up to the cap and stops after the configured attempts", () => {
    const clock = fakeClock();
    const policy = { maxAttempts: 4, maxDelaySeconds: 5, deadline: new Date(T0.getTime() + 600_000), clock };
    const at = (random: number) => {
      const config = retryConfiguration({ ...policy, random: () => random });
      return [0, 1, 2, 3, 4].map((n) => config.delayStrategy?.delay(context(n)));
    };
    // Steps 1, 2, 4, 5, 5 s; each wait lies between half and all of its step, as the jitter draws.
    expect(at(0)).toEqual([0.5, 1, 2, 2.5, 2.5]);
    expect(at(0.5)).toEqual([0.75, 1.5, 3, 3.75, 3.75]);
    const config = retryConfiguration(policy);
    // attemptCount counts the retries already made: with 4 attempts in all, the 4th failure ends it.
    expect([0, 1, 2, 3].map((n) => config.terminationStrategy?.shouldTerminate(context(n)))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it("never waits past the invocation's deadline", () => {
    const clock = fakeClock();
    const config = retryConfiguration({
      maxAttempts: 10,
      maxDelaySeconds: 8,
      deadline: new Date(T0.getTime() + 3_500),
      clock,
    });
    expect(config.terminationStrategy?.shouldTerminate(context(0))).toBe(false); // 1 s wait ends before it
    expect(config.terminationStrategy?.shouldTerminate(context(1))).toBe(false); // 2 s
    expect(config.terminationStrategy?.shouldTerminate(context(2))).toBe(true); // 4 s would pass it
    clock.advance(2_000);
    expect(config.terminationStrategy?.shouldTerminate(context(0))).toBe(false);
    expect(config.terminationStrategy?.shouldTerminate(context(1))).toBe(true);
  });
});

describe("Notifications publish rate", () => {
  it("lets a burst through, then spaces messages to the configured rate", async () => {
    const clock = fakeClock();
    // Jitter pinned to its low end: each wait is exactly what the next permit needs.
    const limiter = createRateLimiter(60, clock, 3, () => 0);
    const deadline = new Date(T0.getTime() + 600_000);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await limiter.take(deadline);
      times.push(clock.now().getTime() - T0.getTime());
    }
    expect(times).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it("does not wait past the deadline (the topic's 429 and the SDK's retries take over)", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(6, clock, 1);
    const deadline = new Date(T0.getTime() + 5_000);
    await limiter.take(deadline);
    await limiter.take(deadline);
    expect(clock.now().getTime() - T0.getTime()).toBe(0);
  });

  it("keeps a message under 64 KB by cutting the body", async () => {
    const sent: { title: string; body: string }[] = [];
    const client = {
      publishMessage: async (req: { messageDetails: { title: string; body: string } }) => {
        sent.push(req.messageDetails);
        return { publishResult: { messageId: "m1" } };
      },
    };
    const notifier = createOciNotifier({
      client: client as unknown as Parameters<typeof createOciNotifier>[0]["client"],
      topicId: "ocid1.onstopic.oc1..x",
      retry: {},
      limiter: createRateLimiter(60, fakeClock()),
      deadline: new Date(T0.getTime() + 60_000),
    });
    await notifier.publish({ title: "t".repeat(500), body: "設定".repeat(40_000) });
    expect(Buffer.byteLength(sent[0]?.body ?? "", "utf8")).toBeLessThanOrEqual(60_000);
    expect(sent[0]?.body.endsWith("(truncated to fit the 64 KB message limit)")).toBe(true);
    expect(sent[0]?.title.length).toBe(200);
  });
});
