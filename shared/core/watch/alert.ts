import type { AlarmType } from "../../events/alarm.ts";
import type { LiveBgpSession } from "./live.ts";
import type { DownPart } from "./types.ts";

/** What an alert says happened to a tunnel. */
export type AlertState = "DOWN" | "RECOVERED" | "FLAPPING";

/** CRITICAL: no tunnel of the connection carries traffic; WARNING: redundancy lost; INFO: good news. */
export type AlertSeverity = "CRITICAL" | "WARNING" | "INFO";

/** What made tunnelsmith look. */
export type AlertTrigger =
  | { kind: "alarm"; type: AlarmType; title: string | null; timestamp: string | null }
  | { kind: "sweep" };

/** One tunnel of the connection as shown in an alert. */
export interface TunnelSide {
  /** 1 or 2: the position by tunnel OCID, as the rendered configs number them. */
  index: number;
  id: string;
  /** Sanitised display name. */
  label: string;
  oracleIp: string | null;
  cpeIp: string | null;
  status: string | null;
  bgpState: string | null;
  routing: string | null;
  ikeVersion: string | null;
  healthy: boolean;
  down: DownPart | null;
  maintenance: boolean;
  bgp: LiveBgpSession | null;
}

/** One alert about one tunnel: everything the message (text and JSON) is built from. No secrets. */
export interface TunnelAlert {
  state: AlertState;
  severity: AlertSeverity;
  connection: { id: string; label: string };
  tunnel: TunnelSide;
  /** The connection's other tunnel, or null when it has only one. */
  other: TunnelSide | null;
  /** True when at least one tunnel of the connection carries traffic now. */
  trafficFlowing: boolean;
  /** When the reported state began (ISO). */
  since: string;
  sinceSource: "oci" | "observed";
  /** RECOVERED: how long the outage lasted. */
  outageSeconds: number | null;
  /** FLAPPING (and the alert that ends it): since when, and how many changes were seen. */
  flap: { since: string; changes: number } | null;
  /** Why this alert went out although the tunnel was flapping or already reported, when that applies. */
  note: string | null;
  /** When tunnelsmith last rotated this tunnel's PSK (from state.json), or null when not recorded. */
  lastPskRotation: string | null;
  /** A PSK rotation of this tunnel is in progress: the tunnel is down on purpose until the CPE has the new key. */
  rotationInProgress: boolean;
  /** The vendors tunnelsmith rendered for this connection, for the device hints. */
  vendors: string[];
  detectedAt: string;
  trigger: AlertTrigger;
}

/** An alert as listed in a function response. */
export interface AlertSummary {
  state: AlertState;
  severity: AlertSeverity;
  connectionId: string;
  tunnelId: string;
  tunnelIndex: number;
  oracleIp: string | null;
  down: DownPart | null;
}

export function summarize(alert: TunnelAlert): AlertSummary {
  return {
    state: alert.state,
    severity: alert.severity,
    connectionId: alert.connection.id,
    tunnelId: alert.tunnel.id,
    tunnelIndex: alert.tunnel.index,
    oracleIp: alert.tunnel.oracleIp,
    down: alert.tunnel.down,
  };
}
