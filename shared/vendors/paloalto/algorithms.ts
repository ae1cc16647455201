import type { Cipher, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What PAN-OS 10.x/11.x negotiates, from its crypto profile enumerations: IKE DH groups 1, 2, 5, 14, 19, 20 (and
 * 15, 16, 21, which OCI does not offer) but not group 24; ESP AES-GCM with 128- or 256-bit keys only. POLICY
 * tunnels become proxy IDs on a route-based tunnel interface.
 */
export const PALOALTO_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP", "POLICY"],
  ...ociOfferWithout({ dhGroups: [24], ciphers: ["aes-gcm-192"] }),
  natT: true,
  ipv6Inside: false,
  // `pre-shared-key key "…"` is quoted and literal.
  psk: { minLength: 1, maxLength: 255, spaces: true, decodes: [] },
  interfaces: {
    pattern: /^(?:ethernet\d{1,2}\/\d{1,3}|ae\d{1,2}|vlan|loopback|tunnel)(?:\.\d{1,4})?$/,
    examples: ["ethernet1/1", "ethernet1/1.100", "ae1"],
  },
};

const IKE_HASH: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha256", sha384: "sha384" };
/** ESP `authentication sha256` is HMAC-SHA256-128 and `sha1` HMAC-SHA1-96; `none` goes with AES-GCM. */
const ESP_AUTH: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha1",
  "hmac-sha256-128": "sha256",
};

/** `aes-256-cbc`, `aes-128-gcm`: the crypto profiles' spelling. */
export function panCipher(c: Cipher): string {
  return `aes-${c.keyBits}-${c.mode}`;
}

export function ikeHash(t: TunnelModel): string {
  return IKE_HASH[t.phase1.integrity];
}

export function espAuthentication(t: TunnelModel): string {
  return t.phase2.integrity ? ESP_AUTH[t.phase2.integrity] : "none";
}

/** The IPsec crypto profile's `dh-group`: the PFS group, or `no-pfs`. */
export function pfsGroup(t: TunnelModel): string {
  return t.phase2.pfsDhGroup === null ? "no-pfs" : `group${t.phase2.pfsDhGroup}`;
}

/**
 * A crypto profile lifetime in the largest whole unit (`hours 8`, `minutes 90`, `seconds 3000`): the `seconds` and
 * `minutes` forms start at 180 s / 3 min, and `seconds` stops at 65535, so 86400 s must be written as `hours 24`.
 * Returns null for a lifetime PAN-OS cannot express.
 */
export function lifetimeSpec(seconds: number): string | null {
  if (seconds % 3600 === 0) return `hours ${seconds / 3600}`;
  if (seconds % 60 === 0 && seconds >= 180) return `minutes ${seconds / 60}`;
  if (seconds >= 180 && seconds <= 65535) return `seconds ${seconds}`;
  return null;
}
