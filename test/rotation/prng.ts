/**
 * A small seeded PRNG (mulberry32) for tests: the same seed gives the same sequence on every run, so a failing
 * property-test case can be replayed from the seed printed with it. Not for keys.
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes from a seeded PRNG, as a `RandomSource`. */
export function seededBytes(seed: number): (count: number) => Uint8Array {
  const next = seeded(seed);
  return (count) => Uint8Array.from({ length: count }, () => Math.floor(next() * 256));
}

/** One of the items, chosen by the PRNG. */
export function pick<T>(next: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[Math.floor(next() * items.length)] as T;
}
