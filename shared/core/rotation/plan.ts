import type { ConnectionState, RotationInProgress } from "../../ports.ts";
import type { Snapshot } from "../../snapshot/schema.ts";
import { pskFingerprint } from "../fingerprint.ts";
import { isDue, type KeyAge, keyAges, oldestKey } from "./key-age.ts";
import { checkSafety } from "./safety.ts";

/** What the caller asked for. */
export interface RotationRequest {
  /** Rotate this tunnel instead of the one with the oldest key. */
  tunnelId: string | null;
  /** Override the overridable safety rules (the other tunnel or its BGP session not UP). */
  force: boolean;
  /** Rotate only when the chosen key is at least this old (scheduled runs); null: now. */
  maxAgeDays: number | null;
}

/** What a run will do for one connection, decided from what OCI reports and `state.json`. */
export type RotationPlan =
  /**
   * The stored configs do not match OCI (a rotation that did not finish, a key changed outside tunnelsmith, or
   * links never announced): re-render instead of rotating; one change per run.
   */
  | { kind: "repair"; reason: string; inProgress: RotationInProgress | null; ages: KeyAge[] }
  | { kind: "rotate"; tunnel: KeyAge; other: KeyAge; overridden: string[]; ages: KeyAge[] }
  | { kind: "refuse"; tunnel: KeyAge | null; reasons: string[]; forceable: boolean; ages: KeyAge[] }
  | { kind: "not-due"; tunnel: KeyAge; maxAgeDays: number; ages: KeyAge[] };

export interface PlanInput {
  snapshot: Snapshot;
  state: ConnectionState | null;
  request: RotationRequest;
  now: Date;
  fingerprintKey: string | null;
  /**
   * Reasons a CPE agent gives not to rotate yet, given the tunnel that keeps the traffic (see agent-gate.ts);
   * absent without an agent. Overridable with `force`, like the other tunnel being down.
   */
  agentCheck?: (carrier: KeyAge) => string[];
}

/**
 * Decides one run for one connection. Pure: the same input gives the same plan, so a dry run reports exactly
 * what a real run would do, and the property tests can drive it over random tunnel states.
 */
export function planRotation(input: PlanInput): RotationPlan {
  const { snapshot, state, request, now, fingerprintKey } = input;
  const ages = keyAges(snapshot, state, now, fingerprintKey);
  const repair = repairReason(snapshot, state, fingerprintKey);
  if (repair !== null) {
    return { kind: "repair", reason: repair, inProgress: state?.rotation?.inProgress ?? null, ages };
  }

  let tunnel: KeyAge | undefined;
  if (request.tunnelId !== null) {
    tunnel = ages.find((a) => a.tunnelId === request.tunnelId);
    if (!tunnel) {
      return {
        kind: "refuse",
        tunnel: null,
        reasons: [`tunnel ${request.tunnelId} is not a tunnel of this connection`],
        forceable: false,
        ages,
      };
    }
  } else {
    tunnel = oldestKey(ages);
  }
  if (!tunnel)
    return {
      kind: "refuse",
      tunnel: null,
      reasons: ["the connection has no tunnels"],
      forceable: false,
      ages,
    };
  if (request.maxAgeDays !== null && !isDue(tunnel, request.maxAgeDays)) {
    return { kind: "not-due", tunnel, maxAgeDays: request.maxAgeDays, ages };
  }

  const safety = checkSafety(snapshot, tunnel.tunnelId);
  const other = ages.find((a) => a.tunnelId !== tunnel.tunnelId);
  const agent = other && input.agentCheck ? input.agentCheck(other) : [];
  const verdict = { ...safety, overridable: [...safety.overridable, ...agent] };
  if (verdict.blocking.length > 0 || !other) {
    return {
      kind: "refuse",
      tunnel,
      reasons: [...verdict.blocking, ...verdict.overridable],
      forceable: false,
      ages,
    };
  }
  if (verdict.overridable.length > 0 && !request.force) {
    return { kind: "refuse", tunnel, reasons: verdict.overridable, forceable: true, ages };
  }
  return { kind: "rotate", tunnel, other, overridden: verdict.overridable, ages };
}

/**
 * Why the stored configs need a re-render before any rotation, or null. The first check is the one that catches
 * "OCI updated, objects not replaced": the PSK fingerprint stored with the files differs from the fingerprint of
 * the keys OCI holds now.
 */
function repairReason(snapshot: Snapshot, state: ConnectionState | null, key: string | null): string | null {
  const inProgress = state?.rotation?.inProgress;
  if (inProgress) {
    const index = snapshot.tunnels.findIndex((t) => t.id === inProgress.tunnelId) + 1;
    return `the rotation of tunnel ${index || inProgress.tunnelId} started at ${inProgress.startedAt} did not finish`;
  }
  if (state === null) return null;
  if (key !== null) {
    const current = pskFingerprint(key, snapshot.sharedSecrets);
    const stale = state.files.filter((f) => f.pskFingerprint !== null && f.pskFingerprint !== current);
    if (stale.length > 0) {
      return `${stale.length} stored files hold other keys than OCI has (a key changed outside tunnelsmith, or a run failed after changing it)`;
    }
  }
  if (state.status === "rendered" && !state.announced) {
    return "the last rendered configs were stored but their links were never announced";
  }
  return null;
}
