import type { Dependencies } from "../../ports.ts";
import type { AlertTrigger, TunnelAlert } from "./alert.ts";
import {
  alertJsonNotification,
  alertNotification,
  bySeverity,
  digestJsonNotifications,
  digestNotification,
} from "./message.ts";
import { DEFAULT_WATCH_SETTINGS } from "./settings.ts";

/** What delivering the alerts of one invocation did. */
export interface Delivery {
  messageIds: string[];
  /** True when the alerts went out as one digest. */
  digest: boolean;
  /** The alerts whose message was published (the others are retried by the next alarm or sweep). */
  delivered: Set<TunnelAlert>;
  /** The first publish failure, if any. */
  error: unknown;
}

/**
 * Publishes the alerts: one message each, or one digest when there are more than the digest threshold (a topic
 * takes about 60 messages a minute and e-mail about 10, so 300 tunnel messages would arrive over minutes, and
 * some would be dropped). The JSON variant goes to the JSON topic when one is configured; its failure is logged,
 * not fatal: the text message is the alert of record.
 */
export async function deliverAlerts(
  alerts: readonly TunnelAlert[],
  trigger: AlertTrigger,
  deps: Dependencies,
): Promise<Delivery> {
  const settings = deps.settings.watch ?? DEFAULT_WATCH_SETTINGS;
  const result: Delivery = { messageIds: [], digest: false, delivered: new Set(), error: null };
  if (alerts.length === 0) return result;
  const context = { holdSeconds: settings.flapHoldSeconds };

  if (alerts.length > settings.digestThreshold) {
    result.digest = true;
    try {
      const { messageId } = await deps.notifier.publish(
        digestNotification(alerts, {
          ...context,
          trigger,
          threshold: settings.digestThreshold,
          detectedAt: deps.clock.now().toISOString(),
        }),
      );
      result.messageIds.push(messageId);
      for (const a of alerts) result.delivered.add(a);
    } catch (error) {
      deps.logger.error("could not publish the alert digest; the next alarm or sweep sends it again", {
        error,
      });
      result.error = error;
      return result;
    }
    await publishJson(digestJsonNotifications(alerts), deps);
    return result;
  }

  for (const alert of bySeverity(alerts)) {
    try {
      const { messageId } = await deps.notifier.publish(alertNotification(alert, context));
      result.messageIds.push(messageId);
      result.delivered.add(alert);
    } catch (error) {
      deps.logger.error("could not publish a tunnel alert; the next alarm or sweep sends it again", {
        connectionId: alert.connection.id,
        tunnelId: alert.tunnel.id,
        error,
      });
      result.error ??= error;
      continue;
    }
    await publishJson([alertJsonNotification(alert)], deps);
  }
  return result;
}

async function publishJson(messages: readonly { title: string; body: string }[], deps: Dependencies) {
  const notifier = deps.alertJsonNotifier;
  if (!notifier) return;
  for (const message of messages) {
    try {
      await notifier.publish(message);
    } catch (error) {
      deps.logger.warn("could not publish the JSON variant of a tunnel alert", { error });
    }
  }
}
