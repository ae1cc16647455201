import { CapabilityError } from "../../errors.ts";
import { routeMapNeighbors } from "../../model/bgp.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { devicePsk } from "../../render/psk.ts";
import { FORTIGATE_CAPABILITIES, phase1Proposal, phase2Proposal } from "./algorithms.ts";
import { checkFortigate, fortigateInterfaces } from "./checks.ts";
import { asPathPrepend } from "./failover.ts";
import { IDS_PER_SLOT, idBase, slotPrefix, tunnelName } from "./names.ts";
import { cidrToAddressMask, prefixToMask } from "./net.ts";

export interface FortigatePhase2 {
  name: string;
  phase1name: string;
  proposal: string;
  pfs: "enable" | "disable";
  dhgrp: number | null;
  keylife: number;
  src: string;
  dst: string;
}

export interface FortigateTunnel {
  name: string;
  index: number;
  label: string;
  tunnelId: string;
  wan: string;
  ikeVersion: 1 | 2;
  ikev1: boolean;
  proposal: string;
  dhgrp: number;
  keylife: number;
  remoteGw: string;
  psk: string;
  dpdInterval: number;
  natTraversal: "enable" | "disable" | "forced";
  localId: { value: string; type: "address" | "fqdn" } | null;
  phase2s: FortigatePhase2[];
  /** BGP inside addresses for `config system interface`, or null. */
  inside: { ip: string; remoteIp: string } | null;
}

export interface FortigateRoute {
  id: number;
  dst: string;
  device: string | null;
  priority: number | null;
  blackhole: boolean;
  distance: number;
  comment: string;
}

export interface FortigateView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  idFirst: number;
  idLast: number;
  tunnels: FortigateTunnel[];
  lan: string;
  tunnelList: string;
  policies: { id: number; name: string; src: string; dst: string; comment: string }[];
  mss: number;
  routes: FortigateRoute[];
  bgp: FortigateBgp | null;
}

export interface FortigateBgp {
  asn: number;
  announceList: string;
  noDefaultList: string;
  announce: { id: number; prefix: string }[];
  /** `prepend`: ASNs for `set-aspath` (prepend) on tunnel 2's announcements, see failover.ts. */
  routeMaps: { name: string; matchList: string; set: string; prepend: string | null }[];
  neighbors: { ip: string; remoteAs: number; mapIn: string; mapOut: string }[];
  networks: { id: number; prefix: string }[];
}

function fail(message: string): never {
  throw new CapabilityError("fortigate", message);
}

function natTraversal(t: TunnelModel): FortigateTunnel["natTraversal"] {
  if (t.natT === "DISABLED") return "disable";
  return t.natT === "ENABLED" ? "forced" : "enable";
}

/** FortiGate sends its interface address as IKE identity; behind 1:1 NAT or with a FQDN it must be told. */
function localId(m: ConnectionModel): FortigateTunnel["localId"] {
  const id = m.cpe.identity;
  if (id.type === "HOSTNAME") return { value: id.value, type: "fqdn" };
  return id.value === m.cpe.localIp ? null : { value: id.value, type: "address" };
}

function phase2s(t: TunnelModel, name: string): FortigatePhase2[] {
  const common = {
    phase1name: name,
    proposal: phase2Proposal(t),
    pfs: t.phase2.pfsDhGroup === null ? ("disable" as const) : ("enable" as const),
    dhgrp: t.phase2.pfsDhGroup,
    keylife: t.phase2.lifetimeSec,
  };
  if (t.routing !== "POLICY") {
    // Route-based: Oracle's headend negotiates 0.0.0.0/0 both ways; routes decide what enters the tunnel.
    return [{ ...common, name, src: "0.0.0.0 0.0.0.0", dst: "0.0.0.0 0.0.0.0" }];
  }
  const pairs = t.encryptionDomain.cpe.flatMap((cpe) =>
    t.encryptionDomain.oracle.map((oracle) => ({ cpe, oracle })),
  );
  return pairs.map((p, i) => ({
    ...common,
    name: `${name}-p${i + 1}`,
    src: cidrToAddressMask(p.cpe),
    dst: cidrToAddressMask(p.oracle),
  }));
}

function tunnelView(m: ConnectionModel, t: TunnelModel, wan: string): FortigateTunnel {
  const name = tunnelName(m, t);
  return {
    name,
    index: t.index,
    label: t.label,
    tunnelId: t.id,
    wan,
    ikeVersion: t.ikeVersion,
    ikev1: t.ikeVersion === 1,
    proposal: phase1Proposal(t),
    dhgrp: t.phase1.dhGroup,
    keylife: t.phase1.lifetimeSec,
    remoteGw: t.oracleIp,
    psk: devicePsk(FORTIGATE_CAPABILITIES.psk, t.psk),
    // Probe at half Oracle's DPD timeout so a dead headend is noticed (and its routes withdrawn) quickly.
    dpdInterval: Math.max(5, Math.floor(t.dpd.timeoutSec / 2)),
    natTraversal: natTraversal(t),
    localId: localId(m),
    phase2s: phase2s(t, name),
    inside: t.bgp
      ? {
          ip: `${t.bgp.customerIp} 255.255.255.255`,
          remoteIp: `${t.bgp.oracleIp} ${prefixToMask(t.bgp.prefixLength)}`,
        }
      : null,
  };
}

