/**
 * The `watch` section of a connection's `state.json`: what the tunnel watch last saw of each tunnel and what it
 * last told people, so alarms and sweeps alert on transitions only. No secrets: PSKs appear only as keyed
 * fingerprints (see `core/fingerprint.ts`).
 */

/** What is down on a tunnel: its IPsec SA, only its BGP session (IPsec up), or both. */
export type DownPart = "ipsec" | "bgp" | "both";

/** What the last alert about a tunnel said. `none`: recorded without an alert (e.g. down since it was created). */
export type Announced = "none" | "up" | "down" | "flapping";

/** One tunnel as the watch recorded it. */
export interface TunnelWatch {
  id: string;
  oracleIp: string | null;
  /** IPsec status and BGP state when last recorded. */
  status: string | null;
  bgpState: string | null;
  /** Carries traffic: IPsec up, and for BGP routing the BGP session up. */
  healthy: boolean;
  down: DownPart | null;
  /** When the current health began (ISO). */
  since: string;
  /** `oci`: `since` is OCI's `timeStatusUpdated`; `observed`: when tunnelsmith first saw it. */
  sinceSource: "oci" | "observed";
  /** When the watch last recorded this tunnel. */
  observedAt: string;
  /** The last observed change of health (ISO); null when only a baseline was recorded. */
  lastChangeAt: string | null;
  announced: Announced;
  announcedAt: string | null;
  /** Start of the current outage (kept while flapping), for the recovery message's duration. */
  outageSince: string | null;
  /** Set while the tunnel is flapping: its changes are not alerted one by one. */
  flapping: { since: string; changes: number; trafficStopAnnounced: boolean } | null;
}

/** The settings of one tunnel that the stored configs depend on, normalised to comparable strings. */
export interface TunnelFacts {
  id: string;
  oracleIp: string | null;
  routing: string | null;
  ikeVersion: string | null;
  phaseOne: string;
  phaseTwo: string;
  bgp: string | null;
  selectors: string | null;
  /** Keyed fingerprint of this tunnel's PSK; null without a fingerprint key. */
  pskFingerprint: string | null;
}

/** The drift baseline: the connection's config-relevant facts when its configs were last known to match. */
export interface ConnectionFacts {
  staticRoutes: string;
  tunnels: TunnelFacts[];
}

/** The `watch` section. */
export interface WatchSection {
  /** When the watch last wrote this section. */
  checkedAt: string;
  tunnels: TunnelWatch[];
  facts: ConnectionFacts | null;
  /** When `facts` was recorded; a render after it re-baselines them. */
  factsAt: string | null;
  /**
   * When the sweep last read the connection's PSKs for the drift check (they are read once a
   * TUNNELSMITH_PSK_CHECK_HOURS, after a render, or when a tunnel is down); absent: never.
   */
  pskCheckedAt?: string | null;
}
