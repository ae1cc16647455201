import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What Cisco IOS XE 17.x negotiates by default. Since 17.11.1 the "compliance shield" refuses DH groups 1, 2, 5
 * (and 24 for IKEv2) in IKE proposals and `set pfs` unless `crypto engine compliance shield disable` is set and
 * the router reloaded (Cisco field notice FN72510): Oracle's default group 5 would stop negotiating after an
 * upgrade, so only 14/19/20 are offered and the capability check asks for custom OCI settings otherwise.
 * `esp-gcm` is documented with 128- and 256-bit keys only; AES-192-GCM is left out.
 */
export const CISCO_IOSXE_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  // POLICY would need crypto maps on the WAN interface; a VTI negotiates 0.0.0.0/0 selectors only.
  routing: ["STATIC", "BGP"],
  ...ociOfferWithout({ dhGroups: [2, 5, 24], ciphers: ["aes-gcm-192"] }),
  natT: true,
  ipv6Inside: false,
  // IOS keys are one word of up to 128 characters: a space would end the key (the rest becomes a parse error).
  psk: { minLength: 1, maxLength: 128, spaces: false, decodes: [] },
  interfaces: {
    pattern:
      /^(?:GigabitEthernet|Gi|TenGigabitEthernet|Te|TwentyFiveGigE|Twe|FortyGigabitEthernet|Fo|HundredGigE|Hu|FastEthernet|Fa|Ethernet|Et|Port-channel|Po|Dialer|Vlan|Cellular|Loopback|Lo|BDI|Virtual-PPP)\d+(?:\/\d+){0,3}(?:\.\d+)?$/i,
    examples: ["GigabitEthernet1", "Gi0/0/0", "Dialer1", "Vlan10"],
  },
};

/** `crypto ikev2 proposal` → `integrity`, and `crypto isakmp policy` → `hash` (IKEv1 calls SHA-1 `sha`). */
const IKEV2_INTEGRITY: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha256", sha384: "sha384" };
const ISAKMP_HASH: Record<IkeIntegrity, string> = { sha1: "sha", sha256: "sha256", sha384: "sha384" };

/** Transform-set HMACs: `esp-sha-hmac` is HMAC-SHA1-96, `esp-sha256-hmac` HMAC-SHA256-128. */
const ESP_HMAC: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "esp-sha-hmac",
  "hmac-sha256-128": "esp-sha256-hmac",
};

/** `encryption aes-cbc-256` in an IKEv2 proposal (phase 1 is always CBC with OCI). */
export function ikev2Encryption(c: Cipher): string {
  return `aes-${c.mode}-${c.keyBits}`;
}

export function ikev2Integrity(t: TunnelModel): string {
  return IKEV2_INTEGRITY[t.phase1.integrity];
}

/** `encryption aes 256` in a `crypto isakmp policy`. */
export function isakmpEncryption(c: Cipher): string {
  return `aes ${c.keyBits}`;
}

export function isakmpHash(t: TunnelModel): string {
  return ISAKMP_HASH[t.phase1.integrity];
}

/** The transform-set transforms: `esp-gcm 256`, or `esp-aes 256 esp-sha256-hmac` for CBC. */
export function transformSet(t: TunnelModel): string {
  const p = t.phase2;
  if (p.cipher.mode === "gcm") return `esp-gcm ${p.cipher.keyBits}`;
  const hmac = p.integrity ? ` ${ESP_HMAC[p.integrity]}` : "";
  return `esp-aes ${p.cipher.keyBits}${hmac}`;
}

/** `set pfs group20`, or null when PFS is off. */
export function pfsGroup(t: TunnelModel): string | null {
  const g: DhGroup | null = t.phase2.pfsDhGroup;
  return g === null ? null : `group${g}`;
}
