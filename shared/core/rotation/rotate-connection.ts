import type { Logger } from "../../logger.ts";
import type { ConnectionState, Dependencies } from "../../ports.ts";
import type { Snapshot } from "../../snapshot/schema.ts";
import { readState } from "../state.ts";
import { type AgentView, agentReasons, alertSilentAgent, readAgentView } from "./agent-gate.ts";
import { changeKey } from "./change-key.ts";
import { type RotationOutcome, tunnelOf } from "./outcome.ts";
import { planRotation, type RotationPlan, type RotationRequest } from "./plan.ts";
import type { RandomSource } from "./psk-generator.ts";
import { hold } from "./record.ts";
import { repair } from "./repair.ts";
import { REPROVISION_WAIT, type ReprovisionWait, timeNeeded } from "./wait.ts";

/** How one run for one connection behaves. */
export interface RotateOptions {
  request: RotationRequest;
  /** Report what would happen; write nothing anywhere. */
  dryRun: boolean;
  /** Key source (tests inject a seeded one); default `crypto.randomBytes`. */
  random?: RandomSource;
  /** Backoff while the tunnel reprovisions; default {@link REPROVISION_WAIT} with the rotator's settling time. */
  wait?: ReprovisionWait;
}

/**
 * One rotate-psk run for one connection; at most one tunnel's key changes.
 *
 * 1. Read `state.json`, then the connection from the provider, and plan (`plan.ts`): repair stale configs, rotate
 *    the tunnel with the oldest key, refuse with the reasons, or nothing due. A dry run, a refusal and "not due"
 *    stop here without writing anything (no lease either).
 * 2. Take the connection's lease on that same read (If-Match on its etag, no second read). If the lease was written
 *    over that read, nothing wrote `state.json` in between, so the plan holds: every run changes a key only under
 *    the lease, after recording it there, and the connection was read after the state. If `state.json` had
 *    changed (another run may just have rotated the other tunnel: the lease had to be re-read or waited for),
 *    read the connection again and plan again under the lease: the safety decision must hold for the state this
 *    run changes.
 * 3. Rotate (`change-key.ts`) or repair (`repair.ts`) under the lease; the render flow takes it over to store
 *    the configs and gives it up.
 *
 * A failure at any step leaves `rotation.inProgress` in `state.json`; the next run sees it (or sees that the
 * stored configs' PSK fingerprint is not OCI's) and finishes the job instead of rotating again.
 */
export async function rotateConnection(
  connectionId: string,
  options: RotateOptions,
  deps: Dependencies,
): Promise<RotationOutcome> {
  const logger = deps.logger.child({ connectionId, action: "rotate-psk" });
  const scoped: Dependencies = { ...deps, logger };
  const wait = options.wait ?? { ...REPROVISION_WAIT, settleMs: deps.rotator.settleMs };
  let view: AgentView | null = null;
  const plan = (state: ConnectionState | null, snapshot: Snapshot) =>
    planRotation({
      snapshot,
      state,
      request: options.request,
      now: deps.clock.now(),
      fingerprintKey: deps.settings.pskFingerprintKey,
      ...(view ? { agentCheck: (carrier) => (view ? agentReasons(view, carrier.index) : []) } : {}),
    });

  // The state before the connection: a rotation recorded after this read makes the lease below fail over it.
  const read = await readState(deps.store, connectionId, logger);
  const first = await readReady(connectionId, scoped);
  if ("outcome" in first) return first;
  // With a CPE agent that reports, its report gates the next tunnel (agent-gate.ts); without one, as before.
  view = await readAgentView(connectionId, read.state, scoped);
  const planned = plan(read.state, first);
  if (options.dryRun) return dryRunOutcome(connectionId, planned, options.request.tunnelId !== null, logger);
  const before = goAhead(connectionId, planned, wait, deps, logger);
  if ("outcome" in before) {
    if (view && before.outcome === "refused") {
      await alertSilentAgent(
        connectionId,
        first.ipsecConnection.displayName ?? connectionId,
        read,
        view,
        scoped,
      );
    }
    return before;
  }

  const held = await hold(connectionId, scoped, read);
  let passed = false;
  try {
    let snapshot = first;
    let final = before;
    if (!held.unchangedSinceRead) {
      logger.info("state.json changed before the lease was taken; reading the connection again");
      const again = await readReady(connectionId, scoped);
      if ("outcome" in again) {
        await held.release();
        return again;
      }
      const decided = goAhead(connectionId, plan(held.state, again), wait, deps, logger);
      if ("outcome" in decided) {
        await held.release();
        return decided;
      }
      snapshot = again;
      final = decided;
    }
    // From here the step owns the lease: it gives it up (or hands it to the render flow) itself.
    passed = true;
    if (final.kind === "repair") return await repair(connectionId, snapshot, final, held, wait, scoped);
    return await changeKey(
      connectionId,
      snapshot,
      final,
      held,
      {
        requested: options.request.tunnelId !== null,
        ...(options.random ? { random: options.random } : {}),
        agentVendors: view ? view.reports.map((r) => r.vendor) : [],
      },
      wait,
      scoped,
    );
  } catch (error) {
    if (!passed) {
      await held.release().catch((e: unknown) => logger.error("could not give up the lease", { error: e }));
    }
    throw error;
  }
}

