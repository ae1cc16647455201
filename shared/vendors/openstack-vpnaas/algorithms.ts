import type { DhGroup, EspIntegrity, IkeIntegrity, TunnelModel } from "../../model/types.ts";
import type { CapabilityUpgrade, VendorCapabilities } from "../../render/capabilities.ts";
import { ANY_OCI_PSK } from "../../render/psk.ts";
import { releaseAtLeast } from "../../snapshot/openstack-release.ts";

/**
 * What Neutron VPNaaS accepts through the `openstack vpn …` CLI, by OpenStack release (`site.openstackRelease`).
 * The deployment it was modelled on is Fujitsu K5; without a release the table is what every release since Rocky
 * (neutron-vpnaas 13, 2018) takes, so the script works on whatever cloud the user has:
 * - encryption `aes-128|aes-192|aes-256` (CBC); integrity `sha256|sha384` (`sha384` since neutron-vpnaas 13).
 *   `sha1` is left out: neutron-vpnaas 29 removes it, so a tunnel using it would break on the next upgrade.
 * - the IKE policy's `pfs` is the phase 1 DH group (`group2|group5|group14`); the IPsec policy's `pfs` is always
 *   on (no "none").
 * - policy-based only (VPNaaS site connections are subnet ↔ CIDR selectors), so no BGP.
 *
 * What later releases add (checked against the projects' git history, Dec 2026):
 * - neutron-lib 3.9.0 (Nov 2023, the 2024.1 cycle) only *defines* the new API values ("vpnaas: add support for
 *   more ciphers", change Iba86fe9a). A 2024.1 service does not take them: neutron-vpnaas 24.0.0's database
 *   enums still stop at `group14` and `aes-256`. So 2024.1 gets the old table (issue 15 assumed 2024.1).
 * - neutron-vpnaas 26.0.0 = 2025.1 (Epoxy), "Add support for additional auth, encryption, PFS choices"
 *   (change I07f49d8e, release note additional-ciphers-cda989b9a5ff363d, needs neutron-lib ≥ 3.18.0): AES-CCM,
 *   AES-GCM (`aes-256-gcm-16` …), AES-CTR, and DH groups 15–31 (`group19` = ecp256, `group20` = ecp384 in the
 *   strongSwan and Libreswan drivers). DH 19/20 therefore from 2025.1.
 * - The Libreswan driver could not write the AEAD (GCM) names until neutron-vpnaas 28.0.0 = 2026.1 (Gazpacho),
 *   "Add dialect map to support AEAD algorithms with Libreswan" (bug 2127159, not backported to 2025.x). Which
 *   driver a cloud runs is not visible to its users, so AES-GCM needs 2026.1. With GCM both drivers leave the
 *   IPsec policy's `auth_algorithm` out of the ESP proposal (AEAD), so `sha256` is passed only as a valid value.
 * - The CLI: python-neutronclient 11.5.0 (first shipped with 2025.2; 2025.1's 11.4 still offers only
 *   `--pfs group2|group5|group14` and CBC, see docs.openstack.org/python-neutronclient/latest/cli/osc/v2/
 *   vpn-ike-policy.html for the current choices), change I3fd17b93. The script checks its client for every new
 *   value it passes and says which version to install.
 */
/** Why BGP is refused and what to use instead. */
export const BGP_ADVICE =
  "BGP routing needs a route-based tunnel, and Neutron VPNaaS site connections are policy-based (subnet ↔ CIDR " +
  "selectors). Set the OCI tunnels to STATIC or POLICY routing, or use a Linux CPE (libreswan, strongswan) for BGP.";

/** First release whose VPNaaS takes DH groups 19/20 (neutron-vpnaas 26.0.0). */
export const EC_GROUPS_RELEASE = "2025.1";
/** First release whose VPNaaS takes AES-GCM with every driver (neutron-vpnaas 28.0.0, Libreswan AEAD names). */
export const GCM_RELEASE = "2026.1";
/** The first python-neutronclient whose `openstack vpn … policy create` offers the new choices. */
export const NEW_CLIENT_VERSION = "11.5.0";

