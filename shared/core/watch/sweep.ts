import { z } from "zod";
import { EventValidationError, TunnelsmithError } from "../../errors.ts";
import type { Dependencies } from "../../ports.ts";
import { ocid } from "../../snapshot/fields.ts";
import { toValidationIssues } from "../../validation.ts";
import { PartialFailureError } from "../cpe-changed.ts";
import { mapLimit } from "../map-limit.ts";
import { type AlertTrigger, summarize } from "./alert.ts";
import { type CheckResult, checkConnection, commitCheck } from "./check-connection.ts";
import { deliverAlerts } from "./deliver.ts";
import { tunnelReaderOf } from "./live.ts";
import type { RerenderResult, SweepOutcome } from "./outcome.ts";
import { rerender } from "./rerender.ts";
import { DEFAULT_WATCH_SETTINGS } from "./settings.ts";
import { readCursor, rotate, writeCursor } from "./shards.ts";
import { handleShardedSweep, type ShardedSweepOutcome } from "./sweep-sharded.ts";

/** `{"action": "sweep", "compartmentId": …, "includeSubcompartments": true}` (Resource Scheduler, the CLI). */
const sweepSchema = z.looseObject({
  action: z.literal("sweep"),
  compartmentId: z
    .string()
    .refine((v) => ocid("compartment").safeParse(v).success || ocid("tenancy").safeParse(v).success, {
      message: "must be a compartment or tenancy OCID (ocid1.compartment.… or ocid1.tenancy.…)",
    }),
  includeSubcompartments: z.boolean().default(false),
});

export type SweepAction = z.infer<typeof sweepSchema>;

export function parseSweepAction(input: unknown): SweepAction {
  const result = sweepSchema.safeParse(input);
  if (!result.success) throw new EventValidationError(toValidationIssues(result.error.issues));
  return result.data;
}

/** Time kept after the last connection check for publishing and writing state. */
const DELIVERY_RESERVE_MS = 15_000;

/**
 * The sweep: lists every IPSec connection of the compartment (and its subcompartments when asked), checks each
 * one's tunnels against what was recorded (bounded concurrency; this is how a BGP session dropping while IPsec
 * stays up is found: OCI raises no alarm for it), publishes the alerts (one digest when there are many), and
 * renders again, through the normal render flow, every connection whose stored configs drifted from OCI or whose
 * last render could not finish. Connections that fail are reported; the others are still handled.
 */
export async function handleSweep(
  action: SweepAction,
  deps: Dependencies,
): Promise<SweepOutcome | ShardedSweepOutcome> {
  const queue = deps.scale?.queue;
  if (queue) return handleShardedSweep(action, queue, deps);
  const logger = deps.logger.child({ action: "sweep", compartmentId: action.compartmentId });
  const scoped = { ...deps, logger };
  const settings = deps.settings.watch ?? DEFAULT_WATCH_SETTINGS;
  const listed = await tunnelReaderOf(deps).listConnections(
    action.compartmentId,
    action.includeSubcompartments,
  );
  const { compartments } = listed;
  // The rotating cursor: the connections the last run had no time for come first (none is always cut off).
  const ledger = deps.scale?.ledger ?? null;
  const cursor = ledger ? await readCursor(ledger, action.compartmentId, logger) : null;
  const connections = cursor ? rotate(listed.connections, cursor.next) : listed.connections;
  logger.info("sweep started", { connections: connections.length, compartments });

  const trigger: AlertTrigger = { kind: "sweep" };
  const skipped: SweepOutcome["skipped"] = [];
  const failed: { connectionId: string; error: unknown }[] = [];
  const results = await mapLimit(connections, settings.concurrency, async (summary) => {
    if (deps.clock.now().getTime() > deps.deadline.getTime() - DELIVERY_RESERVE_MS) {
      skipped.push({
        connectionId: summary.id,
        reason: "no time left before the deadline; the next sweep checks it",
      });
      return null;
    }
    try {
      return await checkConnection(
        { connectionId: summary.id, summary, namedIps: [], firingIps: new Set(), trigger, drift: true },
        scoped,
      );
    } catch (error) {
      logger.error("checking a connection failed", { connectionId: summary.id, error });
      failed.push({ connectionId: summary.id, error });
      return null;
    }
  });
  const checked = results.filter((r): r is CheckResult => r !== null);
  if (ledger && cursor) {
    const cutOff = skipped[0]?.connectionId ?? null;
    await writeCursor(ledger, action.compartmentId, cursor, cutOff, deps.clock.now(), logger);
  }
  for (const r of checked)
    if (r.status !== "checked") skipped.push({ connectionId: r.connectionId, reason: r.reason });

  const alerts = checked.flatMap((r) => (r.status === "checked" ? r.alerts : []));
  const delivery = await deliverAlerts(alerts, trigger, scoped);
  for (const r of checked) {
    const own = r.status === "checked" ? r.alerts : [];
    try {
      await commitCheck(
        r,
        own.every((a) => delivery.delivered.has(a)),
        scoped,
      );
    } catch (error) {
      logger.error("could not record a connection's tunnel state", { connectionId: r.connectionId, error });
      failed.push({ connectionId: r.connectionId, error });
    }
  }

  const rerendered: RerenderResult[] = [];
  for (const r of checked) {
    if (r.status !== "checked" || r.rerender === null) continue;
    rerendered.push(await rerender(r.connectionId, r.live, r.rerender, scoped));
  }
  const adopted = rerendered.filter((x) => x.adopted && x.outcome === "rendered").length;
  for (const f of rerendered.filter((x) => x.outcome === "failed"))
    failed.push({ connectionId: f.connectionId, error: null });

  logger.info("sweep finished", {
    checked: checked.filter((r) => r.status === "checked").length,
    alerts: alerts.length,
    digest: delivery.digest,
    rerendered: rerendered.length,
    adopted,
    failed: failed.length,
  });
  const outcome: SweepOutcome = {
    outcome: "swept",
    compartmentId: action.compartmentId,
    includeSubcompartments: action.includeSubcompartments,
    compartments,
    connections: connections.length,
    checked: checked.filter((r) => r.status === "checked").length,
    alerts: alerts.map(summarize),
    digest: delivery.digest,
    messageIds: delivery.messageIds,
    rerendered,
    adopted,
    skipped,
    failed: failed.map((f) => ({ connectionId: f.connectionId, error: errorText(f.error) })),
  };
  if (delivery.error !== null || failed.length > 0) {
    const what = [
      delivery.error !== null ? "publishing alerts failed (the next sweep sends them)" : null,
      failed.length > 0
        ? `${failed.length} connections failed (${failed.map((f) => f.connectionId).join(", ")})`
        : null,
    ].filter(Boolean);
    throw new PartialFailureError(`sweep of ${action.compartmentId}: ${what.join("; ")}`, [], {
      cause: delivery.error ?? failed[0]?.error,
    });
  }
  return outcome;
}

function errorText(error: unknown): string {
  if (error === null) return "rendering again failed; see the function log";
  return error instanceof TunnelsmithError && error.expose ? error.message : "see the function log";
}
