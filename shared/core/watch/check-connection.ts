import type { ConnectionState, Dependencies } from "../../ports.ts";
import { agentKeyAwaitingPin } from "../agent/key-reported.ts";
import { agentLinksDue } from "../agent/renew.ts";
import { acquireLease, type Lease, releaseByDeleting, releaseLease } from "../lease.ts";
import { readState } from "../state.ts";
import type { AlertTrigger, TunnelAlert } from "./alert.ts";
import { checkDrift, type DriftFinding, keepPskFingerprints, pskCheckDue, wantsPskCheck } from "./drift.ts";
import { evaluateTunnels } from "./evaluate.ts";
import { conditionOf } from "./health.ts";
import { type ConnectionSummary, type LiveConnection, tunnelReaderOf } from "./live.ts";
import { watchSettingsOf } from "./settings.ts";
import type { ConnectionFacts, WatchSection } from "./types.ts";

/** What to check on one connection. */
export interface CheckRequest {
  connectionId: string;
  /** From the sweep's list call (saves a read). */
  summary?: ConnectionSummary;
  /** Headend IPs an alarm names for this connection (reported when no tunnel has them). */
  namedIps: readonly string[];
  /** Of those, the ones the alarm says are firing. */
  firingIps: ReadonlySet<string>;
  trigger: AlertTrigger;
  /** The sweep also looks for drift (and connections waiting for a render). */
  drift: boolean;
}

/** Why the sweep renders a connection again. */
export interface RerenderNeed extends DriftFinding {
  /** The render trigger's "what" (the notification says the connection "was <what>"). */
  what: string;
  /** The facts to record as the new baseline once the render succeeded (drift only). */
  facts: ConnectionFacts | null;
  /** True for a connection tunnelsmith has never rendered (no state): the sweep adopts it. */
  adopt?: boolean;
}

export type CheckResult =
  | { status: "gone" | "pending"; connectionId: string; reason: string }
  | {
      status: "checked";
      connectionId: string;
      live: LiveConnection;
      unmatchedIps: string[];
      alerts: TunnelAlert[];
      rerender: RerenderNeed | null;
      /** The state to write once the alerts are out; null when nothing changed (nothing is written). */
      pending: { lease: Lease; next: ConnectionState } | null;
    };

/**
 * Reads one connection's live tunnels and its `state.json`, and works out the alerts and the new `watch`
 * section. Nothing is written when nothing changed. Otherwise the connection's lease is taken (If-Match) and the
 * decision is made again on the state read under it, so an alarm and a sweep racing on one connection do not
 * both alert; the lease is held until {@link commitCheck}, after the alerts were published.
 */
export async function checkConnection(req: CheckRequest, deps: Dependencies): Promise<CheckResult> {
  const { connectionId } = req;
  const logger = deps.logger.child({ connectionId });
  const scoped = { ...deps, logger };
  const first = await readState(deps.store, connectionId, logger);
  const wanted = req.drift && wantsPskCheck(first.state, deps.settings.pskFingerprintKey);
  const due =
    wanted &&
    first.state !== null &&
    pskCheckDue(first.state, watchSettingsOf(deps).pskCheckHours, deps.clock.now());
  const reader = tunnelReaderOf(deps);
  const options = req.summary ? { summary: req.summary } : {};
  let read = await reader.readLive(connectionId, { ...options, withSecrets: due });
  if (
    wanted &&
    !due &&
    read.status === "found" &&
    read.connection.tunnels.some((t) => !conditionOf(t).healthy)
  ) {
    // A tunnel went down: a reverted or changed key is one cause; check the key now, not at the daily read.
    read = await reader.readLive(connectionId, { ...options, withSecrets: true });
  }
  if (read.status !== "found") {
    logger.info(
      `connection ${read.status === "gone" ? "no longer exists" : "is still provisioning"}; not watched`,
      {
        reason: read.reason,
      },
    );
    return { status: read.status, connectionId, reason: read.reason };
  }
  const live = read.connection;
  for (const secret of Object.values(live.sharedSecrets ?? {})) logger.addSecret(secret);
  const unmatchedIps = req.namedIps.filter((ip) => !live.tunnels.some((t) => t.vpnIp === ip));
  if (unmatchedIps.length > 0) {
    logger.warn("the alarm names a headend IP that no tunnel of the connection has; nothing sent for it", {
      unmatchedIps,
      headends: live.tunnels.map((t) => t.vpnIp),
    });
  }

  const draft = plan(first.state, live, req, deps);
  // A CPE agent that reported its key closes the plaintext bootstrap window at this sweep (core/agent).
  const keyNeed =
    req.drift && draft.rerender === null
      ? await agentKeyAwaitingPin(first.state, deps.store, deps.settings.agent, logger)
      : null;
  if (draft.alerts.length === 0 && !watchChanged(first.state?.watch ?? null, draft.watch)) {
    return {
      status: "checked",
      connectionId,
      live,
      unmatchedIps,
      alerts: [],
      rerender: draft.rerender ?? keyNeed,
      pending: null,
    };
  }
  // The lease is taken on the state read above; if it changed since, the If-Match fails and it is read again.
  const lease = await acquireLease(connectionId, scoped, first);
  const final = plan(lease.previous, live, req, deps);
  return {
    status: "checked",
    connectionId,
    live,
    unmatchedIps,
    alerts: final.alerts,
    rerender: final.rerender ?? keyNeed,
    pending: { lease, next: { ...lease.held, watch: final.watch } },
  };
}