function releaseAdvice(release: string, what: string): string {
  return (
    `${what} needs OpenStack ${release} or later: if the cloud runs it, set site.openstackRelease to ` +
    `"${release}" (or tag the CPE tunnelsmith-openstack-release=${release}).`
  );
}

/** The capability table for a cloud running `release` (canonical `YYYY.N`), or the conservative one for null. */
export function vpnaasCapabilities(release: string | null): VendorCapabilities {
  const ec = release !== null && releaseAtLeast(release, EC_GROUPS_RELEASE);
  const gcm = release !== null && releaseAtLeast(release, GCM_RELEASE);
  const groups: DhGroup[] = ec ? [2, 5, 14, 19, 20] : [2, 5, 14];
  const upgrades: CapabilityUpgrade[] = [];
  if (!gcm) {
    upgrades.push({
      clears: /^phase 2 cipher aes-gcm-/,
      advice: releaseAdvice(GCM_RELEASE, "AES-GCM in phase 2"),
    });
  }
  if (!ec) {
    upgrades.push({
      clears: /^(?:phase 1 DH|PFS) group (?:19|20) /,
      advice: releaseAdvice(EC_GROUPS_RELEASE, "DH group 19/20"),
    });
  }
  return {
    ikeVersions: [1, 2],
    routing: ["STATIC", "POLICY"],
    phase1: {
      ciphers: ["aes-cbc-256", "aes-cbc-192", "aes-cbc-128"],
      integrity: ["sha384", "sha256"],
      dhGroups: groups,
    },
    phase2: {
      ciphers: [
        ...(gcm ? (["aes-gcm-256", "aes-gcm-192", "aes-gcm-128"] as const) : []),
        "aes-cbc-256",
        "aes-cbc-192",
        "aes-cbc-128",
      ],
      integrity: ["hmac-sha256-128"],
      pfsGroups: groups,
    },
    natT: true,
    ipv6Inside: false,
    // Neutron passes the key to its own IKE driver; the YAML and shell forms quote it.
    psk: ANY_OCI_PSK,
    interfaces: null,
    routingAdvice: { BGP: BGP_ADVICE },
    forSite: (site) => vpnaasCapabilities(site.openstackRelease),
    upgrades,
  };
}

/** The conservative table (no `site.openstackRelease`); each connection's own comes from `forSite`. */
export const OPENSTACK_VPNAAS_CAPABILITIES: VendorCapabilities = vpnaasCapabilities(null);

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
 * `openstack vpn ipsec policy create` settings for the tunnel's phase 2. AES-GCM is `aes-<bits>-gcm-16` (OCI's
 * GCM uses the 16-octet ICV); both drivers leave the auth algorithm out of an AEAD proposal, and `sha256` is
 * passed because the API always stores one (its old default, `sha1`, is gone from neutron-vpnaas 29).
 * `plan.ts` refuses PFS off before this is called.
 */
export function ipsecPolicySettings(t: TunnelModel, pfsGroup: DhGroup) {
  const { cipher, integrity } = t.phase2;
  const gcm = cipher.mode === "gcm";
  return {
    transformProtocol: "esp",
    encapsulationMode: "tunnel",
    encryptionAlgorithm: gcm ? `aes-${cipher.keyBits}-gcm-16` : `aes-${cipher.keyBits}`,
    authAlgorithm: integrity ? ESP_AUTH[integrity] : "sha256",
    pfs: group(pfsGroup),
    lifetime: t.phase2.lifetimeSec,
  } as const;
}

/** CLI values the 2025.1 and older clients refuse: the script checks its client offers each before using it. */
export function needsNewClient(value: string): boolean {
  return /-gcm-|^group(19|20)$/.test(value);
}
