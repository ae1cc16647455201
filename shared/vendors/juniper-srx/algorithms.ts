import type { Cipher, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What Junos on SRX Series (iked, 15.1X49 and later) negotiates: every DH group OCI offers including group 24,
 * AES-GCM in IPsec proposals, and policy-based peers through traffic selectors on a route-based st0 unit.
 */
export const JUNIPER_SRX_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP", "POLICY"],
  ...ociOfferWithout(),
  natT: true,
  ipv6Inside: false,
  // `pre-shared-key ascii-text "…"` is quoted and literal.
  psk: { minLength: 1, maxLength: 255, spaces: true, decodes: [] },
  interfaces: {
    // IKE external-interface and zones take a logical unit: `ge-0/0/0.0`, not `ge-0/0/0` or a Linux name.
    pattern:
      /^(?:(?:ge|xe|et|fe|mge)-\d{1,2}\/\d{1,2}\/\d{1,3}(?::\d{1,2})?|ae\d{1,3}|reth\d{1,3}|pp\d{1,2}|dl\d{1,2}|irb|vlan|lo0)\.\d{1,5}$/,
    examples: ["ge-0/0/0.0", "pp0.0", "reth0.0", "ae0.0", "irb.10"],
  },
};

/** `set security ike proposal … authentication-algorithm`. */
const IKE_AUTH: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha-256", sha384: "sha-384" };

/** `set security ipsec proposal … authentication-algorithm`. */
const ESP_AUTH: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "hmac-sha1-96",
  "hmac-sha256-128": "hmac-sha-256-128",
};

/** `aes-256-cbc`, `aes-128-gcm`: the same spelling in IKE and IPsec proposals. */
export function junosCipher(c: Cipher): string {
  return `aes-${c.keyBits}-${c.mode}`;
}

export function ikeAuthentication(t: TunnelModel): string {
  return IKE_AUTH[t.phase1.integrity];
}

/** The IPsec proposal's HMAC, or null with GCM (Junos rejects an authentication algorithm next to AES-GCM). */
export function espAuthentication(t: TunnelModel): string | null {
  return t.phase2.integrity ? ESP_AUTH[t.phase2.integrity] : null;
}
