import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What UNIVERGE IX (IX2215/IX3315, firmware 10.x) negotiates, as far as it could be verified:
 * - IKEv2 (`ikev2 profile` / interface `ikev2 …`): `sa-proposal enc aes-cbc-{128,192,256}`, `integrity
 *   sha1|sha2-256|sha2-384|sha2-512`, `dh 1024-bit|1536-bit|2048-bit|3072-bit`; `child-proposal enc` adds
 *   `aes-gcm-128-16` / `aes-gcm-256-16` (NEC command reference names, quoted in IX user write-ups).
 * - IKEv1 (`ike proposal` / `ipsec autokey-proposal`): `aes`, `aes-256`, `sha`, `sha2-256|384|512`, `1024-bit` …
 *   `2048-bit`; ESP `esp-aes`, `esp-aes-256` with `esp-sha` / `esp-sha2-256` (Oracle's IX guide, NEC FAQ).
 *   AES-192 and AES-GCM under IKEv1 could not be verified and are refused by the view.
 * No elliptic-curve groups appear in any of those sources, so groups 19/20/24 are not offered. POLICY routing is
 * not offered: the tunnels are route-based Tunnel interfaces.
 */
export const NEC_IX_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP"],
  ...ociOfferWithout({ dhGroups: [19, 20, 24], ciphers: ["aes-gcm-192"] }),
  natT: true,
  ipv6Inside: false,
  // The IX `key` argument is one word: a space would end it.
  psk: { minLength: 1, maxLength: 255, spaces: false, decodes: [] },
  interfaces: {
    pattern:
      /^(?:GigaEthernet\d{1,2}(?::\d{1,2})?|FastEthernet\d{1,2}(?:\/\d{1,2})?|BVI\d{1,3}|Tunnel\d{1,4}|Loopback\d{1,2})\.\d{1,4}$/,
    examples: ["GigaEthernet0.0", "GigaEthernet0.1", "GigaEthernet1.0", "BVI1.0"],
  },
};

const GROUP: Partial<Record<DhGroup, string>> = { 2: "1024-bit", 5: "1536-bit", 14: "2048-bit" };

/** `1536-bit` etc. (the capability table admits only groups that have a name here). */
export function ixGroup(g: DhGroup): string {
  const name = GROUP[g];
  if (!name) throw new RangeError(`DH group ${g} has no IX name`);
  return name;
}

/** IKEv2 `sa-proposal enc` / `child-proposal enc`: `aes-cbc-256`, `aes-gcm-256-16`. */
export function ikev2Cipher(c: Cipher): string {
  return c.mode === "gcm" ? `aes-gcm-${c.keyBits}-16` : `aes-cbc-${c.keyBits}`;
}

const IKEV2_INTEGRITY: Record<IkeIntegrity, string> = {
  sha1: "sha1",
  sha256: "sha2-256",
  sha384: "sha2-384",
};
const CHILD_INTEGRITY: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha1",
  "hmac-sha256-128": "sha2-256",
};

export function ikev2Integrity(i: IkeIntegrity): string {
  return IKEV2_INTEGRITY[i];
}

export function childIntegrity(i: Exclude<EspIntegrity, null>): string {
  return CHILD_INTEGRITY[i];
}

/** IKEv1 `ike proposal … encryption`: `aes-256` or `aes` (128); null when unverified (192). */
export function ikev1Cipher(c: Cipher): string | null {
  if (c.mode !== "cbc") return null;
  return c.keyBits === 256 ? "aes-256" : c.keyBits === 128 ? "aes" : null;
}

const IKEV1_HASH: Record<IkeIntegrity, string> = { sha1: "sha", sha256: "sha2-256", sha384: "sha2-384" };

export function ikev1Hash(i: IkeIntegrity): string {
  return IKEV1_HASH[i];
}

/** IKEv1 `ipsec autokey-proposal` ESP cipher: `esp-aes-256` / `esp-aes`; null when unverified. */
export function espCipher(c: Cipher): string | null {
  const name = ikev1Cipher(c);
  return name ? `esp-${name}` : null;
}

const ESP_AUTH: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "esp-sha",
  "hmac-sha256-128": "esp-sha2-256",
};

export function espAuth(i: Exclude<EspIntegrity, null>): string {
  return ESP_AUTH[i];
}