/** Oracle networks routed into the tunnels: the connection's Oracle CIDRs, or the Oracle selectors for POLICY. */
function routedCidrs(m: ConnectionModel): string[] {
  if (m.routing === "BGP") return [];
  if (m.routing === "POLICY") return [...new Set(m.tunnels.flatMap((t) => t.encryptionDomain.oracle))];
  return m.oracleCidrs;
}

/**
 * Both tunnel routes share one distance so both stay in the routing table (FortiOS's reverse-path check then
 * accepts Oracle's asymmetric return traffic on either tunnel); the lower priority picks tunnel 1 while it is up.
 * A blackhole at distance 254 keeps the traffic from leaking to the Internet unencrypted when both are down.
 */
function staticRoutes(m: ConnectionModel, tunnels: FortigateTunnel[], base: number): FortigateRoute[] {
  const cidrs = routedCidrs(m);
  if (10 + cidrs.length * 3 > IDS_PER_SLOT)
    fail(`too many Oracle networks (${cidrs.length}); at most 29 per connection`);
  return cidrs.flatMap((cidr, i) => {
    const id = base + 10 + i * 3;
    const dst = cidrToAddressMask(cidr);
    const via = tunnels.map((t, k) => ({
      id: id + k,
      dst,
      device: t.name,
      priority: (k + 1) * 10,
      blackhole: false,
      distance: 10,
      comment: `OCI ${cidr} via tunnel ${t.index}`,
    }));
    return [
      ...via,
      {
        id: id + 2,
        dst,
        device: null,
        priority: null,
        blackhole: true,
        distance: 254,
        comment: `OCI ${cidr} discard when both tunnels are down`,
      },
    ];
  });
}

function bgpView(m: ConnectionModel, base: number): FortigateBgp | null {
  const [t1, t2] = m.tunnels;
  if (!t1.bgp || !t2.bgp) return null;
  const prefix = slotPrefix(m);
  if (10 + m.site.bgpAdvertise.length > IDS_PER_SLOT)
    fail("too many networks in site.bgpAdvertise (at most 89)");
  const announceList = `${prefix}-announce`;
  const noDefaultList = `${prefix}-no-default`;
  const neighbors = routeMapNeighbors(m, prefix);
  return {
    asn: t1.bgp.customerAsn,
    announceList,
    noDefaultList,
    announce: m.site.bgpAdvertise.map((cidr, i) => ({ id: i + 1, prefix: cidrToAddressMask(cidr) })),
    // Tunnel 1 preferred both ways: higher local preference for what Oracle sends over it; for what we announce,
    // a longer AS path over tunnel 2 (what Oracle honours, see failover.ts) and a lower MED over tunnel 1.
    routeMaps: [
      { name: `${prefix}-t1-out`, matchList: announceList, set: "set-metric 100", prepend: null },
      {
        name: `${prefix}-t2-out`,
        matchList: announceList,
        set: "set-metric 200",
        prepend: asPathPrepend(t1.bgp.customerAsn),
      },
      { name: `${prefix}-t1-in`, matchList: noDefaultList, set: "set-local-preference 200", prepend: null },
      { name: `${prefix}-t2-in`, matchList: noDefaultList, set: "set-local-preference 150", prepend: null },
    ],
    neighbors,
    networks: m.site.bgpAdvertise.map((cidr, i) => ({ id: base + 10 + i, prefix: cidrToAddressMask(cidr) })),
  };
}

/** Maps the model to the FortiOS CLI template's view; throws CapabilityError for what cannot be rendered. */
export function fortigateView(m: ConnectionModel): FortigateView {
  checkFortigate(m);
  const { wan, lan } = fortigateInterfaces(m);
  const base = idBase(m);
  const tunnels = m.tunnels.map((t) => tunnelView(m, t, wan));
  const tunnelList = tunnels.map((t) => `"${t.name}"`).join(" ");
  const prefix = slotPrefix(m);
  const routes = staticRoutes(m, tunnels, base);
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    idFirst: base + 1,
    idLast: base + IDS_PER_SLOT - 1,
    tunnels,
    lan,
    tunnelList,
    policies: [
      {
        id: base + 1,
        name: `${prefix}-to-oci`,
        src: `"${lan}"`,
        dst: tunnelList,
        comment: `to OCI: ${m.label}`,
      },
      {
        id: base + 2,
        name: `${prefix}-from-oci`,
        src: tunnelList,
        dst: `"${lan}"`,
        comment: `from OCI: ${m.label}`,
      },
    ],
    // One clamp for both directions and both tunnels: the smaller MSS fits whichever tunnel carries the flow.
    mss: m.mss.mssIpv4,
    routes,
    bgp: bgpView(m, base),
  };
}
