import { createHash } from "node:crypto";
import { CapabilityError } from "../../errors.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { suggestOciSettings, tunnelError } from "../../render/capabilities.ts";
import { ocidSuffix } from "../routeros/names.ts";
import { assertSameRouting, requireSummary, unique } from "../routeros/selectors.ts";
import { BGP_ADVICE, ikePolicySettings, ipsecPolicySettings, vpnaasCapabilities } from "./algorithms.ts";

/**
 * The OpenStack objects one OCI connection needs, independent of output format: the script and the YAML file
 * are both rendered from this plan, so they always carry the same data.
 *
 * Policies and endpoint groups are named after a hash of their content: Neutron refuses to change a policy
 * that a site connection uses, and endpoint groups cannot be changed at all, so a changed setting must become a
 * new object. Site connections are named by tunnel index and carry a fingerprint of their settings in their
 * description; the script recreates one only when that fingerprint differs.
 */

const VENDOR = "openstack-vpnaas";

export type IkePolicyPlan = ReturnType<typeof ikePolicySettings> & { name: string };
export type IpsecPolicyPlan = ReturnType<typeof ipsecPolicySettings> & { name: string };

export interface EndpointGroupPlan {
  name: string;
  type: "cidr";
  endpoints: string[];
}

export interface SiteConnectionPlan {
  index: number;
  label: string;
  tunnelId: string;
  name: string;
  ikePolicy: string;
  ipsecPolicy: string;
  peerGroup: string;
  peerAddress: string;
  peerId: string;
  localId: string;
  psk: string;
  initiator: "bi-directional";
  mtu: number;
  dpd: { action: "restart"; interval: number; timeout: number };
  /** Hash of every setting above; stored in the connection's description to detect changes on re-runs. */
  fingerprint: string;
}

export interface VpnaasPlan {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  prefix: string;
  service: string;
  cpePublicIp: string;
  /** The address the router's gateway must have: the CPE IP, or site.localIp behind 1:1 NAT. */
  routerIp: string;
  routing: "STATIC" | "POLICY";
  /** TCP MSS for the tunnels (smallest of both); VPNaaS cannot clamp, so it is advice for the OpenStack side. */
  mss: number;
  /** The tunnel MTU that goes with {@link mss}. */
  tunnelMtu: number;
  /** On-premises networks OCI sends to this connection: each local subnet's CIDR must be one of them. */
  localCidrs: string[];
  ikePolicies: IkePolicyPlan[];
  ipsecPolicies: IpsecPolicyPlan[];
  peerGroups: EndpointGroupPlan[];
  connections: SiteConnectionPlan[];
}

function hash(value: unknown, length: number): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, length);
}

/** Routing checks the capability table cannot express, with what to do instead. */
function assertPolicyBased(m: ConnectionModel): void {
  for (const t of m.tunnels) {
    if (t.routing === "BGP") throw tunnelError(VENDOR, t, BGP_ADVICE);
  }
  assertSameRouting(VENDOR, m);
}

/** VPNaaS IPsec policies always use PFS (`--pfs` has no "none"); OCI must have PFS on as well. */
function pfsGroupOf(m: ConnectionModel, t: TunnelModel) {
  if (t.phase2.pfsDhGroup !== null) return t.phase2.pfsDhGroup;
  const caps = vpnaasCapabilities(m.site.openstackRelease);
  throw tunnelError(
    VENDOR,
    t,
    "PFS is off on the OCI tunnel, and Neutron VPNaaS IPsec policies always use PFS. " +
      `Set on the OCI tunnel instead: ${suggestOciSettings(caps, t.ikeVersion)}.`,
  );
}

/** On-premises networks each tunnel carries; both tunnels share one local endpoint group, so they must agree. */
function localCidrsOf(m: ConnectionModel): string[] {
  if (m.routing === "POLICY") {
    const [first, second] = m.tunnels.map((t) => [...t.encryptionDomain.cpe].sort().join(" "));
    if (first !== second) {
      throw new CapabilityError(
        VENDOR,
        "the two tunnels have different CPE traffic selectors, but one VPN service has one set of local " +
          "subnets: give both OCI tunnels the same cpeTrafficSelector list.",
      );
    }
    return unique(m.tunnels[0].encryptionDomain.cpe);
  }
  if (m.onPremCidrs.length === 0) {
    throw tunnelError(
      VENDOR,
      m.tunnels[0],
      "STATIC routing needs the on-premises networks in ipsecConnection.staticRoutes.",
    );
  }
  return unique(m.onPremCidrs);
}

function oracleCidrsOf(t: TunnelModel, m: ConnectionModel): string[] {
  if (t.routing === "POLICY") return unique(t.encryptionDomain.oracle);
  return [requireSummary(VENDOR, t, m.oracleCidrs, "the Oracle CIDRs")];
}

/** Builds the plan; throws CapabilityError for what VPNaaS cannot do. */
export function vpnaasPlan(m: ConnectionModel): VpnaasPlan {
  assertPolicyBased(m);
  const prefix = `oci-${ocidSuffix(m.id)}`;
  const localCidrs = localCidrsOf(m);
  const ike = new Map<string, IkePolicyPlan>();
  const ipsec = new Map<string, IpsecPolicyPlan>();
  const groups = new Map<string, EndpointGroupPlan>();

  const connections = m.tunnels.map((t): SiteConnectionPlan => {
    const ikeSettings = ikePolicySettings(t);
    const ikePlan = { name: `${prefix}-ike-${hash(ikeSettings, 8)}`, ...ikeSettings };
    ike.set(ikePlan.name, ikePlan);
    const ipsecSettings = ipsecPolicySettings(t, pfsGroupOf(m, t));
    const ipsecPlan = { name: `${prefix}-esp-${hash(ipsecSettings, 8)}`, ...ipsecSettings };
    ipsec.set(ipsecPlan.name, ipsecPlan);
    const endpoints = oracleCidrsOf(t, m);
    const group: EndpointGroupPlan = {
      name: `${prefix}-oracle-${hash(endpoints, 8)}`,
      type: "cidr",
      endpoints,
    };
    groups.set(group.name, group);
    // DPD probes at half Oracle's timeout; Neutron requires interval < timeout.
    const interval = Math.max(1, Math.floor(t.dpd.timeoutSec / 2));
    const settings = {
      ikePolicy: ikePlan.name,
      ipsecPolicy: ipsecPlan.name,
      peerGroup: group.name,
      peerAddress: t.oracleIp,
      peerId: t.oracleIp,
      localId: m.cpe.identity.type === "HOSTNAME" ? `@${m.cpe.identity.value}` : m.cpe.identity.value,
      psk: t.psk,
      initiator: "bi-directional" as const,
      mtu: t.mss.tunnelMtu,
      dpd: { action: "restart" as const, interval, timeout: Math.max(t.dpd.timeoutSec, interval + 1) },
    };
    return {
      index: t.index,
      label: t.label,
      tunnelId: t.id,
      name: `${prefix}-tunnel-${t.index}`,
      ...settings,
      fingerprint: hash(settings, 16),
    };
  });

  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    prefix,
    service: prefix,
    cpePublicIp: m.cpe.publicIp,
    routerIp: m.cpe.localIp,
    routing: m.routing === "POLICY" ? "POLICY" : "STATIC",
    mss: m.mss.mssIpv4,
    tunnelMtu: m.mss.tunnelMtu,
    localCidrs,
    ikePolicies: [...ike.values()],
    ipsecPolicies: [...ipsec.values()],
    peerGroups: [...groups.values()],
    connections,
  };
}
