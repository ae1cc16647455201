import type { TunnelRecord } from "../../ports.ts";
import type { AlertState } from "./alert.ts";
import type { TunnelCondition } from "./health.ts";
import type { LiveTunnel } from "./live.ts";
import { changeTime, type Since, startTime } from "./since.ts";
import type { TunnelWatch } from "./types.ts";

/**
 * One look at one tunnel, and the record builders the alert transitions (`transitions.ts`) are made of.
 */

/** An alert decided for one tunnel, before the connection-wide facts are added. */
export interface Draft {
  state: AlertState;
  since: string;
  sinceSource: "oci" | "observed";
  outageSeconds: number | null;
  flap: { since: string; changes: number } | null;
  note: string | null;
}

/** What one look at one tunnel knows. */
export interface Step {
  tunnel: LiveTunnel;
  condition: TunnelCondition;
  /** What the watch recorded last time; undefined the first time it sees the tunnel. */
  rec: TunnelWatch | undefined;
  /** The tunnel as the last render recorded it. */
  rendered: TunnelRecord | undefined;
  now: Date;
  /** Flap hold time in ms (0: no flap handling). */
  holdMs: number;
  /** An alarm names this tunnel's headend as firing: evidence it went down. */
  firing: boolean;
  /** Some tunnel of the connection carries traffic after this look. */
  flowing: boolean;
}

/** The result of one transition. */
export interface Outcome {
  record: TunnelWatch;
  draft: Draft | null;
}

/** A change counts as a flap when it comes less than the hold time after an announced previous change. */
export function isFlap(s: Step, rec: TunnelWatch): boolean {
  if (s.holdMs <= 0 || rec.announced === "none" || rec.lastChangeAt === null) return false;
  return Date.parse(changeOf(s).at) - Date.parse(rec.lastChangeAt) < s.holdMs;
}

export function recorded(s: Step): TunnelWatch {
  if (s.rec === undefined) throw new Error("transition needs a recorded tunnel");
  return s.rec;
}

/** What this look saw, in the record's shape. */
function observed(s: Step) {
  return {
    id: s.tunnel.id,
    oracleIp: s.tunnel.vpnIp,
    status: s.tunnel.status,
    bgpState: s.tunnel.bgp?.state ?? null,
    healthy: s.condition.healthy,
    down: s.condition.down,
    observedAt: s.now.toISOString(),
  };
}

export function startOf(s: Step): Since {
  return startTime(s.tunnel, s.condition, s.now);
}

export function changeOf(s: Step): Since {
  return changeTime(s.tunnel, s.condition, recorded(s), s.now);
}

/** The first record of a tunnel. */
export function baseline(s: Step): TunnelWatch {
  const start = startOf(s);
  return {
    ...observed(s),
    since: start.at,
    sinceSource: start.source,
    lastChangeAt: null,
    announced: s.condition.healthy ? "up" : "none",
    announcedAt: null,
    outageSince: null,
    flapping: null,
  };
}

/** The record refreshed without a change of health. */
export function same(s: Step): TunnelWatch {
  return { ...recorded(s), ...observed(s) };
}

/** The record after a change of health. */
export function changed(s: Step): TunnelWatch {
  const change = changeOf(s);
  return { ...same(s), since: change.at, sinceSource: change.source, lastChangeAt: change.at };
}

export function announce(s: Step, announced: TunnelWatch["announced"]) {
  return { announced, announcedAt: s.now.toISOString() };
}

/** The flapping record with this change counted. */
export function counted(s: Step): NonNullable<TunnelWatch["flapping"]> {
  const flapping = flappingOf(s);
  return { ...flapping, changes: flapping.changes + 1 };
}

function flappingOf(s: Step): NonNullable<TunnelWatch["flapping"]> {
  const flapping = recorded(s).flapping;
  if (flapping === null) throw new Error("transition needs a flapping tunnel");
  return flapping;
}

/** The closing words of a flapping period that has been stable for the hold time. */
export function settledFlap(s: Step): Pick<Draft, "flap" | "note"> {
  const { since, changes } = flappingOf(s);
  const stableSince = recorded(s).since.replace(/\.\d{3}Z$/, "Z");
  return {
    flap: { since, changes },
    note: `stopped flapping: stable since ${stableSince} after ${changes} changes`,
  };
}

export function draft(state: AlertState, since: Since): Draft {
  return { state, since: since.at, sinceSource: since.source, outageSeconds: null, flap: null, note: null };
}

/** When the recorded health began, as a `Since`. */
export function sinceOf(rec: TunnelWatch): Since {
  return { at: rec.since, source: rec.sinceSource };
}
