import { randomBytes } from "node:crypto";

/** OCI accepts letters, digits and spaces in a PSK; generated keys use letters and digits (no edge spaces to lose). */
export const PSK_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const PSK_MIN_LENGTH = 16;
export const PSK_MAX_LENGTH = 64;
export const PSK_DEFAULT_LENGTH = 32;

/** A source of uniformly random bytes (`crypto.randomBytes` in production; tests inject a scripted one). */
export type RandomSource = (count: number) => Uint8Array;

export const cryptoRandom: RandomSource = (count) => randomBytes(count);

/**
 * The largest multiple of the alphabet size that fits in a byte (62 × 4 = 248). A byte at or above it is thrown
 * away: `byte % 62` over all 256 values would make the first 256 − 248 = 8 characters more likely than the rest
 * (5/256 against 4/256). Below the bound every character has exactly 4 byte values, so each is equally likely.
 */
export const REJECT_FROM = Math.floor(256 / PSK_ALPHABET.length) * PSK_ALPHABET.length;

/**
 * A new pre-shared key: `length` characters drawn uniformly from {@link PSK_ALPHABET} by rejection sampling.
 * With 62 symbols each character carries log2(62) ≈ 5.95 bits: 32 characters ≈ 190 bits.
 */
export function generatePsk(
  length: number = PSK_DEFAULT_LENGTH,
  random: RandomSource = cryptoRandom,
): string {
  if (!Number.isInteger(length) || length < PSK_MIN_LENGTH || length > PSK_MAX_LENGTH) {
    throw new RangeError(`PSK length must be a whole number from ${PSK_MIN_LENGTH} to ${PSK_MAX_LENGTH}`);
  }
  let out = "";
  while (out.length < length) {
    // About 3 % of bytes are rejected; ask for a few more than needed so one draw usually suffices.
    const bytes = random(length - out.length + 8);
    if (bytes.length === 0) throw new Error("the random source returned no bytes");
    for (const byte of bytes) {
      if (byte >= REJECT_FROM) continue;
      out += PSK_ALPHABET[byte % PSK_ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}
