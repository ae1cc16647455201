import type { AlertState } from "./alert.ts";
import { renderedHealthy } from "./since.ts";
import {
  announce,
  baseline,
  changed,
  changeOf,
  counted,
  draft,
  isFlap,
  type Outcome,
  recorded,
  type Step,
  same,
  settledFlap,
  sinceOf,
  startOf,
} from "./step.ts";

/**
 * The tunnel watch's alert state machine as a table: (what the watch recorded × what it sees now) → (new record,
 * alert or none). `classify` names the row a look falls into; `TRANSITIONS` says what that row does. Keeping the
 * rows explicit is what lets a test enumerate every transition and lets a reader answer "when do we alert?"
 * without tracing nested branches.
 */

/** One row of the table. */
export interface Transition {
  /** The recorded state the row starts from. */
  from: "unseen" | "steady" | "flapping";
  /** What was observed (in words, for docs and tests). */
  observed: string;
  /** The alert the row sends, or null for none. */
  alert: AlertState | null;
  apply: (step: Step) => Outcome;
}

/** The names of the rows, in the order `classify` tries them. */
export type { Draft, Outcome, Step } from "./step.ts";

export type TransitionName =
  | "baseline-up"
  | "baseline-down-silent"
  | "baseline-down-alert"
  | "flap-held"
  | "flap-settled-up"
  | "flap-settled-down"
  | "alarm-confirms-down"
  | "no-change"
  | "flap-change-up"
  | "flap-change-down-escalate"
  | "flap-change-down-held"
  | "first-up"
  | "flap-start-up"
  | "recovered"
  | "flap-start-down"
  | "down";

/** Names the row a look falls into. Pure. */
export function classify(s: Step): TransitionName {
  const { rec, condition } = s;
  if (rec === undefined) {
    if (condition.healthy) return "baseline-up";
    const wasUp = s.rendered !== undefined && renderedHealthy(s.rendered, s.tunnel);
    return s.firing || wasUp ? "baseline-down-alert" : "baseline-down-silent";
  }
  if (rec.healthy === condition.healthy) {
    if (rec.flapping !== null) {
      const lastChange = Date.parse(rec.lastChangeAt ?? rec.since);
      if (s.now.getTime() - lastChange < s.holdMs) return "flap-held";
      return condition.healthy ? "flap-settled-up" : "flap-settled-down";
    }
    if (!condition.healthy && rec.announced === "none" && s.firing) return "alarm-confirms-down";
    return "no-change";
  }
  if (rec.flapping !== null) {
    if (condition.healthy) return "flap-change-up";
    return !s.flowing && !rec.flapping.trafficStopAnnounced
      ? "flap-change-down-escalate"
      : "flap-change-down-held";
  }
  if (condition.healthy) {
    if (rec.announced === "none") return "first-up";
    return isFlap(s, rec) ? "flap-start-up" : "recovered";
  }
  return isFlap(s, rec) ? "flap-start-down" : "down";
}

/** Runs the row `classify` picks. */
export function transition(s: Step): Outcome & { name: TransitionName } {
  const name = classify(s);
  return { name, ...TRANSITIONS[name].apply(s) };
}

