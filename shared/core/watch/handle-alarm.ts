import { AdapterError, TunnelsmithError } from "../../errors.ts";
import { type AlarmMessage, isFiring } from "../../events/alarm.ts";
import type { Dependencies } from "../../ports.ts";
import { mapLimit } from "../map-limit.ts";
import { type AlertTrigger, summarize } from "./alert.ts";
import { enqueueAlerts } from "./alert-outbox.ts";
import { type CheckResult, checkConnection, commitCheck } from "./check-connection.ts";
import { deliverAlerts } from "./deliver.ts";
import type { AlarmConnectionResult, AlarmOutcome } from "./outcome.ts";
import { DEFAULT_WATCH_SETTINGS } from "./settings.ts";

/**
 * Handles a Monitoring alarm message about tunnels: every connection it names is read again (live `status` and
 * BGP state of both tunnels) and compared with what the watch recorded; one alert goes out per tunnel that
 * changed. The alarm is the trigger, the API is the truth: a REPEAT (or a redelivery) that finds nothing new
 * sends nothing, and one that finds the other tunnel down too sends that escalation. A connection deleted by the
 * time the alarm is handled is reported in the response and nothing is sent for it.
 */
export async function handleAlarm(alarm: AlarmMessage, deps: Dependencies): Promise<AlarmOutcome> {
  const logger = deps.logger.child({ alarmType: alarm.type, dedupeKey: alarm.dedupeKey });
  const scoped = { ...deps, logger };
  const settings = deps.settings.watch ?? DEFAULT_WATCH_SETTINGS;
  const byConnection = new Map<string, string[]>();
  for (const t of alarm.targets)
    byConnection.set(t.connectionId, [...(byConnection.get(t.connectionId) ?? []), t.publicIp]);
  logger.info("alarm message", {
    title: alarm.title,
    connections: byConnection.size,
    tunnels: alarm.targets.length,
  });
  if (alarm.targets.length === 0) {
    logger.warn("the alarm names no tunnel (no dimensions); split its notifications per metric stream");
  }

  const trigger: AlertTrigger = {
    kind: "alarm",
    type: alarm.type,
    title: alarm.title,
    timestamp: alarm.timestamp?.toISOString() ?? null,
  };
  const firing = isFiring(alarm.type);
  const failures: { connectionId: string; error: unknown }[] = [];
  const results = await mapLimit([...byConnection], settings.concurrency, async ([connectionId, ips]) => {
    try {
      return await checkConnection(
        { connectionId, namedIps: ips, firingIps: new Set(firing ? ips : []), trigger, drift: false },
        scoped,
      );
    } catch (error) {
      logger.error("checking a connection named by the alarm failed", { connectionId, error });
      failures.push({ connectionId, error });
      return null;
    }
  });
  const checked = results.filter((r): r is CheckResult => r !== null);
  const alerts = checked.flatMap((r) => (r.status === "checked" ? r.alerts : []));
  // With the queue, the alerts join the fleet's outbox: one publisher digests them within the topic's budget.
  const queue = deps.scale?.queue;
  const delivery = queue
    ? await enqueueAlerts(alerts, queue, scoped)
    : await deliverAlerts(alerts, trigger, scoped);
  for (const r of checked) {
    const own = r.status === "checked" ? r.alerts : [];
    await commitCheck(
      r,
      own.every((a) => delivery.delivered.has(a)),
      scoped,
    );
  }

  const suppressed = alerts.length === 0 && checked.some((r) => r.status === "checked");
  if (suppressed) {
    logger.info(
      alarm.type === "REPEAT"
        ? "REPEAT suppressed: nothing changed since the last alert"
        : "nothing changed since the last alert; no message sent",
    );
  }
  if (delivery.error !== null) {
    throw new AdapterError(
      "notifier",
      queue
        ? "queueing tunnel alerts failed; the alarm's redelivery will queue them"
        : "publishing tunnel alerts failed; the alarm's redelivery will send them",
      {
        cause: delivery.error,
      },
    );
  }
  if (failures.length > 0) {
    const first = failures[0]?.error;
    const detail = first instanceof TunnelsmithError && first.expose ? `: ${first.message}` : "";
    throw new AdapterError(
      "tunnel watch",
      `${failures.length} of ${byConnection.size} connections named by the alarm could not be checked (${failures.map((f) => f.connectionId).join(", ")})${detail}`,
      { cause: first },
    );
  }
  return {
    outcome: "alarm-handled",
    type: alarm.type,
    dedupeKey: alarm.dedupeKey,
    connections: [...byConnection.keys()].map((id, i) => connectionResult(id, results[i] ?? null)),
    alerts: alerts.map(summarize),
    suppressed,
    digest: delivery.digest,
    messageIds: delivery.messageIds,
    ...(queue ? { queued: alerts.length } : {}),
  };
}

function connectionResult(connectionId: string, r: CheckResult | null): AlarmConnectionResult {
  if (r === null)
    return { connectionId, status: "failed", reason: "see the function log", unmatchedIps: [], alerts: 0 };
  if (r.status !== "checked")
    return { connectionId, status: r.status, reason: r.reason, unmatchedIps: [], alerts: 0 };
  return {
    connectionId,
    status: "checked",
    reason: null,
    unmatchedIps: r.unmatchedIps,
    alerts: r.alerts.length,
  };
}
