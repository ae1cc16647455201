import { TunnelsmithError } from "../../errors.ts";
import type { Dependencies } from "../../ports.ts";
import type { RotationOutcome, RotationSweepOutcome } from "./outcome.ts";
import type { RandomSource } from "./psk-generator.ts";
import { rotateConnection } from "./rotate-connection.ts";
import { REPROVISION_WAIT, timeNeeded } from "./wait.ts";

/** Some connections of a scheduled run failed; the others were handled (their outcomes are attached). */
export class RotationPartialFailureError extends TunnelsmithError {
  readonly outcomes: readonly RotationOutcome[];

  constructor(message: string, outcomes: readonly RotationOutcome[], options?: ErrorOptions) {
    super("PARTIAL_FAILURE", message, { ...options, expose: true });
    this.name = "RotationPartialFailureError";
    this.outcomes = outcomes;
  }
}

/**
 * The scheduled run (Resource Scheduler): every connection in the compartment whose oldest key is at least
 * `maxAgeDays` old gets one tunnel rotated, under the same safety rules as a manual run and never forced. The
 * second tunnel of a connection is rotated by a later run, once the first is UP again with its new key, so a
 * CPE that was not updated blocks further rotations instead of losing both tunnels.
 *
 * Connections are taken one after the other; when too little time is left to start another rotation the rest
 * are listed as deferred (the next scheduled run takes them). One failing connection does not stop the others.
 */
export async function rotateCompartment(
  compartmentId: string,
  maxAgeDays: number,
  options: { dryRun: boolean; random?: RandomSource },
  deps: Dependencies,
): Promise<RotationSweepOutcome> {
  const logger = deps.logger.child({ compartmentId, action: "rotate-psk" });
  const scoped = { ...deps, logger };
  const listed = await deps.network.listConnections(compartmentId, false);
  const ids = listed.connections.map((c) => c.id).sort();
  logger.info("scheduled PSK rotation", { connections: ids.length, maxAgeDays, dryRun: options.dryRun });
  const needed = timeNeeded({ ...REPROVISION_WAIT, settleMs: deps.rotator.settleMs });
  const connections: RotationOutcome[] = [];
  const deferred: string[] = [];
  const failures: { connectionId: string; error: unknown }[] = [];
  for (const connectionId of ids) {
    if (!options.dryRun && deps.deadline.getTime() - deps.clock.now().getTime() < needed) {
      deferred.push(connectionId);
      continue;
    }
    try {
      connections.push(
        await rotateConnection(
          connectionId,
          {
            request: { tunnelId: null, force: false, maxAgeDays },
            dryRun: options.dryRun,
            ...(options.random ? { random: options.random } : {}),
          },
          scoped,
        ),
      );
    } catch (error) {
      logger.error("rotating a connection of the compartment failed", { connectionId, error });
      failures.push({ connectionId, error });
    }
  }
  if (deferred.length > 0) logger.warn("connections left for the next run (deadline)", { deferred });
  if (failures.length > 0) {
    const first = failures[0]?.error;
    const detail = first instanceof TunnelsmithError && first.expose ? `: ${first.message}` : "";
    throw new RotationPartialFailureError(
      `${failures.length} of ${ids.length} connections in ${compartmentId} failed (${failures.map((f) => f.connectionId).join(", ")})${detail}`,
      connections,
      { cause: first },
    );
  }
  return { outcome: "rotation-sweep", compartmentId, maxAgeDays, connections, deferred };
}
