import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The API signing identity the tests use: a throw-away RSA key generated per test process, never committed. */
export interface TestIdentity {
  tenancy: string;
  user: string;
  fingerprint: string;
  /** `<tenancy>/<user>/<fingerprint>`, what a valid Authorization header names. */
  keyId: string;
  publicKey: KeyObject;
  /** An OCI CLI config file (profile DEFAULT, region ap-tokyo-1) pointing at the key. */
  configFile: string;
  region: string;
}

let cached: TestIdentity | undefined;

/** Generates (once per process) the RSA key pair and writes the config file and PEM into a temp folder. */
export function testIdentity(): TestIdentity {
  if (cached) return cached;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), "ts-oci-key-"));
  const keyFile = join(dir, "test-key.pem");
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  const der = publicKey.export({ type: "spki", format: "der" });
  const fingerprint = (createHash("md5").update(der).digest("hex").match(/../g) ?? []).join(":");
  const tenancy = "ocid1.tenancy.oc1..aaaaaaaatestenancy";
  const user = "ocid1.user.oc1..aaaaaaaatestuser";
  const region = "ap-tokyo-1";
  const configFile = join(dir, "config");
  writeFileSync(
    configFile,
    `[DEFAULT]\nuser=${user}\nfingerprint=${fingerprint}\ntenancy=${tenancy}\nregion=${region}\nkey_file=${keyFile}\n`,
    { mode: 0o600 },
  );
  cached = {
    tenancy,
    user,
    fingerprint,
    keyId: `${tenancy}/${user}/${fingerprint}`,
    publicKey,
    configFile,
    region,
  };
  return cached;
}
