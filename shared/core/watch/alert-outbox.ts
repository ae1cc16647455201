import { z } from "zod";
import type { Dependencies } from "../../ports.ts";
import type { WatchQueues } from "../queue/ports.ts";
import type { TunnelAlert } from "./alert.ts";
import type { Delivery } from "./deliver.ts";

/**
 * The alert outbox: with a queue configured, alarm invocations and sweep workers do not publish; they put each
 * alert on the `alerts` channel and record the transition (the state is written once the put succeeded, so an
 * alert is never lost: a failed put leaves the state as it was and the next look finds the same change). One
 * publisher (alert-publisher.ts) drains the channel within the topic's budget, many alerts to one digest.
 */
export async function enqueueAlerts(
  alerts: readonly TunnelAlert[],
  queue: WatchQueues,
  deps: Pick<Dependencies, "logger">,
): Promise<Delivery> {
  const result: Delivery = { messageIds: [], digest: false, delivered: new Set(), error: null };
  if (alerts.length === 0) return result;
  try {
    await queue.alerts.put(alerts.map((a) => JSON.stringify(a)));
    for (const a of alerts) result.delivered.add(a);
  } catch (error) {
    deps.logger.error("could not queue the tunnel alerts; the next alarm or sweep finds the change again", {
      alerts: alerts.length,
      error,
    });
    result.error = error;
  }
  return result;
}

const side = z.looseObject({ index: z.number(), id: z.string(), healthy: z.boolean() });
/** Enough of a TunnelAlert to trust the rest: the queue holds only what enqueueAlerts put there. */
const queuedAlert = z.looseObject({
  state: z.enum(["DOWN", "RECOVERED", "FLAPPING"]),
  severity: z.enum(["CRITICAL", "WARNING", "INFO"]),
  connection: z.object({ id: z.string(), label: z.string() }),
  tunnel: side,
  other: side.nullable(),
  trafficFlowing: z.boolean(),
  since: z.string(),
  detectedAt: z.string(),
  trigger: z.looseObject({ kind: z.enum(["alarm", "sweep"]) }),
});

/** A queued alert read back, or null when the message is not one (it is dropped with a log line). */
export function parseQueuedAlert(content: string): TunnelAlert | null {
  try {
    const parsed = queuedAlert.safeParse(JSON.parse(content));
    return parsed.success ? (parsed.data as unknown as TunnelAlert) : null;
  } catch {
    return null;
  }
}
