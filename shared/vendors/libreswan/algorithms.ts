import { CapabilityError } from "../../errors.ts";
import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";

/** Libreswan spellings, checked with `ipsec algparse` on Libreswan 4.10. */
const IKE_INTEGRITY: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha2_256", sha384: "sha2_384" };
const ESP_INTEGRITY: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha1",
  "hmac-sha256-128": "sha2_256",
};
/** Libreswan 4 dropped modp1024 (group 2) and the RFC 5114 group 24: `algparse` says "not supported". */
const DH: Partial<Record<DhGroup, string>> = { 5: "modp1536", 14: "modp2048", 19: "dh19", 20: "dh20" };

const VENDOR = "libreswan";

function cipher(c: Cipher): string {
  return `aes_${c.mode}${c.keyBits}`;
}

function dh(group: DhGroup, what: string): string {
  const name = DH[group];
  if (!name) {
    throw new CapabilityError(VENDOR, `${what} uses DH group ${group}, which Libreswan 4 no longer supports; choose group 5, 14, 19 or 20`);
  }
  return name;
}

/** `ike=` value, e.g. `aes_cbc256-sha2_384;modp1536`. */
export function ikeAlgorithms(t: TunnelModel): string {
  const p = t.phase1;
  return `${cipher(p.cipher)}-${IKE_INTEGRITY[p.integrity]};${dh(p.dhGroup, `tunnel ${t.index} phase 1`)}`;
}

/** `phase2alg=` value, e.g. `aes_gcm256;modp1536`, or without `;group` when PFS is off. */
export function espAlgorithms(t: TunnelModel): string {
  const p = t.phase2;
  const integrity = p.integrity ? `-${ESP_INTEGRITY[p.integrity]}` : "";
  if (p.pfsDhGroup === null) return `${cipher(p.cipher)}${integrity}`;
  // Libreswan's IKEv1 only negotiates MODP groups for PFS (algparse: "not supported by IKEv1").
  if (t.ikeVersion === 1 && (p.pfsDhGroup === 19 || p.pfsDhGroup === 20)) {
    throw new CapabilityError(
      VENDOR,
      `tunnel ${t.index} uses IKEv1 with PFS group ${p.pfsDhGroup}, which Libreswan supports only with IKEv2; use IKEv2 or PFS group 5/14`,
    );
  }
  return `${cipher(p.cipher)}${integrity};${dh(p.pfsDhGroup, `tunnel ${t.index} PFS`)}`;
}
