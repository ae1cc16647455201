import { toLabel } from "../../model/label.ts";
import type { ConnectionState, TunnelRecord } from "../../ports.ts";
import type { AlertSeverity, AlertState, AlertTrigger, TunnelAlert, TunnelSide } from "./alert.ts";
import { conditionOf, type TunnelCondition } from "./health.ts";
import type { LiveConnection, LiveTunnel } from "./live.ts";
import { rotationInfo } from "./rotation-info.ts";
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

/** An alert decided for one tunnel, before the connection-wide facts are added. */
interface Draft {
  state: AlertState;
  since: string;
  sinceSource: "oci" | "observed";
  outageSeconds: number | null;
  flap: { since: string; changes: number } | null;
  note: string | null;
}

interface Context {
  now: Date;
  holdMs: number;
  firing: boolean;
  /** Some tunnel of the connection carries traffic after this look. */
  flowing: boolean;
}

/** Statuses that mean the IPsec SA carries traffic (as in health.ts). */
const IPSEC_UP = new Set(["UP", "PARTIAL_UP"]);
/** How far in the future an OCI timestamp may be (clock skew) before it is not believed. */
const SKEW_MS = 60_000;

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
    const ctx: Context = {
      now,
      holdMs: input.holdMs,
      firing: tunnel.vpnIp !== null && input.firingIps.has(tunnel.vpnIp),
      flowing,
    };
    const { record, draft } = decide(
      tunnel,
      condition,
      previous.get(tunnel.id),
      rendered.get(tunnel.id),
      ctx,
    );
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

function decide(
  tunnel: LiveTunnel,
  condition: TunnelCondition,
  rec: TunnelWatch | undefined,
  rendered: TunnelRecord | undefined,
  ctx: Context,
): { record: TunnelWatch; draft: Draft | null } {
  const nowIso = ctx.now.toISOString();
  const observed = {
    id: tunnel.id,
    oracleIp: tunnel.vpnIp,
    status: tunnel.status,
    bgpState: tunnel.bgp?.state ?? null,
    healthy: condition.healthy,
    down: condition.down,
    observedAt: nowIso,
  };

  if (rec === undefined) {
    const start = startTime(tunnel, condition, ctx.now);
    const record: TunnelWatch = {
      ...observed,
      since: start.at,
      sinceSource: start.source,
      lastChangeAt: null,
      announced: condition.healthy ? "up" : "none",
      announcedAt: null,
      outageSince: null,
      flapping: null,
    };
    const wasUp = rendered !== undefined && renderedHealthy(rendered, tunnel);
    if (condition.healthy || !(ctx.firing || wasUp)) return { record, draft: null };
    return {
      record: {
        ...record,
        announced: "down",
        announcedAt: nowIso,
        outageSince: start.at,
        lastChangeAt: start.at,
      },
      draft: draft("DOWN", start.at, start.source),
    };
  }

  if (rec.healthy === condition.healthy) {
    const record: TunnelWatch = { ...rec, ...observed };
    if (rec.flapping !== null) {
      const lastChange = Date.parse(rec.lastChangeAt ?? rec.since);
      if (ctx.now.getTime() - lastChange < ctx.holdMs) return { record, draft: null };
      // Stable for the hold time: one alert closes the flapping period.
      const flap = { since: rec.flapping.since, changes: rec.flapping.changes };
      const stable = `stopped flapping: stable since ${rec.since.replace(/\.\d{3}Z$/, "Z")} after ${flap.changes} changes`;
      if (condition.healthy) {
        return {
          record: { ...record, flapping: null, announced: "up", announcedAt: nowIso, outageSince: null },
          draft: { ...draft("RECOVERED", rec.since, rec.sinceSource), flap, note: stable },
        };
      }
      return {
        record: { ...record, flapping: null, announced: "down", announcedAt: nowIso },
        draft: { ...draft("DOWN", rec.since, rec.sinceSource), flap, note: stable },
      };
    }
    if (!condition.healthy && rec.announced === "none" && ctx.firing) {
      // Recorded down without an alert (never seen up), and now an alarm says it went down: believe the alarm.
      return {
        record: {
          ...record,
          announced: "down",
          announcedAt: nowIso,
          outageSince: rec.since,
          lastChangeAt: rec.since,
        },
        draft: draft("DOWN", rec.since, rec.sinceSource),
      };
    }
    return { record, draft: null };
  }

  const change = changeTime(tunnel, condition, rec, ctx.now);
  const record: TunnelWatch = {
    ...rec,
    ...observed,
    since: change.at,
    sinceSource: change.source,
    lastChangeAt: change.at,
  };
  const sincePrevious =
    rec.lastChangeAt === null ? null : Date.parse(change.at) - Date.parse(rec.lastChangeAt);
  const isFlap =
    ctx.holdMs > 0 && rec.announced !== "none" && sincePrevious !== null && sincePrevious < ctx.holdMs;

  if (rec.flapping !== null) {
    const flapping = { ...rec.flapping, changes: rec.flapping.changes + 1 };
    if (condition.healthy) return { record: { ...record, flapping }, draft: null };
    const outageSince = change.at;
    if (!ctx.flowing && !flapping.trafficStopAnnounced) {
      return {
        record: {
          ...record,
          outageSince,
          flapping: { ...flapping, trafficStopAnnounced: true },
          announcedAt: nowIso,
        },
        draft: {
          ...draft("DOWN", change.at, change.source),
          flap: { since: flapping.since, changes: flapping.changes },
          note: "this tunnel is flapping and no other tunnel carries traffic now: sent although flapping changes are held back",
        },
      };
    }
    return { record: { ...record, outageSince, flapping }, draft: null };
  }

  if (condition.healthy) {
    if (rec.announced === "none") {
      // Up for the first time (e.g. the CPE was just configured): nothing was reported, nothing to recover.
      return { record: { ...record, announced: "up", lastChangeAt: null, outageSince: null }, draft: null };
    }
    const outageStart = rec.outageSince ?? rec.since;
    if (isFlap) {
      const flap = { since: outageStart, changes: 2 };
      return {
        record: {
          ...record,
          announced: "flapping",
          announcedAt: nowIso,
          flapping: { ...flap, trafficStopAnnounced: false },
        },
        draft: { ...draft("FLAPPING", change.at, change.source), flap },
      };
    }
    return {
      record: { ...record, announced: "up", announcedAt: nowIso, outageSince: null },
      draft: {
        ...draft("RECOVERED", change.at, change.source),
        outageSeconds: Math.max(0, Math.round((Date.parse(change.at) - Date.parse(outageStart)) / 1000)),
      },
    };
  }

  if (isFlap && rec.lastChangeAt !== null) {
    const flap = { since: rec.lastChangeAt, changes: 2 };
    return {
      record: {
        ...record,
        announced: "flapping",
        announcedAt: nowIso,
        outageSince: change.at,
        flapping: { ...flap, trafficStopAnnounced: !ctx.flowing },
      },
      draft: { ...draft("FLAPPING", change.at, change.source), flap },
    };
  }
  return {
    record: { ...record, announced: "down", announcedAt: nowIso, outageSince: change.at },
    draft: draft("DOWN", change.at, change.source),
  };
}

