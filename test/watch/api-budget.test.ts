import { describe, expect, it } from "vitest";
import { createApiBudget, limitClient } from "../../shared/adapters/oci/api-budget.ts";
import type { Clock } from "../../shared/ports.ts";
import { seedFleet } from "./fleet.ts";
import { COMPARTMENT, useWatchHarness } from "./helpers.ts";

/**
 * A simulated clock for concurrent waiters: `sleep` resolves when simulated time reaches its end, earliest first,
 * so waits of different workers overlap as they would in real time (a plain fake clock would add them up).
 */
function simulatedClock() {
  let now = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const clock: Clock = {
    now: () => new Date(now),
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
  };
  /** Runs until every worker is done: whenever all are waiting, time jumps to the next wake-up. */
  async function run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((r) => setImmediate(r));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (next) {
        now = Math.max(now, next.at);
        next.resolve();
      }
    }
    return result;
  }
  return { clock, run };
}

/** The most calls in any window of `ms` ending at a call. */
const peak = (times: readonly number[], ms: number) =>
  Math.max(0, ...times.map((t) => times.filter((u) => u > t - ms && u <= t).length));

describe("the client-side request budget per API family", () => {
  it("keeps workers that sweep at once inside the tenancy's budget together", async () => {
    const { clock, run } = simulatedClock();
    const perSecond = 20;
    const workers = 4;
    const calls: number[] = [];
    const client = {
      async listIPSecConnectionTunnels() {
        calls.push(clock.now().getTime());
        return { items: [] };
      },
    };
    const deadline = new Date(3_600_000);
    // Each worker is its own container with its own budget: the tenancy's divided by the workers.
    const all = Array.from({ length: workers }, async () => {
      const limited = limitClient(client, createApiBudget(perSecond, workers, clock).networking, deadline);
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = 0; i < 25; i++) await limited.listIPSecConnectionTunnels();
        }),
      );
    });
    await run(Promise.all(all));
    expect(calls.length).toBe(800);
    // Over any 10 s: the budget's 200, plus each worker's one-second burst at most.
    expect(peak(calls, 10_000)).toBeLessThanOrEqual(perSecond * 10 + workers * (perSecond / workers));
    // And it is a pace, not a stop: 800 calls take about 40 s of the budget's time.
    const span = (Math.max(...calls) - Math.min(...calls)) / 1000;
    expect(span).toBeGreaterThanOrEqual((800 - perSecond) / perSecond / 1.01);
  });

  it("lets non-request members of a client through untouched", () => {
    const { clock } = simulatedClock();
    const client = { endpoint: "https://x.invalid", close: () => "closed" };
    const limited = limitClient(client, createApiBudget(1, 1, clock).networking, new Date(1000));
    expect(limited.endpoint).toBe("https://x.invalid");
    expect(limited.close()).toBe("closed");
  });
});

const h = useWatchHarness();

describe("the request budget in the OCI adapters (msw)", () => {
  it("paces a sweep's Networking calls to TUNNELSMITH_API_BUDGET_PER_SECOND", async () => {
    seedFleet(h, 12, COMPARTMENT);
    const start = h.clock.now().getTime();
    const out = await h.sweep(false, {
      TUNNELSMITH_API_BUDGET_PER_SECOND: "2",
      TUNNELSMITH_API_WORKERS: "1",
    });
    expect(out).toMatchObject({ checked: 12, failed: [] });
    const networking = h.fake.requests.filter((r) => r.service === "core").length;
    // 13 Networking calls (one list, twelve tunnel listings) at 2 a second after a burst of 2: at least 5.5 s.
    expect(networking).toBe(13);
    expect(h.clock.now().getTime() - start).toBeGreaterThanOrEqual(((networking - 2) / 2) * 1000);
  });
});
