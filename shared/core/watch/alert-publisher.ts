import { ConfigError } from "../../errors.ts";
import type { Dependencies, Notification } from "../../ports.ts";
import type { QueueMessage, ScalePorts, WatchQueues } from "../queue/ports.ts";
import type { AlertTrigger, TunnelAlert } from "./alert.ts";
import { takePublishSlot } from "./alert-budget.ts";
import { parseQueuedAlert } from "./alert-outbox.ts";
import {
  alertJsonNotification,
  alertNotification,
  bySeverity,
  digestJsonNotifications,
  digestNotification,
} from "./message.ts";
import { watchSettingsOf } from "./settings.ts";

/** Alerts taken from the queue for one round at most (one digest covers them all). */
const MAX_ROUND_ALERTS = 2_000;
/** Time kept before the deadline: no round starts later. */
const ROUND_RESERVE_MS = 10_000;
const LEASE_SLACK_SECONDS = 30;

/** The response to `{"action": "publish-alerts"}`. */
export interface PublishAlertsOutcome {
  outcome: "alerts-published";
  /** Alerts taken from the queue. */
  alerts: number;
  /** Messages sent to the alert topic (digests included). */
  published: number;
  digests: number;
  /** Alerts handed back to the queue (no budget left in time, or publishing failed): the next run sends them. */
  deferred: number;
  messageIds: string[];
}

/**
 * The one publisher of tunnel alerts when the queue is configured: drains the `alerts` channel in rounds, and
 * sends each round as one message per alert or, above the digest threshold, one digest (worst first, counts,
 * the list), never more than the topic's budget a minute across the fleet (alert-budget.ts). An alert is
 * deleted from the queue only after its message was sent; what could not be sent goes back on the queue.
 */
export async function handlePublishAlerts(deps: Dependencies): Promise<PublishAlertsOutcome> {
  const queue = deps.scale?.queue;
  if (!deps.scale || !queue) {
    throw new ConfigError([
      {
        path: "TUNNELSMITH_QUEUE_ID",
        message: "is not set: publish-alerts needs the work queue (docs/oci.md)",
      },
    ]);
  }
  const logger = deps.logger.child({ action: "publish-alerts" });
  const scoped = { ...deps, logger };
  const outcome: PublishAlertsOutcome = {
    outcome: "alerts-published",
    alerts: 0,
    published: 0,
    digests: 0,
    deferred: 0,
    messageIds: [],
  };
  const stopAt = () => new Date(deps.deadline.getTime() - ROUND_RESERVE_MS);
  while (deps.clock.now() < stopAt()) {
    const taken = await drain(queue, scoped);
    if (taken.length === 0) break;
    outcome.alerts += taken.length;
    const done = await publishRound(taken, { ledger: deps.scale.ledger, queue }, stopAt(), scoped, outcome);
    if (!done) break;
  }
  logger.info("alert publisher finished", { ...outcome, messageIds: outcome.messageIds.length });
  return outcome;
}

async function drain(queue: WatchQueues, deps: Dependencies): Promise<QueueMessage[]> {
  const taken: QueueMessage[] = [];
  const leaseSeconds =
    Math.ceil((deps.deadline.getTime() - deps.clock.now().getTime()) / 1000) + LEASE_SLACK_SECONDS;
  while (taken.length < MAX_ROUND_ALERTS) {
    const got = await queue.alerts.get({ limit: 20, visibilitySeconds: leaseSeconds, waitSeconds: 0 });
    if (got.length === 0) break;
    taken.push(...got);
  }
  return taken;
}

/** Publishes one round; false when it had to stop early (no budget in time, or a publish failed). */
async function publishRound(
  taken: readonly QueueMessage[],
  scale: ScalePorts & { queue: WatchQueues },
  waitUntil: Date,
  deps: Dependencies,
  outcome: PublishAlertsOutcome,
): Promise<boolean> {
  const settings = watchSettingsOf(deps);
  const valid: { alert: TunnelAlert; receipt: string }[] = [];
  const invalid: string[] = [];
  for (const m of taken) {
    const alert = parseQueuedAlert(m.content);
    if (alert) valid.push({ alert, receipt: m.receipt });
    else invalid.push(m.receipt);
  }
  if (invalid.length > 0) {
    deps.logger.error("dropping queued messages that are not tunnel alerts", { count: invalid.length });
    await scale.queue.alerts.delete(invalid);
  }
  const alerts = valid.map((v) => v.alert);
  const receiptOf = new Map(valid.map((v) => [v.alert, v.receipt]));
  const context = { holdSeconds: settings.flapHoldSeconds };
  const groups: { message: Notification; json: Notification[]; alerts: TunnelAlert[] }[] =
    alerts.length > settings.digestThreshold
      ? [
          {
            message: digestNotification(alerts, {
              ...context,
              trigger: triggerOf(alerts),
              threshold: settings.digestThreshold,
              detectedAt: deps.clock.now().toISOString(),
            }),
            json: digestJsonNotifications(alerts),
            alerts,
          },
        ]
      : bySeverity(alerts).map((a) => ({
          message: alertNotification(a, context),
          json: [alertJsonNotification(a)],
          alerts: [a],
        }));
  if (alerts.length > settings.digestThreshold) outcome.digests += 1;

  for (const [i, group] of groups.entries()) {
    const receipts = group.alerts.map((a) => receiptOf.get(a) ?? "");
    const rest = () => groups.slice(i).flatMap((g) => g.alerts.map((a) => receiptOf.get(a) ?? ""));
    const slot = await takePublishSlot(scale.ledger, "text", settings.alertsPerMinute, waitUntil, deps);
    if (!slot) {
      deps.logger.warn("the alert budget is spent until after the deadline; the next run sends the rest", {
        left: rest().length,
      });
      outcome.deferred += rest().length;
      await releaseAll(scale.queue, rest(), 0);
      return false;
    }
    try {
      const { messageId } = await deps.notifier.publish(group.message);
      outcome.messageIds.push(messageId);
      outcome.published += 1;
    } catch (error) {
      deps.logger.error("publishing queued alerts failed; they go back on the queue", { error });
      outcome.deferred += rest().length;
      await releaseAll(scale.queue, rest(), 30);
      return false;
    }
    await scale.queue.alerts.delete(receipts);
    await publishJson(group.json, scale, waitUntil, deps);
  }
  return true;
}

async function releaseAll(queue: WatchQueues, receipts: readonly string[], seconds: number): Promise<void> {
  for (const r of receipts) await queue.alerts.release(r, seconds);
}

/** The JSON variant, on its own topic and budget; best effort (the text message is the alert of record). */
async function publishJson(
  messages: readonly Notification[],
  scale: ScalePorts,
  waitUntil: Date,
  deps: Dependencies,
): Promise<void> {
  const notifier = deps.alertJsonNotifier;
  if (!notifier) return;
  const perMinute = watchSettingsOf(deps).alertsPerMinute;
  for (const message of messages) {
    try {
      if (!(await takePublishSlot(scale.ledger, "json", perMinute, waitUntil, deps))) return;
      await notifier.publish(message);
    } catch (error) {
      deps.logger.warn("could not publish the JSON variant of queued alerts", { error });
    }
  }
}

/** The digest names one trigger: the alarm's when every alert came from an alarm, else the sweep. */
function triggerOf(alerts: readonly TunnelAlert[]): AlertTrigger {
  const first = alerts[0]?.trigger;
  return first && alerts.every((a) => a.trigger.kind === first.kind) ? first : { kind: "sweep" };
}
