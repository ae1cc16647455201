import { toLabel } from "../../model/label.ts";
import type { ConnectionState } from "../../ports.ts";
import type { AlertSeverity, AlertState, AlertTrigger, TunnelAlert, TunnelSide } from "./alert.ts";
import { conditionOf, type TunnelCondition } from "./health.ts";
import type { LiveConnection, LiveTunnel } from "./live.ts";
import { rotationInfo } from "./rotation-info.ts";
import { transition } from "./transitions.ts";
import type { TunnelWatch } from "./types.ts";

/** What the evaluator compares: the recorded state, the live read, and what triggered the look. */
export interface EvaluateInput {
  state: ConnectionState | null;
  live: LiveConnection;
  now: Date;
  /** Flap hold time in ms (0: no flap handling). */
  holdMs: number;
  /** Headend IPs a firing alarm (OK_TO_FIRING, REPEAT) names: explicit evidence that the tunnel went down. */
  firingIps: ReadonlySet<string>;
  trigger: AlertTrigger;
}

export interface Evaluation {
  /** The tunnels' new records for the `watch` section. */
  tunnels: TunnelWatch[];
  /** At most one alert per tunnel. */
  alerts: TunnelAlert[];
}

/**
 * Compares each live tunnel with what the watch recorded and decides what to tell people. Pure: the caller
 * reads, writes and publishes.
 *
 * - A tunnel seen for the first time is recorded as a baseline. It is alerted DOWN only when there is evidence
 *   that it went down (an alarm firing for it, or the render having recorded it up); a tunnel that has never
 *   been up (a new connection whose CPE is not configured yet) is recorded silently.
 * - A change of health (carries traffic / does not) gives DOWN or RECOVERED (with the outage's length).
 * - A change less than the hold time after the tunnel's previous change is a flap: one FLAPPING alert, then
 *   silence while it keeps changing; once it has been stable for the hold time, one alert closes it (RECOVERED
 *   or DOWN). Escalation is never held back: a flapping tunnel dropping while no other tunnel carries traffic is
 *   alerted once.
 * - No change gives no alert, whatever the trigger (a REPEAT of an alarm included).
 *
 * The rows are spelled out in `transitions.ts`.
 */
export function evaluateTunnels(input: EvaluateInput): Evaluation {
  const { state, live, now } = input;
  const previous = new Map((state?.watch?.tunnels ?? []).map((t) => [t.id, t]));
  const rendered = new Map((state?.tunnels ?? []).map((t) => [t.id, t]));
  const conditions = live.tunnels.map(conditionOf);
  const flowing = conditions.some((c) => c.healthy);
  const rotation = rotationInfo(state);
  const sides = live.tunnels.map((t, i) => toSide(t, i, conditions[i] ?? conditionOf(t)));
  const vendors = [...new Set((state?.files ?? []).map((f) => f.vendor))].sort();
  const connectionLabel = toLabel(live.displayName, "ipsec-connection");

  const tunnels: TunnelWatch[] = [];
  const alerts: TunnelAlert[] = [];
  live.tunnels.forEach((tunnel, i) => {
    const condition = conditions[i] ?? conditionOf(tunnel);
    const { record, draft } = transition({
      tunnel,
      condition,
      rec: previous.get(tunnel.id),
      rendered: rendered.get(tunnel.id),
      now,
      holdMs: input.holdMs,
      firing: tunnel.vpnIp !== null && input.firingIps.has(tunnel.vpnIp),
      flowing,
    });
    tunnels.push(record);
    const side = sides[i];
    if (draft === null || side === undefined) return;
    const rotating = rotation.inProgress === tunnel.id;
    alerts.push({
      ...draft,
      severity: severityOf(draft.state, flowing, condition.maintenance || rotating),
      connection: { id: live.id, label: connectionLabel },
      tunnel: side,
      other: sides.find((s) => s.index !== side.index) ?? null,
      trafficFlowing: flowing,
      lastPskRotation: rotation.lastRotated.get(tunnel.id) ?? null,
      rotationInProgress: rotating,
      vendors,
      detectedAt: now.toISOString(),
      trigger: input.trigger,
    });
  });
  return { tunnels, alerts };
}

function severityOf(state: AlertState, flowing: boolean, expected: boolean): AlertSeverity {
  if (state === "RECOVERED") return "INFO";
  if (!flowing) return "CRITICAL";
  return expected ? "INFO" : "WARNING";
}

function toSide(tunnel: LiveTunnel, i: number, condition: TunnelCondition): TunnelSide {
  return {
    index: i + 1,
    id: tunnel.id,
    label: toLabel(tunnel.displayName, `tunnel ${i + 1}`),
    oracleIp: tunnel.vpnIp,
    cpeIp: tunnel.cpeIp,
    status: tunnel.status,
    bgpState: tunnel.bgp?.state ?? null,
    routing: tunnel.routing,
    ikeVersion: tunnel.ikeVersion,
    healthy: condition.healthy,
    down: condition.down,
    maintenance: condition.maintenance,
    bgp: tunnel.bgp,
  };
}
