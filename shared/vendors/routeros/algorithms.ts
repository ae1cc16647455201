import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";

/**
 * What MikroTik RouterOS v7 IPsec negotiates against OCI, from the RouterOS IPsec manual's profile/proposal
 * tables and a working RouterOS ↔ OCI tunnel (PPPoE, MTU 1454: aes-256 / sha384 / ecp384, proposal aes-256-gcm with
 * `auth-algorithms=""`, pfs modp1536).
 * - `hash-algorithm=sha384` is not in the manual's list but is accepted (that working tunnel, and lab reports on 7.24).
 * - DH group 24 (modp2048 with a 224-bit subgroup) has no RouterOS name, so it is not offered.
 * - BGP is not offered: RouterOS has no route-based (VTI/XFRM interface) IPsec, see `view.ts`.
 */
/** Why BGP is refused and what to use instead (the reasoning is in `view.ts`). */
export const BGP_REFUSAL =
  "BGP routing needs a route-based tunnel, and RouterOS v7 IPsec is policy-based only (no VTI): routes learned " +
  "over BGP would not be encrypted. Set the OCI tunnels to STATIC (one on-premises summary network and one " +
  "Oracle summary network) or POLICY routing, or terminate BGP tunnels on a Linux CPE (libreswan, strongswan).";

export const ROUTEROS_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "POLICY"],
  ...ociOfferWithout({ dhGroups: [24] }),
  natT: true,
  ipv6Inside: false,
  // `secret="…"` is quoted, but RouterOS still reads a leading 0x as hex.
  psk: { minLength: 1, maxLength: 255, spaces: true, decodes: ["0x"] },
  interfaces: {
    // RouterOS names interfaces freely (`ether1`, `pppoe-out1`, `vlan10`, `bridge`); no `/` or `:`.
    pattern: /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
    examples: ["ether1", "pppoe-out1", "vlan10", "bridge"],
  },
  routingAdvice: { BGP: BGP_REFUSAL },
};

/** RouterOS `dh-group` / `pfs-group` names; groups without a name are rejected by the capability table. */
const DH: Partial<Record<DhGroup, string>> = {
  2: "modp1024",
  5: "modp1536",
  14: "modp2048",
  19: "ecp256",
  20: "ecp384",
};

/** RouterOS `auth-algorithms` names for ESP: `sha1` is HMAC-SHA1-96, `sha256` is HMAC-SHA-256-128. */
const ESP_INTEGRITY: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha1-96": "sha1",
  "hmac-sha256-128": "sha256",
};

/** The profile's `hash-algorithm`: RouterOS spells them like the model does. */
const IKE_HASH: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha256", sha384: "sha384" };

function dh(group: DhGroup): string {
  const name = DH[group];
  if (!name) throw new RangeError(`DH group ${group} has no RouterOS name`); // excluded by the capability table
  return name;
}

/** RouterOS time value: `8h`, `1h`, `45m` or `90s`. */
export function routerosDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** `/ip ipsec profile` settings for phase 1, e.g. `enc-algorithm=aes-256 hash-algorithm=sha384 dh-group=ecp384`. */
export function profileAlgorithms(t: TunnelModel): { enc: string; hash: string; dhGroup: string } {
  const p = t.phase1;
  return { enc: `aes-${p.cipher.keyBits}`, hash: IKE_HASH[p.integrity], dhGroup: dh(p.dhGroup) };
}

/**
 * `/ip ipsec proposal` settings for phase 2. With GCM `auth-algorithms` must be empty: RouterOS refuses GCM
 * next to any value, including `null` ("AEAD already provides authentication"), and the working RouterOS tunnel uses `""`.
 */
export function proposalAlgorithms(t: TunnelModel): { enc: string; auth: string; pfsGroup: string } {
  const p = t.phase2;
  return {
    enc: espCipher(p.cipher),
    auth: p.integrity ? ESP_INTEGRITY[p.integrity] : "",
    pfsGroup: p.pfsDhGroup === null ? "none" : dh(p.pfsDhGroup),
  };
}

function espCipher(c: Cipher): string {
  return `aes-${c.keyBits}-${c.mode}`;
}
