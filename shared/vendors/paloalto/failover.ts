import type { ConnectionModel } from "../../model/types.ts";

/**
 * Failover for PAN-OS tunnels with static routes (STATIC, and POLICY whose selectors are routed too). PAN-OS keeps a tunnel interface, and the static routes through it, up
 * while the tunnel's SA is down, so a dead tunnel keeps attracting traffic. With `site.monitorIp` (an address
 * in the VCN that answers ICMP) each tunnel gets a tunnel monitor with a monitor profile whose action is
 * `fail-over`: after {@link THRESHOLD} lost probes, {@link INTERVAL_SEC} s apart, the firewall takes the
 * tunnel interface down and its routes leave the table. A discard route for each Oracle network at metric 250
 * keeps traffic from leaking out of the default route unencrypted when both tunnels are out.
 * Without `site.monitorIp` failover is manual and the notes (and the notification, through the install hint)
 * say so. BGP tunnels need none of this: the session's hold timer withdraws a dead tunnel's routes.
 */

/** PAN-OS monitor profile limits: interval 2-10 s (default 3), threshold 2-10 (default 5). */
export const INTERVAL_SEC = 3;
export const THRESHOLD = 5;
/** Above the tunnel routes' metric 10, so it is used only when no tunnel route is left. */
const DISCARD_METRIC = 250;

export interface PanFailover {
  /** The monitor profile, or null without `site.monitorIp` (failover is then manual). */
  monitor: {
    profile: string;
    destination: string;
    interval: number;
    threshold: number;
    detectSec: number;
  } | null;
  manual: boolean;
  discardRoutes: { routeName: string; cidr: string; metric: number }[];
}

/** What the PAN-OS templates need for failover; null when every tunnel uses BGP. */
export function panFailover(m: ConnectionModel): PanFailover | null {
  const routed = m.tunnels.filter((t) => t.routing !== "BGP");
  if (routed.length === 0) return null;
  const networks = [
    ...new Set(routed.flatMap((t) => (t.routing === "POLICY" ? t.encryptionDomain.oracle : m.oracleCidrs))),
  ];
  const prefix = `OCI-S${m.site.slot}`;
  if (m.site.monitorIp === null) return { monitor: null, manual: true, discardRoutes: [] };
  return {
    monitor: {
      profile: `${prefix}-MONITOR`,
      destination: m.site.monitorIp,
      interval: INTERVAL_SEC,
      threshold: THRESHOLD,
      detectSec: INTERVAL_SEC * THRESHOLD,
    },
    manual: false,
    discardRoutes: networks.map((cidr, i) => ({
      routeName: `${prefix}-DISCARD${i + 1}`,
      cidr,
      metric: DISCARD_METRIC,
    })),
  };
}

/** The install hint of the set file: says when failover is manual, since the notification repeats hints. */
export function setFileHint(failover: PanFailover | null): string {
  const base = "ssh, configure, paste the set commands, then: validate full; commit";
  if (failover?.manual)
    return `${base}. Failover between the tunnels is MANUAL: set site.monitorIp (see the notes)`;
  if (failover?.monitor)
    return `${base}. First give each tunnel interface a source address (see the notes, Failover)`;
  return base;
}
