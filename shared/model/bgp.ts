import { CapabilityError } from "../errors.ts";
import type { BgpSession, ConnectionModel, TunnelModel } from "./types.ts";

/** The connection's BGP tunnels with their sessions, in tunnel order. */
export function bgpSessions(m: ConnectionModel): { t: TunnelModel; b: BgpSession }[] {
  return m.tunnels.flatMap((t) => (t.bgp ? [{ t, b: t.bgp }] : []));
}

/**
 * What a router's one BGP process is built from: the sessions, the customer ASN they share (refused otherwise,
 * see {@link sharedCustomerAsn}) and the router id (the first session's inside address); null without BGP.
 */
export function routerBgp(
  m: ConnectionModel,
  vendor: string,
  where: string,
): { sessions: { t: TunnelModel; b: BgpSession }[]; asn: number; routerId: string } | null {
  const sessions = bgpSessions(m);
  const first = sessions[0];
  if (!first) return null;
  sharedCustomerAsn(m, vendor, where);
  return { sessions, asn: first.b.customerAsn, routerId: first.b.customerIp };
}

/**
 * The one customer ASN both BGP tunnels use, or null without BGP. Every router runs one BGP process with one own
 * AS, so two OCI tunnels asking for different customer ASNs cannot both be configured: `vendor` refuses, saying
 * which of its commands holds the AS (`where`).
 */
export function sharedCustomerAsn(m: ConnectionModel, vendor: string, where: string): number | null {
  const asns = new Set(bgpSessions(m).map((s) => s.b.customerAsn));
  if (asns.size > 1) {
    throw new CapabilityError(vendor, `both BGP tunnels must use the same customer ASN (${where})`);
  }
  const [asn] = asns;
  return asn ?? null;
}

/**
 * One neighbor per BGP tunnel with the route maps a router applies to it, named `<prefix>-t<n>-in|out`: how
 * FortiGate and NEC IX attach tunnel 1's preference (and tunnel 2's AS-path prepend) to each Oracle session.
 */
export function routeMapNeighbors(
  m: ConnectionModel,
  prefix: string,
): { ip: string; remoteAs: number; mapIn: string; mapOut: string }[] {
  return bgpSessions(m).map(({ t, b }) => ({
    ip: b.oracleIp,
    remoteAs: b.oracleAsn,
    mapIn: `${prefix}-t${t.index}-in`,
    mapOut: `${prefix}-t${t.index}-out`,
  }));
}
