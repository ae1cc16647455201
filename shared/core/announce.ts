import { OutcomeUnknownError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { AnnouncementRecord, ConnectionState, Notification, Notifier } from "../ports.ts";
import { sha256 } from "./fingerprint.ts";

/** The dedupe key of an announcement: which links it carries (a new set of links is a new announcement). */
export function announcementKey(linkIds: readonly string[]): string {
  return sha256([...linkIds].sort().join("\n"));
}

/**
 * Publishes the "configs ready" message at most once per set of links. When `previous` records an announcement
 * with the same key it is not sent again (a redelivery after the message went out but the state write failed).
 * A publish whose outcome is unknown (5xx or timeout after the topic may have accepted it) counts as "maybe
 * sent": recorded as such and not retried, since a second copy with the same links is noise, not a fix.
 */
export async function announceOnce(
  notifier: Notifier,
  message: () => Notification,
  linkIds: readonly string[],
  previous: ConnectionState | null,
  now: Date,
  logger: Logger,
): Promise<AnnouncementRecord> {
  const key = announcementKey(linkIds);
  const recorded = previous?.announcement ?? null;
  if (recorded !== null && recorded.key === key) {
    logger.info("these links were already announced; not sending the message again", {
      messageId: recorded.messageId,
    });
    return recorded;
  }
  try {
    const { messageId } = await notifier.publish(message());
    return { key, messageId, outcome: "sent", at: now.toISOString() };
  } catch (error) {
    if (!(error instanceof OutcomeUnknownError)) throw error;
    logger.warn("publishing the notification answered in a way that leaves it unknown; counted as sent", {
      error,
    });
    return { key, messageId: null, outcome: "unknown", at: now.toISOString() };
  }
}
