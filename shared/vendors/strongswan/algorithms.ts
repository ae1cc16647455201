import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { LINUX_INTERFACES } from "../../render/interfaces.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What strongSwan 5.9 (Debian bookworm: charon with the standard and extra plugins) negotiates. Unlike Libreswan it
 * still has modp1024 (group 2) and modp2048s256 (group 24), and it does elliptic-curve PFS with IKEv1 too. Every
 * spelling below is loaded by a real charon in test/syntax/strongswan.test.ts. Group 2 is weak; it is listed only
 * because OCI still offers it and strongSwan can match it.
 */
export const STRONGSWAN_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP", "POLICY"],
  ...ociOfferWithout(),
  natT: true,
  ipv6Inside: false,
  // swanctl.conf `secret`: a 0x prefix means hex and 0s base64, quoted or not (swanctl.conf(5), secrets section).
  psk: { minLength: 1, maxLength: 255, spaces: true, decodes: ["0x", "0s"] },
  interfaces: LINUX_INTERFACES,
};

/** strongSwan proposal keywords (swanctl.conf(5), "proposals"). */
const IKE_INTEGRITY: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha256", sha384: "sha384" };
/** In an ESP proposal `sha256` is HMAC-SHA2-256-128 (RFC 4868) and `sha1` HMAC-SHA1-96 (RFC 2404). */
const ESP_INTEGRITY: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha1",
  "hmac-sha256-128": "sha256",
};
const DH: Record<DhGroup, string> = {
  2: "modp1024",
  5: "modp1536",
  14: "modp2048",
  19: "ecp256",
  20: "ecp384",
  24: "modp2048s256",
};

/** `aes256` for CBC; `aes256gcm16` for GCM with the 16-byte ICV the MSS calculator assumes. */
function cipher(c: Cipher): string {
  return c.mode === "gcm" ? `aes${c.keyBits}gcm16` : `aes${c.keyBits}`;
}

/** `proposals =` (IKE), e.g. `aes256-sha384-modp1536`; the PRF follows the integrity algorithm. */
export function ikeProposal(t: TunnelModel): string {
  const p = t.phase1;
  return `${cipher(p.cipher)}-${IKE_INTEGRITY[p.integrity]}-${DH[p.dhGroup]}`;
}

/**
 * `esp_proposals =`, e.g. `aes256gcm16-modp1536`: the group is the PFS group used when the CHILD_SA is rekeyed
 * (IKEv2) or created in quick mode (IKEv1); without PFS there is none.
 */
export function espProposal(t: TunnelModel): string {
  const p = t.phase2;
  const parts = [cipher(p.cipher)];
  if (p.integrity) parts.push(ESP_INTEGRITY[p.integrity]);
  if (p.pfsDhGroup !== null) parts.push(DH[p.pfsDhGroup]);
  return parts.join("-");
}
