import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { rtxCipher, rtxEspAuth, rtxGroup, rtxHash } from "./algorithms.ts";
import { checkRtx, rtxTunnelNumber } from "./checks.ts";

/** One `tunnel select N` block. Every value is a validated model value or a name from algorithms.ts. */
export interface RtxTunnel {
  n: number;
  index: number;
  label: string;
  tunnelId: string;
  /** `aes256-cbc sha256-hmac` for `ipsec sa policy N N esp …`. */
  esp: string;
  ikeVersion: 1 | 2;
  ikeLifetime: number;
  ipsecLifetime: number;
  ikeCipher: string;
  /** One group, or phase 1 and phase 2 groups for IKEv1 (15.24: the second is proposed in phase 2). */
  groups: string;
  hash: string;
  /** `dpd 10 3` (IKEv1, RFC 3706) or `rfc4306 10 3` (IKEv2 liveness check). */
  keepalive: string;
  localAddress: string;
  /** IKEv2 only: `198.51.100.10 ipv4-addr` or `vpn.example.com fqdn`. */
  localName: string | null;
  /** IKEv1 only: phase 2 IDs 0.0.0.0/0, the encryption domain of a route-based Oracle tunnel. */
  ikev1: boolean;
  /** `on`, `on force=on` or `off`. */
  natTraversal: string;
  pfs: "on" | "off";
  /** `text <key>`, or `0x<hex>` when the key has spaces (15.5 accepts both forms). */
  psk: string;
  remoteAddress: string;
  /** `ip tunnel address` / `ip tunnel remote address` for the BGP session, or null for STATIC. */
  inside: { local: string; remote: string } | null;
  mss: number;
}

export interface RtxView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  tunnels: RtxTunnel[];
  tunnelList: string;
  /** STATIC: one `ip route` per Oracle CIDR, tunnel 1 preferred, tunnel 2 as `weight 0` backup. */
  staticRoutes: { cidr: string; primary: number; backup: number }[];
  bgp: RtxBgp | null;
  /** Pass filters the WAN side needs, shown as comments (the user owns the interface's filter list). */
  filterHints: string[];
}

export interface RtxBgp {
  asn: number;
  oracleAsn: number;
  routerId: string;
  neighbors: { id: number; oracleIp: string; localIp: string; metric: number }[];
  importFilter: number;
  exportFilter: number;
  /** Space-separated `bgp import filter … equal` prefixes: exactly `site.bgpAdvertise`. */
  announce: string;
}

/**
 * 15.5: a `text` key is one word; a key with a space goes in hex (`0x…`). The length limit (128) is in the
 * capability table, checked before rendering.
 */
function pskArgument(t: TunnelModel): string {
  if (/^[A-Za-z0-9]+$/.test(t.psk)) return `text ${t.psk}`;
  return `0x${Buffer.from(t.psk, "ascii").toString("hex")}`;
}

function natTraversal(t: TunnelModel): string {
  if (t.natT === "DISABLED") return "off";
  // ENABLED on the OCI side means UDP encapsulation even without a NAT: force it here too.
  return t.natT === "ENABLED" ? "on force=on" : "on";
}

function groups(t: TunnelModel): string {
  const p1 = rtxGroup(t.phase1.dhGroup);
  const pfs = t.phase2.pfsDhGroup;
  if (t.ikeVersion === 1 && pfs !== null && pfs !== t.phase1.dhGroup) return `${p1} ${rtxGroup(pfs)}`;
  return p1;
}

function tunnelView(m: ConnectionModel, t: TunnelModel): RtxTunnel {
  const p2 = t.phase2;
  const esp = p2.integrity ? `${rtxCipher(p2.cipher)} ${rtxEspAuth(p2.integrity)}` : rtxCipher(p2.cipher);
  // Probe at half Oracle's DPD timeout, three misses: the RTX notices a dead headend before Oracle gives up.
  const interval = Math.min(600, Math.max(5, Math.floor(t.dpd.timeoutSec / 2)));
  const id = m.cpe.identity;
  return {
    n: rtxTunnelNumber(m, t),
    index: t.index,
    label: t.label,
    tunnelId: t.id,
    esp,
    ikeVersion: t.ikeVersion,
    ikeLifetime: t.phase1.lifetimeSec,
    ipsecLifetime: p2.lifetimeSec,
    ikeCipher: rtxCipher(t.phase1.cipher),
    groups: groups(t),
    hash: rtxHash(t.phase1.integrity),
    keepalive: `${t.ikeVersion === 1 ? "dpd" : "rfc4306"} ${interval} 3`,
    localAddress: m.cpe.localIp,
    localName: t.ikeVersion === 2 ? `${id.value} ${id.type === "HOSTNAME" ? "fqdn" : "ipv4-addr"}` : null,
    ikev1: t.ikeVersion === 1,
    natTraversal: natTraversal(t),
    pfs: p2.pfsDhGroup === null ? "off" : "on",
    psk: pskArgument(t),
    remoteAddress: t.oracleIp,
    inside: t.bgp ? { local: `${t.bgp.customerIp}/${t.bgp.prefixLength}`, remote: t.bgp.oracleIp } : null,
    mss: t.mss.mssIpv4,
  };
}

function bgpView(m: ConnectionModel, tunnels: RtxTunnel[]): RtxBgp | null {
  const [t1, t2] = m.tunnels;
  if (!t1.bgp || !t2.bgp) return null;
  const base = 1000 + m.site.slot * 10;
  return {
    asn: t1.bgp.customerAsn,
    oracleAsn: t1.bgp.oracleAsn,
    routerId: t1.bgp.customerIp,
    // MED 100 on tunnel 1 and 200 on tunnel 2, for peers that use it. Oracle picks the tunnel by AS path length
    // and does not document honouring MED; RTX announcements (`bgp import`) are per remote AS and both tunnels
    // face the same Oracle AS, so no per-tunnel prepend is possible: Oracle may return over either tunnel.
    neighbors: m.tunnels.flatMap((t, i) =>
      t.bgp
        ? [
            {
              id: tunnels[i]?.n ?? t.index,
              oracleIp: t.bgp.oracleIp,
              localIp: t.bgp.customerIp,
              metric: (i + 1) * 100,
            },
          ]
        : [],
    ),
    importFilter: base + 1,
    exportFilter: base + 2,
    announce: m.site.bgpAdvertise.join(" "),
  };
}

function filterHints(m: ConnectionModel): string[] {
  return m.tunnels.flatMap((t) => {
    const udp = t.natT === "DISABLED" ? "500" : "500,4500";
    const hints = [`${t.oracleIp} ${m.cpe.localIp} udp * ${udp}`];
    if (t.natT !== "ENABLED") hints.push(`${t.oracleIp} ${m.cpe.localIp} esp`);
    return hints;
  });
}

/** Maps the model to the RTX template's view; throws CapabilityError for what the RTX cannot do. */
export function yamahaRtxView(m: ConnectionModel): RtxView {
  checkRtx(m);
  const tunnels = m.tunnels.map((t) => tunnelView(m, t));
  const [first, second] = tunnels;
  if (!first || !second) throw new RangeError("a connection has two tunnels");
  const isStatic = m.tunnels[0].routing === "STATIC";
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    tunnels,
    tunnelList: tunnels.map((t) => t.n).join(", "),
    staticRoutes: isStatic ? m.oracleCidrs.map((cidr) => ({ cidr, primary: first.n, backup: second.n })) : [],
    bgp: bgpView(m, tunnels),
    filterHints: filterHints(m),
  };
}
