import { routeMapNeighbors } from "../../model/bgp.ts";
import { tunnelNumber } from "../../model/slots.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { devicePsk } from "../../render/psk.ts";
import {
  childIntegrity,
  espAuth,
  espCipher,
  ikev1Cipher,
  ikev1Hash,
  ikev2Cipher,
  ikev2Integrity,
  ixGroup,
  NEC_IX_CAPABILITIES,
} from "./algorithms.ts";
import { checkIx, ikev2LocalId, ixInterface } from "./checks.ts";
import { asPathPrepend } from "./failover.ts";

/** IKEv1 objects of one tunnel (Oracle's IX IKEv1 template: ike proposal/policy, autokey-proposal/map). */
export interface IxIkev1 {
  proposal: string;
  policy: string;
  encryption: string;
  hash: string;
  group: string;
  lifetime: number;
  localId: string | null;
  natTraversal: boolean;
  espProposal: string;
  esp: string;
  espLifetime: number;
  map: string;
  /** ` pfs 1536-bit` or empty. */
  pfs: string;
}

/** IKEv2 profile of one tunnel, bound to its Tunnel interface with `ikev2 binding`. */
export interface IxIkev2 {
  profile: string;
  enc: string;
  integrity: string;
  group: string;
  lifetime: number;
  childEnc: string;
  childIntegrity: string | null;
  /** `1536-bit` or `off`. */
  childPfs: string;
  childLifetime: number;
  /** ` force` when OCI forces UDP encapsulation; null when NAT-T is disabled. */
  natTraversal: { force: string } | null;
  /** `ipv4 …`/`fqdn …` for `local-authentication psk id`, or null for the router's own address (see checks.ts). */
  localId: string | null;
}

export interface IxTunnel {
  n: number;
  iface: string;
  index: number;
  label: string;
  tunnelId: string;
  oracleIp: string;
  psk: string;
  dpdInterval: number;
  /** `ip address 192.168.254.1/30` or `ip unnumbered GigaEthernet1.0`. */
  address: string;
  mss: number;
  ikev1: IxIkev1 | null;
  ikev2: IxIkev2 | null;
}

export interface IxView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  accessList: string;
  anyIkev1: boolean;
  wan: string | null;
  /** The key registered for the IKEv2 local ID (both IKEv2 tunnels share it, checks.ts), or null. */
  ikev2LocalKey: { id: string; psk: string } | null;
  tunnels: IxTunnel[];
  ifaceList: string;
  staticRoutes: { cidr: string; iface: string; distance: number }[];
  bgp: IxBgp | null;
}

export interface IxBgp {
  asn: number;
  announceList: string;
  announce: { seq: number; cidr: string }[];
  /** `sets`: the route-map's `set` lines (tunnel 2's out map also prepends its AS path, see failover.ts). */
  routeMaps: { name: string; match: string | null; sets: string[] }[];
  neighbors: { ip: string; remoteAs: number; mapIn: string; mapOut: string }[];
  networks: string[];
}

function ikev1View(m: ConnectionModel, t: TunnelModel, n: number): IxIkev1 {
  const id = m.cpe.identity;
  const localId =
    id.type === "HOSTNAME" ? `fqdn ${id.value}` : id.value !== m.cpe.localIp ? `address ${id.value}` : null;
  const p2 = t.phase2;
  return {
    proposal: `oci-ike-prop${n}`,
    policy: `oci-ike-pol${n}`,
    encryption: ikev1Cipher(t.phase1.cipher) ?? "",
    hash: ikev1Hash(t.phase1.integrity),
    group: ixGroup(t.phase1.dhGroup),
    lifetime: t.phase1.lifetimeSec,
    localId,
    natTraversal: t.natT !== "DISABLED",
    espProposal: `oci-esp${n}`,
    esp: [espCipher(p2.cipher), p2.integrity ? espAuth(p2.integrity) : null].filter(Boolean).join(" "),
    espLifetime: p2.lifetimeSec,
    map: `oci-map${n}`,
    pfs: p2.pfsDhGroup === null ? "" : ` pfs ${ixGroup(p2.pfsDhGroup)}`,
  };
}

