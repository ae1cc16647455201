import { TunnelsmithError } from "../../errors.ts";
import type { Dependencies } from "../../ports.ts";
import { mapLimit } from "../map-limit.ts";
import type { QueueMessage, WatchQueues } from "../queue/ports.ts";
import { enqueueAlerts } from "./alert-outbox.ts";
import { checkConnection, commitCheck } from "./check-connection.ts";
import type { ConnectionSummary } from "./live.ts";
import { rerender } from "./rerender.ts";
import { watchSettingsOf } from "./settings.ts";
import { parseShard, type ShardMessage } from "./shards.ts";

/** No new connection is started later than this before the deadline (its reads, state write, alert put). */
const CONNECTION_RESERVE_MS = 15_000;
/** A leased shard becomes visible again this long after the invocation's deadline, if the worker died. */
const LEASE_SLACK_SECONDS = 30;

/** What one worker invocation did. */
export interface ShardWork {
  /** Shards taken from the queue. */
  shards: number;
  checked: number;
  /** Alerts put on the alert channel (the publisher sends them). */
  alertsQueued: number;
  rerendered: number;
  /** Shards handed back after a failure (retried later), and those among them on their last delivery. */
  retried: number;
  deadLettered: number;
  /** Shards cut by the deadline whose unchecked connections went back on the queue as a new shard. */
  requeued: number;
  /** Connections whose check failed (their shard is retried). */
  failed: { connectionId: string; error: string }[];
}

/**
 * A sweep worker: takes shards from the queue until the deadline draws near and checks their connections, each
 * one committed as it is done (its alerts queued, then its state written), so memory stays flat however many
 * connections a run covers and nothing waits for the end. A shard whose connections all succeed is deleted; one
 * cut by the deadline is replaced by a shard of what is left; one where a connection failed is handed back to be
 * retried whole (what succeeded finds nothing new the second time), and on its last delivery, before the queue
 * moves it to the dead-letter queue, one alert says so.
 */
export async function workShards(queue: WatchQueues, deps: Dependencies): Promise<ShardWork> {
  const work: ShardWork = {
    shards: 0,
    checked: 0,
    alertsQueued: 0,
    rerendered: 0,
    retried: 0,
    deadLettered: 0,
    requeued: 0,
    failed: [],
  };
  const timeUp = () => deps.clock.now().getTime() > deps.deadline.getTime() - CONNECTION_RESERVE_MS;
  while (!timeUp()) {
    const leaseSeconds =
      Math.ceil((deps.deadline.getTime() - deps.clock.now().getTime()) / 1000) + LEASE_SLACK_SECONDS;
    const [message] = await queue.shards.get({ limit: 1, visibilitySeconds: leaseSeconds, waitSeconds: 0 });
    if (!message) break;
    work.shards += 1;
    await workShard(message, queue, deps, timeUp, work);
  }
  return work;
}

