/**
 * A connection as read live (for the tunnel watch and `tunnelsmith status`): its tunnels' IPsec and BGP state
 * and the settings drift is checked on, and connections as a list call returns them. No secrets unless asked.
 */

/** A tunnel's BGP session as OCI reports it (`bgpSessionInfo`). */
export interface LiveBgpSession {
  /** `UP` or `DOWN` (IPv4 session); null when OCI reports none. */
  state: string | null;
  ipv6State: string | null;
  /** Inside addresses with their prefix, e.g. `192.168.254.2/30`. */
  oracleInterfaceIp: string | null;
  customerInterfaceIp: string | null;
  oracleBgpAsn: string | null;
  customerBgpAsn: string | null;
}

/** One tunnel as read now. No secrets. */
export interface LiveTunnel {
  id: string;
  displayName: string | null;
  /** Oracle headend IP; null while the tunnel is still provisioning. */
  vpnIp: string | null;
  cpeIp: string | null;
  /** IPsec status: `UP`, `DOWN`, `DOWN_FOR_MAINTENANCE`, `PARTIAL_UP`. */
  status: string | null;
  lifecycleState: string | null;
  /** When OCI last changed `status` (ISO), if it says. */
  timeStatusUpdated: string | null;
  /** `BGP`, `STATIC` or `POLICY`. */
  routing: string | null;
  /** `V1` or `V2`. */
  ikeVersion: string | null;
  bgp: LiveBgpSession | null;
  /**
   * The configured phase 1 / phase 2 settings (`phaseOneDetails` / `phaseTwoDetails` without the `negotiated…`
   * fields, which change at every rekey), as plain JSON for drift detection.
   */
  phaseOne: Record<string, unknown> | null;
  phaseTwo: Record<string, unknown> | null;
  /** POLICY routing's traffic selectors (`encryptionDomainConfig`). */
  encryptionDomain: { oracle: string[]; cpe: string[] } | null;
}

/** A connection and its tunnels (ordered by tunnel OCID, as the render flow numbers them). */
export interface LiveConnection {
  id: string;
  displayName: string | null;
  compartmentId: string | null;
  cpeId: string | null;
  lifecycleState: string | null;
  staticRoutes: string[];
  tunnels: LiveTunnel[];
  /** Tunnel id → PSK, only when asked for (drift detection); register each with `logger.addSecret`. */
  sharedSecrets: Record<string, string> | null;
}

/** A connection as a list call returns it. */
export interface ConnectionSummary {
  id: string;
  displayName: string | null;
  compartmentId: string;
  cpeId: string | null;
  lifecycleState: string | null;
  staticRoutes: string[];
}

/** What a live read found. */
export type LiveRead =
  | { status: "found"; connection: LiveConnection }
  /** Still PROVISIONING: its tunnels are down by nature and not watched yet. */
  | { status: "pending"; reason: string }
  /** 404, TERMINATING or TERMINATED. */
  | { status: "gone"; reason: string };

/** How to read a connection live. */
export interface LiveReadOptions {
  /** The connection as a list call already returned it (saves one read per connection in a sweep). */
  summary?: ConnectionSummary;
  /** Also read each tunnel's PSK (for the PSK drift check). */
  withSecrets?: boolean;
}