/** The table. Each `apply` is only ever called for a step `classify` put in its row. */
export const TRANSITIONS: Readonly<Record<TransitionName, Transition>> = {
  "baseline-up": {
    from: "unseen",
    observed: "carries traffic",
    alert: null,
    apply: (s) => ({ record: baseline(s), draft: null }),
  },
  "baseline-down-silent": {
    from: "unseen",
    observed: "down, never seen up and no alarm (e.g. a CPE not configured yet)",
    alert: null,
    apply: (s) => ({ record: baseline(s), draft: null }),
  },
  "baseline-down-alert": {
    from: "unseen",
    observed: "down, and an alarm fires for it or the render recorded it up",
    alert: "DOWN",
    apply: (s) => {
      const start = startOf(s);
      return {
        record: { ...baseline(s), ...announce(s, "down"), outageSince: start.at, lastChangeAt: start.at },
        draft: draft("DOWN", start),
      };
    },
  },
  "flap-held": {
    from: "flapping",
    observed: "same health, not yet stable for the hold time",
    alert: null,
    apply: (s) => ({ record: same(s), draft: null }),
  },
  "flap-settled-up": {
    from: "flapping",
    observed: "up and stable for the hold time",
    alert: "RECOVERED",
    apply: (s) => {
      const rec = recorded(s);
      return {
        record: { ...same(s), flapping: null, ...announce(s, "up"), outageSince: null },
        draft: { ...draft("RECOVERED", sinceOf(rec)), ...settledFlap(s) },
      };
    },
  },
  "flap-settled-down": {
    from: "flapping",
    observed: "down and stable for the hold time",
    alert: "DOWN",
    apply: (s) => {
      const rec = recorded(s);
      return {
        record: { ...same(s), flapping: null, ...announce(s, "down") },
        draft: { ...draft("DOWN", sinceOf(rec)), ...settledFlap(s) },
      };
    },
  },
  "alarm-confirms-down": {
    from: "steady",
    observed: "still down, recorded without an alert, and now an alarm fires for it",
    alert: "DOWN",
    apply: (s) => {
      const rec = recorded(s);
      return {
        record: { ...same(s), ...announce(s, "down"), outageSince: rec.since, lastChangeAt: rec.since },
        draft: draft("DOWN", sinceOf(rec)),
      };
    },
  },
  "no-change": {
    from: "steady",
    observed: "same health (a REPEAT of an alarm included)",
    alert: null,
    apply: (s) => ({ record: same(s), draft: null }),
  },
  "flap-change-up": {
    from: "flapping",
    observed: "came back up while flapping",
    alert: null,
    apply: (s) => ({ record: { ...changed(s), flapping: counted(s) }, draft: null }),
  },
  "flap-change-down-escalate": {
    from: "flapping",
    observed: "went down while flapping, and no other tunnel carries traffic (first time)",
    alert: "DOWN",
    apply: (s) => {
      const change = changeOf(s);
      const flapping = counted(s);
      return {
        record: {
          ...changed(s),
          outageSince: change.at,
          flapping: { ...flapping, trafficStopAnnounced: true },
          announcedAt: s.now.toISOString(),
        },
        draft: {
          ...draft("DOWN", change),
          flap: { since: flapping.since, changes: flapping.changes },
          note: "this tunnel is flapping and no other tunnel carries traffic now: sent although flapping changes are held back",
        },
      };
    },
  },
  "flap-change-down-held": {
    from: "flapping",
    observed: "went down while flapping, traffic still flows (or the stop was already sent)",
    alert: null,
    apply: (s) => ({
      record: { ...changed(s), outageSince: changeOf(s).at, flapping: counted(s) },
      draft: null,
    }),
  },
  "first-up": {
    from: "steady",
    observed: "up for the first time (e.g. the CPE was just configured): nothing to recover",
    alert: null,
    apply: (s) => ({
      record: { ...changed(s), announced: "up", lastChangeAt: null, outageSince: null },
      draft: null,
    }),
  },
  "flap-start-up": {
    from: "steady",
    observed: "came back up within the hold time of the previous change",
    alert: "FLAPPING",
    apply: (s) => {
      const rec = recorded(s);
      const flap = { since: rec.outageSince ?? rec.since, changes: 2 };
      return {
        record: {
          ...changed(s),
          ...announce(s, "flapping"),
          flapping: { ...flap, trafficStopAnnounced: false },
        },
        draft: { ...draft("FLAPPING", changeOf(s)), flap },
      };
    },
  },
  recovered: {
    from: "steady",
    observed: "came back up",
    alert: "RECOVERED",
    apply: (s) => {
      const rec = recorded(s);
      const change = changeOf(s);
      const outageStart = rec.outageSince ?? rec.since;
      const outageMs = Date.parse(change.at) - Date.parse(outageStart);
      return {
        record: { ...changed(s), ...announce(s, "up"), outageSince: null },
        draft: { ...draft("RECOVERED", change), outageSeconds: Math.max(0, Math.round(outageMs / 1000)) },
      };
    },
  },
  "flap-start-down": {
    from: "steady",
    observed: "went down within the hold time of the previous change",
    alert: "FLAPPING",
    apply: (s) => {
      const rec = recorded(s);
      const change = changeOf(s);
      const flap = { since: rec.lastChangeAt ?? rec.since, changes: 2 };
      return {
        record: {
          ...changed(s),
          ...announce(s, "flapping"),
          outageSince: change.at,
          flapping: { ...flap, trafficStopAnnounced: !s.flowing },
        },
        draft: { ...draft("FLAPPING", change), flap },
      };
    },
  },
  down: {
    from: "steady",
    observed: "went down",
    alert: "DOWN",
    apply: (s) => {
      const change = changeOf(s);
      return {
        record: { ...changed(s), ...announce(s, "down"), outageSince: change.at },
        draft: draft("DOWN", change),
      };
    },
  },
};