function ikev2View(m: ConnectionModel, t: TunnelModel, n: number): IxIkev2 {
  const p2 = t.phase2;
  return {
    profile: `oci-ikev2-${n}`,
    enc: ikev2Cipher(t.phase1.cipher),
    integrity: ikev2Integrity(t.phase1.integrity),
    group: ixGroup(t.phase1.dhGroup),
    lifetime: t.phase1.lifetimeSec,
    childEnc: ikev2Cipher(p2.cipher),
    // AES-GCM authenticates by itself: no child integrity line.
    childIntegrity: p2.cipher.mode === "cbc" && p2.integrity ? childIntegrity(p2.integrity) : null,
    childPfs: p2.pfsDhGroup === null ? "off" : ixGroup(p2.pfsDhGroup),
    childLifetime: p2.lifetimeSec,
    natTraversal: t.natT === "DISABLED" ? null : { force: t.natT === "ENABLED" ? " force" : "" },
    localId: ikev2LocalId(m),
  };
}

function tunnelView(m: ConnectionModel, t: TunnelModel, lan: string | null): IxTunnel {
  const n = tunnelNumber(m, t);
  return {
    n,
    iface: `Tunnel${n}.0`,
    index: t.index,
    label: t.label,
    tunnelId: t.id,
    oracleIp: t.oracleIp,
    psk: devicePsk(NEC_IX_CAPABILITIES.psk, t.psk),
    dpdInterval: Math.max(5, Math.floor(t.dpd.timeoutSec / 2)),
    address: t.bgp ? `ip address ${t.bgp.customerIp}/${t.bgp.prefixLength}` : `ip unnumbered ${lan ?? ""}`,
    mss: t.mss.mssIpv4,
    ikev1: t.ikeVersion === 1 ? ikev1View(m, t, n) : null,
    ikev2: t.ikeVersion === 2 ? ikev2View(m, t, n) : null,
  };
}

function bgpView(m: ConnectionModel): IxBgp | null {
  const [t1, t2] = m.tunnels;
  if (!t1.bgp || !t2.bgp) return null;
  const prefix = `oci-s${m.site.slot}`;
  const announceList = `${prefix}-announce`;
  return {
    asn: t1.bgp.customerAsn,
    announceList,
    announce: m.site.bgpAdvertise.map((cidr, i) => ({ seq: (i + 1) * 10, cidr })),
    // Tunnel 1 preferred: a higher local preference in; out, Oracle's IX template's lower MED plus a longer AS
    // path over tunnel 2, which is what Oracle honours (failover.ts).
    routeMaps: [
      { name: `${prefix}-t1-out`, match: announceList, sets: ["metric 100"] },
      {
        name: `${prefix}-t2-out`,
        match: announceList,
        sets: ["metric 200", asPathPrepend(t1.bgp.customerAsn)],
      },
      { name: `${prefix}-t1-in`, match: null, sets: ["local-preference 200"] },
      { name: `${prefix}-t2-in`, match: null, sets: ["local-preference 150"] },
    ],
    neighbors: routeMapNeighbors(m, prefix),
    networks: m.site.bgpAdvertise,
  };
}

function localKey(m: ConnectionModel, tunnels: IxTunnel[]): IxView["ikev2LocalKey"] {
  const id = ikev2LocalId(m);
  const psk = tunnels.find((t) => t.ikev2 !== null)?.psk;
  return id !== null && psk !== undefined ? { id, psk } : null;
}

/** Maps the model to the IX template's view; throws CapabilityError for what the IX rendering cannot do. */
export function necIxView(m: ConnectionModel): IxView {
  const wan = ixInterface(m, "wanInterface");
  const lan = ixInterface(m, "lanInterface");
  checkIx(m);
  const tunnels = m.tunnels.map((t) => tunnelView(m, t, lan));
  const isStatic = m.tunnels[0].routing === "STATIC";
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    accessList: `oci-sec${m.site.slot}`,
    anyIkev1: tunnels.some((t) => t.ikev1 !== null),
    wan,
    ikev2LocalKey: localKey(m, tunnels),
    tunnels,
    ifaceList: tunnels.map((t) => t.iface).join(", "),
    // Tunnel 1 at distance 10, tunnel 2 at 20: the IKEv2 Tunnel interface goes down with its SA (DPD), and the
    // route through tunnel 2 takes over.
    staticRoutes: isStatic
      ? m.oracleCidrs.flatMap((cidr) =>
          tunnels.map((t, i) => ({ cidr, iface: t.iface, distance: (i + 1) * 10 })),
        )
      : [],
    bgp: bgpView(m),
  };
}
