import type { LiveConnection, LiveTunnel } from "./live.ts";
import type { DownPart } from "./types.ts";

/** A tunnel's condition, derived from its IPsec status and (for BGP routing) its BGP state. */
export interface TunnelCondition {
  /** IPsec SA up (`UP`, or `PARTIAL_UP`: some of its SAs are up, so it carries traffic). */
  ipsecUp: boolean;
  /** BGP session up; null when the tunnel does not use BGP. */
  bgpUp: boolean | null;
  /** Carries traffic: IPsec up and, for BGP routing, BGP up (without routes nothing is sent into the tunnel). */
  healthy: boolean;
  down: DownPart | null;
  /** Oracle is maintaining the headend (`DOWN_FOR_MAINTENANCE`): nothing to fix on the CPE. */
  maintenance: boolean;
}

const IPSEC_UP = new Set(["UP", "PARTIAL_UP"]);

/**
 * Reads a tunnel's condition. OCI can report a BGP state of `UP` while IPsec is down (it is only refreshed
 * with the session), so "what is down" is IPsec whenever IPsec is down, and "both" only when BGP says so too.
 */
export function conditionOf(tunnel: LiveTunnel): TunnelCondition {
  const ipsecUp = IPSEC_UP.has(tunnel.status ?? "");
  const bgp = tunnel.routing === "BGP";
  const bgpUp = bgp ? tunnel.bgp?.state === "UP" : null;
  const healthy = ipsecUp && bgpUp !== false;
  let down: DownPart | null = null;
  if (!ipsecUp) down = bgp && bgpUp === false ? "both" : "ipsec";
  else if (bgpUp === false) down = "bgp";
  return { ipsecUp, bgpUp, healthy, down, maintenance: tunnel.status === "DOWN_FOR_MAINTENANCE" };
}

/** True when at least one tunnel of the connection carries traffic. */
export function trafficFlowing(connection: LiveConnection): boolean {
  return connection.tunnels.some((t) => conditionOf(t).healthy);
}

/** "IPsec", "BGP" or "IPsec and BGP", for messages. */
export function downText(down: DownPart | null, maintenance = false): string {
  if (down === null) return "nothing";
  if (maintenance)
    return down === "both" ? "IPsec and BGP (Oracle maintenance)" : "IPsec (Oracle maintenance)";
  return down === "ipsec" ? "IPsec" : down === "bgp" ? "BGP" : "IPsec and BGP";
}
