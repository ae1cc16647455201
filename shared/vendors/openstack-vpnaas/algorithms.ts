import type { DhGroup, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { VendorCapabilities } from "../../render/capabilities.ts";
import { ANY_OCI_PSK } from "../../render/psk.ts";

/**
 * What every OpenStack Neutron VPNaaS release since Rocky (neutron-vpnaas 13, 2018) accepts through the
 * `openstack vpn …` CLI, so the script works on whatever cloud the user has (the deployment it was modelled on is Fujitsu K5):
 * - encryption `aes-128|aes-192|aes-256` (CBC). AES-GCM (`aes-256-gcm-16`…) and DH groups 15-31 exist only from
 *   neutron-vpnaas 26 (2025.1) with python-neutronclient 2025.1; older CLIs refuse them (`--encryption-algorithm`
 *   choices are `3des aes-128 aes-192 aes-256`, `--pfs` choices `group2 group5 group14`), and the Libreswan
 *   driver needed a further fix (2026.1). So Oracle's default AES-256-GCM phase 2 is refused with the OCI
 *   custom settings to use instead.
 * - integrity `sha256|sha384` (`sha384` since neutron-vpnaas 13). `sha1` is left out: neutron-vpnaas 29 removes
 *   it, so a tunnel using it would break on the next upgrade.
 * - the IKE policy's `pfs` is the phase 1 DH group; the IPsec policy's `pfs` is always on (no "none").
 * - policy-based only (VPNaaS site connections are subnet ↔ CIDR selectors), so no BGP.
 */
/** Why BGP is refused and what to use instead. */
export const BGP_ADVICE =
  "BGP routing needs a route-based tunnel, and Neutron VPNaaS site connections are policy-based (subnet ↔ CIDR " +
  "selectors). Set the OCI tunnels to STATIC or POLICY routing, or use a Linux CPE (libreswan, strongswan) for BGP.";

export const OPENSTACK_VPNAAS_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "POLICY"],
  phase1: {
    ciphers: ["aes-cbc-256", "aes-cbc-192", "aes-cbc-128"],
    integrity: ["sha384", "sha256"],
    dhGroups: [2, 5, 14],
  },
  phase2: {
    ciphers: ["aes-cbc-256", "aes-cbc-192", "aes-cbc-128"],
    integrity: ["hmac-sha256-128"],
    pfsGroups: [2, 5, 14],
  },
  natT: true,
  ipv6Inside: false,
  // Neutron passes the key to its own IKE driver; the YAML and shell forms quote it.
  psk: ANY_OCI_PSK,
  interfaces: null,
  routingAdvice: { BGP: BGP_ADVICE },
};

const IKE_AUTH: Record<IkeIntegrity, string> = { sha1: "sha1", sha256: "sha256", sha384: "sha384" };

/** VPNaaS `sha256` for ESP is HMAC-SHA-256-128 (RFC 4868) in both the strongSwan and Libreswan drivers. */
const ESP_AUTH: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha256-128": "sha256",
  "hmac-sha1-96": "sha1",
};

function group(g: DhGroup): string {
  return `group${g}`;
}

/** `openstack vpn ike policy create` settings for the tunnel's phase 1. */
export function ikePolicySettings(t: TunnelModel) {
  return {
    ikeVersion: t.ikeVersion === 2 ? "v2" : "v1",
    phase1NegotiationMode: "main",
    encryptionAlgorithm: `aes-${t.phase1.cipher.keyBits}`,
    authAlgorithm: IKE_AUTH[t.phase1.integrity],
    pfs: group(t.phase1.dhGroup),
    lifetime: t.phase1.lifetimeSec,
  } as const;
}

/**
 * `openstack vpn ipsec policy create` settings for the tunnel's phase 2. The capability table only lets CBC
 * with an integrity algorithm and PFS through; `view.ts` refuses PFS off before this is called.
 */
export function ipsecPolicySettings(t: TunnelModel, pfsGroup: DhGroup) {
  const integrity = t.phase2.integrity;
  if (!integrity) throw new RangeError("AES-GCM reached the VPNaaS renderer"); // refused by the capability table
  return {
    transformProtocol: "esp",
    encapsulationMode: "tunnel",
    encryptionAlgorithm: `aes-${t.phase2.cipher.keyBits}`,
    authAlgorithm: ESP_AUTH[integrity],
    pfs: group(pfsGroup),
    lifetime: t.phase2.lifetimeSec,
  } as const;
}
