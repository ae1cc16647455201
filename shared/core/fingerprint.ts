import { createHash, createHmac } from "node:crypto";

/** SHA-256 of a text, hex: the content hash stored with every file and in `state.json`. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * A keyed fingerprint of a connection's PSKs: HMAC-SHA256 over `<tunnel id>=<psk>` lines in tunnel-id order.
 * It tells whether a stored file carries the current keys (PSK rotation compares it) without storing anything
 * a PSK can be recovered from: without the key even a short, guessable PSK cannot be tested offline.
 */
export function pskFingerprint(key: string, secrets: Readonly<Record<string, string>>): string {
  const lines = Object.keys(secrets)
    .sort()
    .map((tunnelId) => `${tunnelId}=${secrets[tunnelId]}`);
  return `hmac-sha256:${createHmac("sha256", key).update(lines.join("\n"), "utf8").digest("hex")}`;
}