type Acting = Extract<RotationPlan, { kind: "rotate" | "repair" }>;

/**
 * The plan to carry out, or the outcome that ends the run without changing anything: a refusal, "not due", or a
 * rotation with too little time left before the deadline.
 */
function goAhead(
  connectionId: string,
  plan: RotationPlan,
  wait: ReprovisionWait,
  deps: Dependencies,
  logger: Logger,
): Acting | RotationOutcome {
  if (plan.kind === "refuse" || plan.kind === "not-due") return settled(connectionId, plan, logger);
  const left = deps.deadline.getTime() - deps.clock.now().getTime();
  if (plan.kind === "rotate" && left < timeNeeded(wait))
    return refusedForTime(connectionId, plan, left, wait, logger);
  return plan;
}

/** The connection as the provider has it now, or the outcome that ends the run (gone, still provisioning). */
async function readReady(connectionId: string, deps: Dependencies): Promise<Snapshot | RotationOutcome> {
  const read = await deps.network.readConnection(connectionId, { waitForProvisioning: false });
  if (read.status === "gone") {
    deps.logger.warn("connection no longer exists; nothing to rotate", { reason: read.reason });
    return { outcome: "ignored", connectionId, reason: `the connection no longer exists (${read.reason})` };
  }
  if (read.status === "pending") {
    deps.logger.warn("rotation refused", { reasons: [read.reason] });
    return { outcome: "refused", connectionId, tunnel: null, reasons: [read.reason], forceable: false };
  }
  for (const secret of Object.values(read.snapshot.sharedSecrets)) deps.logger.addSecret(secret);
  return read.snapshot;
}

type Settled = Extract<RotationPlan, { kind: "refuse" | "not-due" }>;

/** A refusal or "not due" as the outcome, logged. Nothing was written. */
function settled(connectionId: string, plan: Settled, logger: Logger): RotationOutcome {
  if (plan.kind === "not-due") {
    logger.info("key not due for rotation", {
      tunnelId: plan.tunnel.tunnelId,
      ageDays: plan.tunnel.ageDays,
      maxAgeDays: plan.maxAgeDays,
    });
    return {
      outcome: "not-due",
      connectionId,
      tunnel: tunnelOf(plan.tunnel),
      ageDays: plan.tunnel.ageDays,
      atMostDays: plan.tunnel.atMostDays,
      maxAgeDays: plan.maxAgeDays,
    };
  }
  logger.warn("rotation refused", { reasons: plan.reasons, forceable: plan.forceable });
  return {
    outcome: "refused",
    connectionId,
    tunnel: plan.tunnel ? tunnelOf(plan.tunnel) : null,
    reasons: plan.reasons,
    forceable: plan.forceable,
  };
}

function refusedForTime(
  connectionId: string,
  plan: Extract<RotationPlan, { kind: "rotate" }>,
  leftMs: number,
  wait: ReprovisionWait,
  logger: Logger,
): RotationOutcome {
  const reason = `only ${Math.floor(leftMs / 1000)} s left before this invocation's deadline; a rotation needs at least ${Math.ceil(timeNeeded(wait) / 1000)} s (give the function a timeout of 300 s)`;
  logger.warn("rotation refused", { reasons: [reason] });
  return {
    outcome: "refused",
    connectionId,
    tunnel: tunnelOf(plan.tunnel),
    reasons: [reason],
    forceable: false,
  };
}

/** What a real run would do now, from the same plan. */
function dryRunOutcome(
  connectionId: string,
  plan: RotationPlan,
  requested: boolean,
  logger: Logger,
): RotationOutcome {
  const base = { outcome: "dry-run" as const, connectionId, keys: plan.ages };
  let result: Extract<RotationOutcome, { outcome: "dry-run" }>;
  switch (plan.kind) {
    case "repair":
      result = { ...base, wouldDo: "repair", tunnel: null, reasons: [plan.reason], overridden: [] };
      break;
    case "rotate":
      result = {
        ...base,
        wouldDo: "rotate",
        tunnel: tunnelOf(plan.tunnel),
        reasons: [
          requested
            ? `tunnel ${plan.tunnel.index} was asked for`
            : `tunnel ${plan.tunnel.index} has the oldest key (${plan.tunnel.source})`,
        ],
        overridden: plan.overridden,
      };
      break;
    case "refuse":
      result = {
        ...base,
        wouldDo: "refuse",
        tunnel: plan.tunnel ? tunnelOf(plan.tunnel) : null,
        reasons: plan.reasons,
        overridden: plan.forceable ? plan.reasons : [],
      };
      break;
    case "not-due":
      result = {
        ...base,
        wouldDo: "nothing",
        tunnel: tunnelOf(plan.tunnel),
        reasons: [`the key of tunnel ${plan.tunnel.index} is younger than ${plan.maxAgeDays} days`],
        overridden: [],
      };
      break;
  }
  logger.info("dry run: nothing changed", { wouldDo: result.wouldDo, reasons: result.reasons });
  return result;
}
