import { describe, expect, it } from "vitest";
import { backoffDelay, backoffStep, createBackoff } from "../../shared/core/backoff.ts";

describe("backoff", () => {
  it("doubles from the first step and stops at the cap", () => {
    const steps = [0, 1, 2, 3, 4, 5].map((n) => backoffStep(n, { firstMs: 250, maxMs: 4000 }));
    expect(steps).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it("jitters each wait into [step/2, step)", () => {
    const low = backoffDelay(3, { firstMs: 100, maxMs: 10_000, random: () => 0 });
    const high = backoffDelay(3, { firstMs: 100, maxMs: 10_000, random: () => 0.999 });
    expect(low).toBe(400);
    expect(high).toBeGreaterThan(790);
    expect(high).toBeLessThan(800);
  });

  it("spreads waits of many callers that start together", () => {
    const delays = new Set(
      Array.from({ length: 50 }, () => backoffDelay(4, { firstMs: 1000, maxMs: 60_000 })),
    );
    expect(delays.size).toBeGreaterThan(10);
  });

  it("counts its attempts", () => {
    const b = createBackoff({ firstMs: 10, maxMs: 40, random: () => 0 });
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([5, 10, 20, 20]);
    expect(b.attempts).toBe(4);
  });
});