function draft(state: AlertState, since: string, sinceSource: "oci" | "observed"): Draft {
  return { state, since, sinceSource, outageSeconds: null, flap: null, note: null };
}

function severityOf(state: AlertState, flowing: boolean, expected: boolean): AlertSeverity {
  if (state === "RECOVERED") return "INFO";
  if (!flowing) return "CRITICAL";
  return expected ? "INFO" : "WARNING";
}

/** Whether the render recorded the tunnel carrying traffic (the recorded state a sweep compares with). */
function renderedHealthy(rendered: TunnelRecord, tunnel: LiveTunnel): boolean {
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
function startTime(tunnel: LiveTunnel, condition: TunnelCondition, now: Date): Since {
  const t = condition.down === "bgp" ? null : statusTime(tunnel, now);
  return t === null ? observedNow(now) : { at: new Date(t).toISOString(), source: "oci" };
}

/** When an observed change happened: OCI's status time if IPsec changed after the previous state began. */
function changeTime(tunnel: LiveTunnel, condition: TunnelCondition, rec: TunnelWatch, now: Date): Since {
  const ipsecChanged = IPSEC_UP.has(rec.status ?? "") !== condition.ipsecUp;
  const t = ipsecChanged ? statusTime(tunnel, now) : null;
  if (t === null || t <= Date.parse(rec.since)) return observedNow(now);
  return { at: new Date(t).toISOString(), source: "oci" };
}

interface Since {
  at: string;
  source: "oci" | "observed";
}

function observedNow(now: Date): Since {
  return { at: now.toISOString(), source: "observed" };
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
