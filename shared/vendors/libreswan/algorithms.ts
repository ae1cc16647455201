import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { LINUX_INTERFACES } from "../../render/interfaces.ts";
import { ociOfferWithout, withIkev1Pfs } from "../../render/oci-offer.ts";

/**
 * What Libreswan 4.10 negotiates, checked with `ipsec algparse`: modp1024 (group 2) and group 24 are gone, and
 * IKEv1 only does MODP groups for PFS ("ESP DH algorithm 'dh20' is not supported by IKEv1").
 */
export const LIBRESWAN_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP", "POLICY"],
  ...withIkev1Pfs(ociOfferWithout({ dhGroups: [2, 24] }), [5, 14]),
  natT: true,
  ipv6Inside: false,
  // ipsec.secrets: a quoted PSK "…" is taken literally; only an unquoted 0x…/0s… is decoded, and the template quotes.
  psk: { minLength: 1, maxLength: 255, spaces: true, decodes: [] },
  interfaces: LINUX_INTERFACES,
};

/** Libreswan spellings, checked with `ipsec algparse` on Libreswan 4.10. */
const IKE_INTEGRITY: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha2_256", sha384: "sha2_384" };
const ESP_INTEGRITY: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha1",
  "hmac-sha256-128": "sha2_256",
};
/** Libreswan names; groups it lacks are rejected by {@link LIBRESWAN_CAPABILITIES} before rendering. */
const DH: Partial<Record<DhGroup, string>> = { 5: "modp1536", 14: "modp2048", 19: "dh19", 20: "dh20" };

function cipher(c: Cipher): string {
  return `aes_${c.mode}${c.keyBits}`;
}

function dh(group: DhGroup): string {
  return DH[group] ?? `dh${group}`;
}

/** `ike=` value, e.g. `aes_cbc256-sha2_384;modp1536`. */
export function ikeAlgorithms(t: TunnelModel): string {
  const p = t.phase1;
  return `${cipher(p.cipher)}-${IKE_INTEGRITY[p.integrity]};${dh(p.dhGroup)}`;
}

/** `phase2alg=` value, e.g. `aes_gcm256;modp1536`, or without `;group` when PFS is off. */
export function espAlgorithms(t: TunnelModel): string {
  const p = t.phase2;
  const integrity = p.integrity ? `-${ESP_INTEGRITY[p.integrity]}` : "";
  if (p.pfsDhGroup === null) return `${cipher(p.cipher)}${integrity}`;
  return `${cipher(p.cipher)}${integrity};${dh(p.pfsDhGroup)}`;
}
