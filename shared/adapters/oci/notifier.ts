import type * as common from "oci-common";
import type * as ons from "oci-ons";
import { MAX_NOTIFICATION_BYTES } from "../../core/notification.ts";
import type { Notification, Notifier } from "../../ports.ts";
import { callCreate } from "./errors.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { forCreate } from "./retry.ts";

export interface OciNotifierOptions {
  client: ons.NotificationDataPlaneClient;
  topicId: string;
  /** The invocation's retry configuration; a publish retries only 429 ({@link forCreate}). */
  retry: common.RetryConfiguration;
  limiter: RateLimiter;
  deadline: Date;
}

/** Title length kept for e-mail subjects and Slack headers. */
const MAX_TITLE_CHARS = 200;

/**
 * Publishes to a Notifications topic, one message per call, within the container's publish rate. The size limit
 * is enforced here as a last line of defence (the core's messages already fit): a message over 64 KB is rejected
 * by the topic, and a lost "configs ready" message is worse than a shortened one. A publish is never retried
 * blindly: a 5xx or a lost answer may follow a message already sent, so it raises OutcomeUnknownError instead.
 */
export function createOciNotifier(options: OciNotifierOptions): Notifier {
  const { client, topicId, limiter, deadline } = options;
  const retry = forCreate(options.retry);
  return {
    async publish(message: Notification) {
      const title =
        message.title.length > MAX_TITLE_CHARS
          ? `${message.title.slice(0, MAX_TITLE_CHARS - 1)}…`
          : message.title;
      const body = fitBytes(message.body, MAX_NOTIFICATION_BYTES);
      await limiter.take(deadline);
      const res = await callCreate("OCI Notifications", "PublishMessage", () =>
        client.publishMessage({ topicId, messageDetails: { title, body }, retryConfiguration: retry }),
      );
      return { messageId: res.publishResult.messageId };
    },
  };
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character, marking the cut. */
function fitBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const marker = "\n… (truncated to fit the 64 KB message limit)";
  const room = maxBytes - Buffer.byteLength(marker, "utf8");
  // Decoding a prefix cut inside a multi-byte character yields U+FFFD at the end: drop it.
  const cut = Buffer.from(text, "utf8")
    .subarray(0, room)
    .toString("utf8")
    .replace(/\uFFFD+$/, "");
  return `${cut}${marker}`;
}
