import type { Cipher, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What FortiOS 7.x negotiates, from the `config vpn ipsec phase1-interface` / `phase2-interface` CLI reference:
 * phase 1 proposals `aes{128,192,256}-sha{1,256,384}`, DH groups 1 2 5 14–21 27–32 (no group 24); phase 2 adds
 * `aes128gcm` / `aes256gcm` (there is no AES-192-GCM proposal). All three routing types work: POLICY tunnels
 * become one phase 2 selector pair each on the same route-based phase 1 interface.
 */
export const FORTIGATE_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP", "POLICY"],
  ...ociOfferWithout({ dhGroups: [24], ciphers: ["aes-gcm-192"] }),
  natT: true,
  ipv6Inside: false,
  // `set psksecret` takes 6-128 characters and reads a leading 0x as hex (FortiOS CLI reference, vpn ipsec phase1-interface).
  psk: { minLength: 6, maxLength: 128, spaces: true, decodes: ["0x"] },
  interfaces: {
    // FortiOS interface names: up to 15 characters, no `/` (ports are named, not numbered by slot).
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/,
    examples: ["wan1", "port1", "internal", "vlan100"],
  },
};

const IKE_HASH: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha256", sha384: "sha384" };
/** FortiOS names ESP HMAC-SHA1-96 `sha1` and HMAC-SHA-256-128 `sha256`, as in phase 1. */
const ESP_HASH: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha1",
  "hmac-sha256-128": "sha256",
};

function gcm(c: Cipher): string {
  return `aes${c.keyBits}gcm`;
}

/** Phase 1 `set proposal`, e.g. `aes256-sha384`. */
export function phase1Proposal(t: TunnelModel): string {
  return `aes${t.phase1.cipher.keyBits}-${IKE_HASH[t.phase1.integrity]}`;
}

/** Phase 2 `set proposal`: `aes256gcm`, or `aes256-sha256` for CBC. */
export function phase2Proposal(t: TunnelModel): string {
  const { cipher, integrity } = t.phase2;
  if (cipher.mode === "gcm") return gcm(cipher);
  // CBC without integrity is refused by the view before this is called.
  if (integrity === null) throw new RangeError("AES-CBC phase 2 needs an integrity algorithm");
  return `aes${cipher.keyBits}-${ESP_HASH[integrity]}`;
}
