import type { Cipher, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What VyOS 1.4 (sagitta) and 1.5 (circinus) accept, checked against their CLI definitions (vpn_ipsec.xml.in):
 * VyOS passes proposals to strongSwan, so every OCI algorithm and DH group works with IKEv1 and IKEv2. POLICY is
 * left out: VyOS's policy-based tunnels also need NAT exemptions and an MSS policy tied to your own rule numbers.
 */
export const VYOS_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP"],
  ...ociOfferWithout(),
  natT: true,
  ipv6Inside: false,
  // VyOS writes the secret into swanctl.conf, so strongSwan's 0x (hex) and 0s (base64) prefixes apply.
  psk: { minLength: 1, maxLength: 255, spaces: true, decodes: ["0x", "0s"] },
  interfaces: {
    pattern: /^(?:eth|bond|br|pppoe|wg|vtun|wlan|wwan|dum)\d{1,3}(?:\.\d{1,4}){0,2}$/,
    examples: ["eth0", "eth0.100", "pppoe0", "bond0"],
  },
};

const IKE_HASH: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha256", sha384: "sha384" };
/** strongSwan reads ESP `sha256` as HMAC-SHA256-128 (RFC 4868) and `sha1` as HMAC-SHA1-96. */
const ESP_HASH: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha1",
  "hmac-sha256-128": "sha256",
};

/**
 * `aes256` (CBC) or `aes256gcm128`: GCM with the 16-byte (128-bit) ICV that OCI uses and the MSS calculator assumes.
 */
export function vyosCipher(c: Cipher): string {
  return c.mode === "gcm" ? `aes${c.keyBits}gcm128` : `aes${c.keyBits}`;
}

export function ikeHash(t: TunnelModel): string {
  return IKE_HASH[t.phase1.integrity];
}

/**
 * The ESP proposal's `hash`. VyOS only writes a proposal that has both encryption and hash; with AES-GCM strongSwan
 * drops the integrity algorithm from an AEAD proposal, so `sha256` there only satisfies the CLI.
 */
export function espHash(t: TunnelModel): string {
  return t.phase2.integrity ? ESP_HASH[t.phase2.integrity] : "sha256";
}

/** `pfs dh-group20`, or `disable`. */
export function pfs(t: TunnelModel): string {
  return t.phase2.pfsDhGroup === null ? "disable" : `dh-group${t.phase2.pfsDhGroup}`;
}