async function workShard(
  message: QueueMessage,
  queue: WatchQueues,
  deps: Dependencies,
  timeUp: () => boolean,
  work: ShardWork,
): Promise<void> {
  const shard = parseShard(message.content);
  const logger = deps.logger.child(
    shard ? { sweepId: shard.sweepId, shard: `${shard.shard}/${shard.shards}` } : { messageId: message.id },
  );
  const scoped = { ...deps, logger };
  const failures: { connectionId: string; error: unknown }[] = [];
  const cut: ConnectionSummary[] = [];
  if (shard === null) {
    failures.push({ connectionId: "(none)", error: new Error("the message is not a sweep shard") });
  } else {
    await mapLimit(shard.connections, watchSettingsOf(deps).concurrency, async (summary) => {
      if (timeUp()) {
        cut.push(summary);
        return;
      }
      try {
        await checkOne(summary, queue, scoped, work);
      } catch (error) {
        if (timeUp()) {
          // Most likely the deadline itself (requests are refused near it): not reached rather than failing.
          logger.warn("a connection's check did not finish before the deadline; it is queued again", {
            connectionId: summary.id,
            error,
          });
          cut.push(summary);
          return;
        }
        logger.error("checking a connection of the shard failed", { connectionId: summary.id, error });
        failures.push({ connectionId: summary.id, error });
      }
    });
  }
  for (const f of failures) work.failed.push({ connectionId: f.connectionId, error: errorText(f.error) });

  // A queue call that fails here loses nothing: the lease runs out and the shard is delivered again.
  try {
    if (failures.length > 0) {
      work.retried += 1;
      const last = message.deliveryCount >= queue.shards.maxDeliveries;
      if (last) {
        work.deadLettered += 1;
        await alertDeadLetter(message, shard, failures, scoped);
      }
      // Back off a little per attempt: a throttled or failing service gets time before the shard comes back.
      await queue.shards.release(message.receipt, last ? 0 : Math.min(300, 30 * message.deliveryCount));
      return;
    }
    if (shard !== null && cut.length > 0) {
      const rest: ShardMessage = { ...shard, connections: cut };
      await queue.shards.put([JSON.stringify(rest)]);
      work.requeued += 1;
      logger.info("no time left for the whole shard; the rest is queued again", { left: cut.length });
    }
    await queue.shards.delete([message.receipt]);
  } catch (error) {
    logger.error("could not settle the shard on the queue; it is delivered again when its lease ends", {
      error,
    });
  }
}

/** Checks one connection and commits it: alerts queued first, then the state written (at least once). */
async function checkOne(
  summary: ConnectionSummary,
  queue: WatchQueues,
  deps: Dependencies,
  work: ShardWork,
): Promise<void> {
  const r = await checkConnection(
    {
      connectionId: summary.id,
      summary,
      namedIps: [],
      firingIps: new Set(),
      trigger: { kind: "sweep" },
      drift: true,
    },
    deps,
  );
  const alerts = r.status === "checked" ? r.alerts : [];
  const delivery = await enqueueAlerts(alerts, queue, deps);
  await commitCheck(r, delivery.error === null, deps);
  if (delivery.error !== null) throw delivery.error;
  if (r.status !== "checked") return;
  work.checked += 1;
  work.alertsQueued += alerts.length;
  if (r.rerender === null) return;
  const result = await rerender(r.connectionId, r.live, r.rerender, deps);
  if (result.outcome === "failed") throw new Error("rendering the connection again failed");
  if (result.outcome !== "deferred") work.rerendered += 1;
}

/**
 * The one alert for a shard that keeps failing: sent on its last delivery, so exactly once per shard (the
 * queue dead-letters it afterwards). Sent directly, not through the alert budget: it is about tunnelsmith.
 */
async function alertDeadLetter(
  message: QueueMessage,
  shard: ShardMessage | null,
  failures: readonly { connectionId: string; error: unknown }[],
  deps: Dependencies,
): Promise<void> {
  const which = shard
    ? `shard ${shard.shard}/${shard.shards} of sweep ${shard.sweepId}`
    : `message ${message.id}`;
  const size = shard ? `${shard.connections.length} connections` : "unreadable content";
  const lines = [
    `The sweep ${which} (${size}) failed on each of its ${message.deliveryCount} deliveries and goes to the queue's dead-letter queue: its connections are not watched by the sweep until it succeeds.`,
    "",
    "Failing connections:",
    ...failures.slice(0, 200).map((f) => `  ${f.connectionId}: ${errorText(f.error)}`),
    "",
    "The function log has each failure (search for the connection id). Once the cause is fixed, the next scheduled sweep checks these connections again; the dead-lettered message can be purged.",
  ];
  try {
    await deps.notifier.publish({
      title: `SWEEP SHARD FAILED: ${which}, ${failures.length} of ${size} failing, dead-lettered`,
      body: lines.join("\n"),
    });
  } catch (error) {
    deps.logger.error("could not publish the dead-letter alert of a sweep shard", { error });
  }
}

function errorText(error: unknown): string {
  return error instanceof TunnelsmithError && error.expose ? error.message : "see the function log";
}
