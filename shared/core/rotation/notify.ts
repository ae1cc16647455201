import type { Dependencies, Notification } from "../../ports.ts";

/**
 * Publishes a message about a rotation that went wrong, without letting a second failure hide the first: the
 * run's real error (or outcome) is what the caller returns; a message that cannot be sent is logged.
 */
export async function notifyBestEffort(
  deps: Pick<Dependencies, "notifier" | "logger">,
  message: Notification,
): Promise<string | null> {
  try {
    return (await deps.notifier.publish(message)).messageId;
  } catch (error) {
    deps.logger.error("could not send the rotation message", { title: message.title, error });
    return null;
  }
}
