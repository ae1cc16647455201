import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generatePsk,
  PSK_ALPHABET,
  type RandomSource,
  REJECT_FROM,
} from "../../shared/core/rotation/psk-generator.ts";
import { seededBytes } from "./prng.ts";

/** A source that serves the given bytes in order, then fails (so a test sees exactly what was consumed). */
function scripted(bytes: readonly number[]): RandomSource & { consumed: () => number } {
  let at = 0;
  const source = (count: number) => {
    if (at >= bytes.length) throw new Error("scripted source exhausted");
    const out = Uint8Array.from(bytes.slice(at, at + count));
    at += out.length;
    return out;
  };
  return Object.assign(source, { consumed: () => at });
}

/** Pearson's chi-square statistic of character counts against the uniform distribution over the alphabet. */
function chiSquare(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  const expected = text.length / PSK_ALPHABET.length;
  let sum = 0;
  for (const c of PSK_ALPHABET) sum += ((counts.get(c) ?? 0) - expected) ** 2 / expected;
  return sum;
}

/**
 * The chi-square bound for 61 degrees of freedom (62 symbols). A uniform generator exceeds 200 with probability
 * 1.1e-16 (scipy: chi2.sf(200, 61)), so the test cannot flake in practice. A generator with modulo bias
 * (`byte % 62`, 8 symbols at 5/256 instead of 4/256) has an expected statistic of about 878 over 124 000
 * characters and falls under 200 with probability below 1e-60, so the bound does catch that bias.
 */
const CHI_SQUARE_BOUND = 200;
const SAMPLE_KEYS = 3875; // × 32 = 124 000 characters, 2 000 expected per symbol

describe("PSK generator", () => {
  it("uses only OCI's allowed characters minus the space: letters and digits, 62 of them", () => {
    expect(PSK_ALPHABET).toMatch(/^[A-Za-z0-9]{62}$/);
    expect(new Set(PSK_ALPHABET).size).toBe(62);
    for (let i = 0; i < 200; i++) expect(generatePsk()).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it.each([16, 17, 32, 63, 64])("makes keys of length %i", (length) => {
    expect(generatePsk(length)).toHaveLength(length);
  });

  it.each([15, 65, 0, 32.5, Number.NaN])("refuses length %s", (length) => {
    expect(() => generatePsk(length)).toThrow(/PSK length must be a whole number from 16 to 64/);
  });

  it("rejects bytes from 248 up instead of folding them onto the first characters (no modulo bias)", () => {
    expect(REJECT_FROM).toBe(248);
    // 248..255 would be A..H under a plain `% 62`; they must be skipped, not mapped.
    const source = scripted([
      248,
      249,
      250,
      251,
      252,
      253,
      254,
      255,
      ...Array.from({ length: 40 }, (_, i) => i),
    ]);
    expect(generatePsk(16, source)).toBe(PSK_ALPHABET.slice(0, 16));
  });

  it("maps the 248 accepted byte values onto the 62 symbols exactly 4 times each", () => {
    // One byte per draw, so nothing is drawn and left unused: 4 keys of 62 characters consume the 8 rejected
    // values and then 0..247 exactly once (62 × 4 = 248 accepted).
    const source = scripted([
      248,
      249,
      250,
      251,
      252,
      253,
      254,
      255,
      ...Array.from({ length: 248 }, (_, i) => i),
    ]);
    let text = "";
    for (let i = 0; i < 4; i++) text += generatePsk(62, () => source(1));
    expect(source.consumed()).toBe(256);
    const counts = new Map<string, number>();
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(text).toHaveLength(248);
    expect([...counts.values()].every((n) => n === 4)).toBe(true);
    expect(counts.size).toBe(62);
  });

  it("draws from the injected source: a seeded source gives the same key, another seed another key", () => {
    expect(generatePsk(32, seededBytes(7))).toBe(generatePsk(32, seededBytes(7)));
    expect(generatePsk(32, seededBytes(7))).not.toBe(generatePsk(32, seededBytes(8)));
  });

  it("is uniform over the alphabet on crypto.randomBytes (chi-square, bound with ~1e-16 false-failure odds)", () => {
    let text = "";
    for (let i = 0; i < SAMPLE_KEYS; i++) text += generatePsk(32);
    expect(new Set(text).size).toBe(62);
    expect(chiSquare(text)).toBeLessThan(CHI_SQUARE_BOUND);
  });

  it("the same test catches modulo bias (so passing it means something)", () => {
    const biased = Array.from(randomBytes(SAMPLE_KEYS * 32), (b) => PSK_ALPHABET[b % 62]).join("");
    expect(chiSquare(biased)).toBeGreaterThan(CHI_SQUARE_BOUND);
  });
});
