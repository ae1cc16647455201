import {
  constants,
  createCipheriv,
  createHash,
  createPublicKey,
  type KeyObject,
  pbkdf2Sync,
  publicEncrypt,
  randomBytes,
} from "node:crypto";
import { ValidationError } from "../errors.ts";

/**
 * Seals a PSK file to one CPE's public key so a leaked bundle link yields no key (issue 20.4). The format is
 * chosen so the CPE needs nothing but the `openssl` CLI (Debian 12: OpenSSL 3.0) and never puts a secret on a
 * command line (argv is world-readable in /proc):
 *
 *   line 1  `tunnelsmith-sealed-v1`
 *   line 2  `key-sha256 <hex>`: SHA-256 of the public key's DER (SubjectPublicKeyInfo), so a bundle sealed to a
 *           previous key fails with a clear message instead of a decrypt error
 *   line 3  base64 of RSA-OAEP(SHA-256, MGF1-SHA-256) over `<password hex>\n<plaintext sha256 hex>\n`
 *   line 4  base64 of `openssl enc -aes-256-cbc -pbkdf2 -iter 10000 -md sha256` output (`Salted__`, salt, body)
 *
 * The CPE unwraps line 3 with `openssl pkeyutl -decrypt`, decrypts line 4 with `openssl enc -d -pass file:`, and
 * compares the plaintext's SHA-256 with the one inside the OAEP block (OAEP is non-malleable, so the body cannot
 * be altered without the check failing). Who may seal is not the question here: the manifest's sha256 of the
 * sealed file, served from the bucket, is what makes the bundle authentic.
 */

/** First line of every sealed file; install.sh decides by it whether a file needs unsealing. */
export const SEALED_MAGIC = "tunnelsmith-sealed-v1";
/** PBKDF2 iterations `openssl enc -pbkdf2 -iter` uses on the CPE; the password is random, this is not a KDF for humans. */
export const SEAL_ITERATIONS = 10_000;
/** The smallest RSA key accepted from a CPE's status report. */
const MIN_RSA_BITS = 3072;

/** A public key reported by a CPE (PEM) that is not an RSA key of at least 3072 bits. */
export class SealKeyError extends ValidationError {
  constructor(message: string, options?: ErrorOptions) {
    super("SEAL_KEY_INVALID", "invalid CPE public key", [{ path: "publicKey", message }], options);
    this.name = "SealKeyError";
  }
}

/** Parses and checks the CPE's public key (PEM, as the agent reports it in status.json). */
export function parseSealKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new SealKeyError("the CPE's public key is not a PEM public key", { cause: error });
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== "rsa" || bits < MIN_RSA_BITS) {
    throw new SealKeyError(`the CPE's public key must be RSA with at least ${MIN_RSA_BITS} bits`);
  }
  return key;
}

/** SHA-256 (hex) of the key's DER SubjectPublicKeyInfo: what `openssl pkey -pubout -outform DER | sha256sum` prints. */
export function sealKeyId(key: KeyObject): string {
  return createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("hex");
}

/** Seals `plaintext` to `key` (see the module comment for the format). */
export function sealSecret(plaintext: string, key: KeyObject): string {
  const password = randomBytes(32).toString("hex");
  const digest = createHash("sha256").update(plaintext, "utf8").digest("hex");
  const wrapped = publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    Buffer.from(`${password}\n${digest}\n`, "utf8"),
  );
  // openssl enc -pbkdf2: PBKDF2-HMAC-SHA256(password, salt) yields the AES key (32 bytes) then the IV (16 bytes).
  const salt = randomBytes(8);
  const derived = pbkdf2Sync(password, salt, SEAL_ITERATIONS, 48, "sha256");
  const cipher = createCipheriv("aes-256-cbc", derived.subarray(0, 32), derived.subarray(32));
  const body = Buffer.concat([
    Buffer.from("Salted__", "ascii"),
    salt,
    cipher.update(plaintext, "utf8"),
    cipher.final(),
  ]);
  return [
    SEALED_MAGIC,
    `key-sha256 ${sealKeyId(key)}`,
    wrapped.toString("base64"),
    body.toString("base64"),
    "",
  ].join("\n");
}
