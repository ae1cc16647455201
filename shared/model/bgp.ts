import { CapabilityError } from "../errors.ts";
import type { BgpSession, ConnectionModel, TunnelModel } from "./types.ts";

/** The connection's BGP tunnels with their sessions, in tunnel order. */
export function bgpSessions(m: ConnectionModel): { t: TunnelModel; b: BgpSession }[] {
  return m.tunnels.flatMap((t) => (t.bgp ? [{ t, b: t.bgp }] : []));
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
