/**
 * OCI phase 1/phase 2 settings → strongSwan proposal strings, written from the OCI enum spellings (reference:
 * oci-facts.md) and strongSwan's documented keywords — independently of the product's vendor tables.
 *
 * The headend proposes exactly one proposal per phase, so a CPE whose rendered algorithms differ from what OCI was told
 * fails to negotiate here, as it would against Oracle.
 */
import type { HeadendTunnel } from "./snapshot.ts";

/** Oracle's defaults when a phase is not custom (phase 1 DH group 5 as the sample CPEs use; PFS group 5). */
export const ORACLE_DEFAULT_IKE = "aes256-sha384-modp1536";
export const ORACLE_DEFAULT_ESP = "aes256gcm16-modp1536";

const DH_GROUPS: Record<string, string> = {
  GROUP2: "modp1024",
  GROUP5: "modp1536",
  GROUP14: "modp2048",
  GROUP19: "ecp256",
  GROUP20: "ecp384",
  GROUP24: "modp2048s256",
};

const P1_ENCRYPTION: Record<string, string> = {
  AES_256_CBC: "aes256",
  AES_192_CBC: "aes192",
  AES_128_CBC: "aes128",
};

const P1_AUTHENTICATION: Record<string, string> = {
  SHA2_384: "sha384",
  SHA2_256: "sha256",
  SHA1_96: "sha1",
};

/** AEAD ciphers carry their own integrity: no separate integrity keyword. */
const P2_AEAD: Record<string, string> = {
  AES_256_GCM: "aes256gcm16",
  AES_192_GCM: "aes192gcm16",
  AES_128_GCM: "aes128gcm16",
};

const P2_CBC: Record<string, string> = {
  AES_256_CBC: "aes256",
  AES_192_CBC: "aes192",
  AES_128_CBC: "aes128",
};

const P2_AUTHENTICATION: Record<string, string> = {
  HMAC_SHA2_256_128: "sha256",
  HMAC_SHA1_128: "sha1",
};

function lookup(table: Record<string, string>, key: string, what: string, tunnel: number): string {
  const value = table[key];
  if (value === undefined) throw new Error(`headend: tunnel ${tunnel}: unknown ${what} ${key}`);
  return value;
}

/** IKE (phase 1) proposal, e.g. `aes256-sha384-ecp384`. */
export function ikeProposal(t: HeadendTunnel): string {
  const p = t.phase1;
  if (!p.custom) return ORACLE_DEFAULT_IKE;
  const enc = lookup(P1_ENCRYPTION, p.encryption ?? "AES_256_CBC", "phase 1 encryption", t.index);
  const auth = lookup(P1_AUTHENTICATION, p.authentication ?? "SHA2_384", "phase 1 authentication", t.index);
  const dh = lookup(DH_GROUPS, p.dhGroup ?? "GROUP5", "phase 1 DH group", t.index);
  return `${enc}-${auth}-${dh}`;
}

/** ESP (phase 2) proposal, e.g. `aes256gcm16-modp1536`, without a DH group when PFS is off. */
export function espProposal(t: HeadendTunnel): string {
  const p = t.phase2;
  const pfs = p.pfs ? `-${lookup(DH_GROUPS, p.dhGroup ?? "GROUP5", "phase 2 PFS group", t.index)}` : "";
  if (!p.custom) return p.pfs && p.dhGroup === null ? ORACLE_DEFAULT_ESP : `aes256gcm16${pfs}`;
  const enc = p.encryption ?? "AES_256_GCM";
  const aead = P2_AEAD[enc];
  if (aead !== undefined) return `${aead}${pfs}`;
  const cbc = lookup(P2_CBC, enc, "phase 2 encryption", t.index);
  const auth = lookup(
    P2_AUTHENTICATION,
    p.authentication ?? "HMAC_SHA2_256_128",
    "phase 2 authentication",
    t.index,
  );
  return `${cbc}-${auth}${pfs}`;
}
