import { describe, expect, it } from "vitest";
import { listAll } from "../../shared/adapters/oci/paging.ts";
import { createRateLimiter } from "../../shared/adapters/oci/rate-limiter.ts";
import { fakeClock, T0 } from "../oci/harness.ts";

describe("listAll (the one paging loop of the runtime adapters)", () => {
  it("follows the next-page cursor until the service gives none, keeping the order", async () => {
    const pages: Record<string, { items: number[]; opcNextPage?: string }> = {
      first: { items: [1, 2], opcNextPage: "p2" },
      p2: { items: [3], opcNextPage: "p3" },
      p3: { items: [4, 5], opcNextPage: "" },
    };
    const asked: (string | undefined)[] = [];
    const all = await listAll(async (page: string | undefined) => {
      asked.push(page);
      return pages[page ?? "first"] ?? { items: [] };
    });
    expect(all).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, "p2", "p3"]);
  });
});

describe("the publish rate limiter's jittered wait", () => {
  it("waits at least what the next permit needs and less than twice that, as the jitter draws", async () => {
    const waitsFor = async (random: number) => {
      const clock = fakeClock();
      const limiter = createRateLimiter(60, clock, 1, () => random);
      const deadline = new Date(T0.getTime() + 600_000);
      await limiter.take(deadline);
      await limiter.take(deadline);
      return clock.now().getTime() - T0.getTime();
    };
    expect(await waitsFor(0)).toBe(1000);
    expect(await waitsFor(0.5)).toBe(1500);
    expect(await waitsFor(0.999)).toBe(1999);
  });
});