/**
 * Writes the new state and gives the lease up. When the alerts were not published the previous state is kept
 * (the next alarm or sweep finds the same change and alerts again: at least once, never lost).
 */
export async function commitCheck(
  result: CheckResult,
  published: boolean,
  deps: Dependencies,
): Promise<void> {
  if (result.status !== "checked" || result.pending === null) return;
  const { lease, next } = result.pending;
  if (published) await releaseLease(lease, next, deps.store);
  else if (lease.previous === null) await releaseByDeleting(lease, deps.store);
  else await releaseLease(lease, lease.held, deps.store);
}

interface Plan {
  watch: WatchSection;
  alerts: TunnelAlert[];
  rerender: RerenderNeed | null;
}

function plan(
  state: ConnectionState | null,
  live: LiveConnection,
  req: CheckRequest,
  deps: Dependencies,
): Plan {
  const now = deps.clock.now();
  const settings = watchSettingsOf(deps);
  const evaluation = evaluateTunnels({
    state,
    live,
    now,
    holdMs: settings.flapHoldSeconds * 1000,
    firingIps: req.firingIps,
    trigger: req.trigger,
  });
  const previous = state?.watch ?? null;
  let facts = previous?.facts ?? null;
  let factsAt = previous?.factsAt ?? null;
  let rerender: RerenderNeed | null = null;
  const secretsRead = live.sharedSecrets !== null;
  if (req.drift) {
    const drift = checkDrift(state, live, deps.settings.pskFingerprintKey);
    if (drift.baseline !== null) {
      // Keys not read this time: the recorded fingerprints stay the baseline the next read compares with.
      if (!secretsRead) drift.baseline = keepPskFingerprints(drift.baseline, facts);
      const renderedSince = state?.renderedAt != null && (factsAt === null || state.renderedAt > factsAt);
      if (renderedSince || stableJson(drift.baseline) !== stableJson(facts)) {
        facts = drift.baseline;
        factsAt = now.toISOString();
      }
    }
    if (drift.finding) {
      rerender = {
        ...drift.finding,
        what: `changed outside tunnelsmith (${drift.finding.summary})`,
        facts: null,
      };
    } else {
      rerender =
        waitingForRender(state, deps.settings.linkGeneration ?? null) ??
        agentLinksDue(state?.agent, now, deps.settings.agent);
    }
  }
  return {
    watch: {
      checkedAt: now.toISOString(),
      tunnels: evaluation.tunnels,
      facts,
      factsAt,
      // Recorded only when reads are spaced out: with an interval of 0 every look reads them and writes nothing.
      pskCheckedAt:
        secretsRead && settings.pskCheckHours !== 0 ? now.toISOString() : (previous?.pskCheckedAt ?? null),
    },
    alerts: evaluation.alerts,
    rerender,
  };
}

/**
 * A connection whose configs are missing or stale for a reason of tunnelsmith's own: never rendered (no state:
 * its event was lost, its event type is not the configured one, or the function was deployed after it), last
 * render unfinished, or links of an old link generation. The sweep is level-triggered: it renders these.
 */
function waitingForRender(state: ConnectionState | null, generation: string | null): RerenderNeed | null {
  if (state === null || (state.status === "new" && state.files.length === 0)) {
    return {
      reasons: [
        "tunnelsmith has no rendered configs for it (its event was missed or came before deployment)",
      ],
      summary: "adopted",
      what: "adopted by the sweep",
      facts: null,
      adopt: true,
    };
  }
  if (state.status === "pending") {
    return {
      reasons: [`it was still provisioning when its event arrived (${state.pendingReason ?? "pending"})`],
      summary: "provisioned",
      what: "provisioned",
      facts: null,
    };
  }
  if (state.status === "rendered" && (state.linkGeneration ?? null) !== generation) {
    return {
      reasons: [
        `its links belong to link generation ${state.linkGeneration ?? "none"}, the function's is now ${generation ?? "none"}`,
      ],
      summary: "new link generation",
      what: "updated (new download links)",
      facts: null,
    };
  }
  if (state.status === "rendered" && !state.announced) {
    return {
      reasons: ["its new download links were never announced (publishing the notification failed)"],
      summary: "links not announced",
      what: "updated",
      facts: null,
    };
  }
  return null;
}

/** Whether the section differs in anything but the times of the look itself. */
function watchChanged(before: WatchSection | null, after: WatchSection): boolean {
  if (before === null) return true;
  const strip = (w: WatchSection) =>
    stableJson({ ...w, checkedAt: null, tunnels: w.tunnels.map((t) => ({ ...t, observedAt: null })) });
  return strip(before) !== strip(after);
}

/** JSON with object keys sorted, so a section read back from `state.json` compares equal to a rebuilt one. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
