import { describe, expect, it } from "vitest";
import { mapLimit } from "../../shared/core/map-limit.ts";

/** A promise the test resolves or rejects by hand, to control the order in which work finishes. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("mapLimit", () => {
  it("keeps the items' order whatever order the work finishes in, and never runs more than the limit", async () => {
    const gates = [0, 1, 2, 3, 4].map(() => deferred<void>());
    let running = 0;
    let most = 0;
    const all = mapLimit([0, 1, 2, 3, 4], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await gates[n]?.promise;
      running--;
      return n * 10;
    });
    for (const n of [1, 0, 3, 2, 4]) {
      await tick();
      gates[n]?.resolve();
    }
    expect(await all).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(2);
  });

  it("on a failure starts nothing new, waits for the work already running, then throws the first error", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const slow = deferred<void>();
    const all = mapLimit([0, 1, 2, 3], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error("item 0 failed");
      await slow.promise;
      finished.push(n);
      return n;
    });
    await tick();
    slow.resolve();
    await expect(all).rejects.toThrow("item 0 failed");
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]);
  });

  it("returns an empty list for no items", async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
