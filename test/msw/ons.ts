import { randomUUID } from "node:crypto";
import { http } from "msw";
import type { FakeOci } from "./fake-oci.ts";
import { ociError, ok, signed } from "./respond.ts";

/** 64 KB: the largest message a topic accepts. */
export const ONS_MAX_MESSAGE_BYTES = 64 * 1024;

/** Notifications data plane (`NotificationDataPlaneClient`, `/20181201`): PublishMessage. */
export function onsHandlers(fake: FakeOci, origin: string) {
  return [
    http.post(
      `${origin}/20181201/topics/:topicId/messages`,
      signed(fake, "ons", ({ params, body }) => {
        const topicId = params.topicId ?? "";
        if (!fake.topics.has(topicId)) return ociError(404, "NotAuthorizedOrNotFound", "topic not found");
        const { title, body: text } = JSON.parse(body) as { title?: string; body?: string };
        if (Buffer.byteLength(body, "utf8") > ONS_MAX_MESSAGE_BYTES) {
          return ociError(400, "InvalidParameter", "message exceeds 64 KB");
        }
        const messageId = randomUUID();
        fake.messages.push({ topicId, title: title ?? "", body: text ?? "", messageId });
        return ok({ messageId, timeStamp: new Date().toISOString() }, {}, 202);
      }),
    ),
  ];
}

/**
 * Per-test fault (use with `server.use`): the next `times` PublishMessage calls are delivered (the message is in
 * `fake.messages`) and then answered 500, the "5xx after success" a client cannot tell from a failure.
 */
export function publishThenFail(fake: FakeOci, origin: string, times = 1) {
  let left = times;
  return http.post(
    `${origin}/20181201/topics/:topicId/messages`,
    signed(fake, "ons", ({ params, body }) => {
      if (left <= 0) return undefined;
      left -= 1;
      const { title, body: text } = JSON.parse(body) as { title?: string; body?: string };
      fake.messages.push({
        topicId: params.topicId ?? "",
        title: title ?? "",
        body: text ?? "",
        messageId: randomUUID(),
      });
      return ociError(500, "InternalServerError", "injected 500 after the message was delivered");
    }),
  );
}
