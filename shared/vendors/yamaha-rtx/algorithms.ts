import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What the RTX830 / RTX1220 (Rev.15) and RTX1300 (Rev.23) command set can express, from Yamaha's command
 * reference, chapter 15 "IPsec の設定" (15.22 ipsec ike encryption, 15.24 ipsec ike group, 15.25 ipsec ike hash,
 * 15.48.2 ipsec sa policy), taking what all three models accept:
 * - IKE encryption `aes-cbc` (AES-128) and `aes256-cbc`; AES-192 cannot be selected by command.
 * - IKE hash `sha`, `sha256`; `sha384`/`sha512` are RTX1300/RTX3510 only ("RTX1220、RTX830 では指定不可能").
 * - IKE groups `modp1024`, `modp1536`, `modp2048` only: no elliptic-curve groups (19, 20) and no group 24.
 * - ESP `aes-cbc` / `aes256-cbc` with `sha-hmac` / `sha256-hmac`: the manual lists no AES-GCM for ESP, so
 *   Oracle's default phase 2 (AES-256-GCM) must be replaced by custom phase 2 settings on the OCI tunnel.
 * POLICY routing is not offered: one RTX gateway carries one pair of phase 2 IDs (IKEv1) and IKEv2 ignores them.
 */
export const YAMAHA_RTX_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP"],
  ...ociOfferWithout({
    dhGroups: [19, 20, 24],
    ciphers: ["aes-gcm-256", "aes-gcm-192", "aes-gcm-128", "aes-cbc-192"],
    ikeIntegrity: ["sha384"],
  }),
  natT: true,
  ipv6Inside: false,
  // `pre-shared-key N text KEY` takes one word of up to 128 characters; a key with spaces is written as 0x hex.
  psk: { minLength: 1, maxLength: 128, spaces: true, decodes: [] },
  interfaces: {
    pattern: /^(?:lan\d{1,2}(?:[./]\d{1,4})?|pp\d{1,3}|vlan\d{1,4}|bridge\d{1,2}|tunnel\d{1,4})$/,
    examples: ["lan1", "lan2", "pp1", "lan1/1"],
  },
};

/** `ipsec ike encryption` and the ESP algorithm of `ipsec sa policy` share these names. */
const CIPHER: Partial<Record<Cipher["keyBits"], string>> = { 128: "aes-cbc", 256: "aes256-cbc" };
const IKE_HASH: Partial<Record<IkeIntegrity, string>> = { sha1: "sha", sha256: "sha256" };
const ESP_AUTH: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha-hmac",
  "hmac-sha256-128": "sha256-hmac",
};
const GROUP: Partial<Record<DhGroup, string>> = { 2: "modp1024", 5: "modp1536", 14: "modp2048" };

/** Looks a value up in a table the capability check has already narrowed; a miss is a bug, not user input. */
function named<K extends string | number>(table: Partial<Record<K, string>>, key: K, what: string): string {
  const name = table[key];
  if (name === undefined) throw new RangeError(`${what} ${key} has no Yamaha RTX name`);
  return name;
}

/** `aes256-cbc` / `aes-cbc`. */
export function rtxCipher(c: Cipher): string {
  return named(CIPHER, c.keyBits, "AES key size");
}

/** `sha256` / `sha`. */
export function rtxHash(h: IkeIntegrity): string {
  return named(IKE_HASH, h, "IKE hash");
}

/** `sha256-hmac` / `sha-hmac`. */
export function rtxEspAuth(i: Exclude<EspIntegrity, null>): string {
  return ESP_AUTH[i];
}

/** `modp1536` etc. */
export function rtxGroup(g: DhGroup): string {
  return named(GROUP, g, "DH group");
}
