import type { TunnelRecord } from "../../ports.ts";
import type { TunnelCondition } from "./health.ts";
import type { LiveTunnel } from "./live.ts";
import type { TunnelWatch } from "./types.ts";

/**
 * When a tunnel's current health began. OCI's `timeStatusUpdated` is believed when it is readable and not in
 * the future (beyond clock skew); otherwise the time tunnelsmith observed it.
 */

/** Statuses that mean the IPsec SA carries traffic (as in health.ts). */
const IPSEC_UP = new Set(["UP", "PARTIAL_UP"]);
/** How far in the future an OCI timestamp may be (clock skew) before it is not believed. */
const SKEW_MS = 60_000;

/** A point in time and where it came from. */
export interface Since {
  at: string;
  source: "oci" | "observed";
}

/** Whether the render recorded the tunnel carrying traffic (the recorded state a sweep compares with). */
export function renderedHealthy(rendered: TunnelRecord, tunnel: LiveTunnel): boolean {
  const ipsecUp = IPSEC_UP.has(rendered.status ?? "");
  return ipsecUp && (tunnel.routing !== "BGP" || rendered.bgpState === "UP");
}

/** OCI's time of the last IPsec status change, when it is a readable time not in the future. */
function statusTime(tunnel: LiveTunnel, now: Date): number | null {
  const t = Date.parse(tunnel.timeStatusUpdated ?? "");
  if (Number.isNaN(t) || t > now.getTime() + SKEW_MS) return null;
  return Math.min(t, now.getTime());
}

/** When a baseline's state began: OCI's status time for IPsec, otherwise now (BGP has no timestamp). */
export function startTime(tunnel: LiveTunnel, condition: TunnelCondition, now: Date): Since {
  const t = condition.down === "bgp" ? null : statusTime(tunnel, now);
  return t === null ? observedNow(now) : { at: new Date(t).toISOString(), source: "oci" };
}

/** When an observed change happened: OCI's status time if IPsec changed after the previous state began. */
export function changeTime(
  tunnel: LiveTunnel,
  condition: TunnelCondition,
  rec: TunnelWatch,
  now: Date,
): Since {
  const ipsecChanged = IPSEC_UP.has(rec.status ?? "") !== condition.ipsecUp;
  const t = ipsecChanged ? statusTime(tunnel, now) : null;
  if (t === null || t <= Date.parse(rec.since)) return observedNow(now);
  return { at: new Date(t).toISOString(), source: "oci" };
}

function observedNow(now: Date): Since {
  return { at: now.toISOString(), source: "observed" };
}
