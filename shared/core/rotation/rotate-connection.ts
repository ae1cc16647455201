import type { Logger } from "../../logger.ts";
import type { Dependencies } from "../../ports.ts";
import type { Snapshot } from "../../snapshot/schema.ts";
import { readState } from "../state.ts";
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
 * 1. Read the connection from the provider and `state.json`, and plan (`plan.ts`): repair stale configs, rotate
 *    the tunnel with the oldest key, refuse with the reasons, or nothing due. A dry run, a refusal and "not due"
 *    stop here without writing anything.
 * 2. Take the connection's lease, read and plan again (another run may just have rotated the other tunnel: the
 *    safety decision must hold for the state this run changes), then rotate (`change-key.ts`) or repair
 *    (`repair.ts`).
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
  const plan = async (state: Parameters<typeof planRotation>[0]["state"], snapshot: Snapshot) =>
    planRotation({
      snapshot,
      state,
      request: options.request,
      now: deps.clock.now(),
      fingerprintKey: deps.settings.pskFingerprintKey,
    });

  const first = await readReady(connectionId, scoped);
  if ("outcome" in first) return first;
  const before = await plan((await readState(deps.store, connectionId, logger)).state, first);
  if (options.dryRun) return dryRunOutcome(connectionId, before, options.request.tunnelId !== null, logger);
  if (before.kind === "refuse" || before.kind === "not-due") return settled(connectionId, before, logger);
  const left = deps.deadline.getTime() - deps.clock.now().getTime();
  if (before.kind === "rotate" && left < timeNeeded(wait))
    return refusedForTime(connectionId, before, left, wait, logger);

  const held = await hold(connectionId, scoped);
  let passed = false;
  try {
    const again = await readReady(connectionId, scoped);
    if ("outcome" in again) {
      await held.release();
      return again;
    }
    const final = await plan(held.state, again);
    if (final.kind === "refuse" || final.kind === "not-due") {
      await held.release();
      return settled(connectionId, final, logger);
    }
    // From here the step owns the lease: it gives it up (or hands it to the render flow) itself.
    passed = true;
    if (final.kind === "repair") return await repair(connectionId, again, final, held, wait, scoped);
    return await changeKey(
      connectionId,
      again,
      final,
      held,
      { requested: options.request.tunnelId !== null, ...(options.random ? { random: options.random } : {}) },
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
