import { randomUUID } from "node:crypto";
import { http } from "msw";
import type { FakeOci } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, signed } from "./respond.ts";

/** Queue's batch limit: PutMessages, GetMessages and DeleteMessages take at most 20 messages a call. */
export const QUEUE_BATCH = 20;

export interface FakeQueueMessage {
  id: number;
  content: string;
  channelId: string;
  deliveryCount: number;
  /** Epoch ms from which it can be handed out. */
  visibleAt: number;
  receipt: string | null;
  createdAt: number;
}

/** One queue: its messages by channel, and what went to its dead-letter queue. */
export interface FakeQueue {
  id: string;
  /** `deadLetterQueueDeliveryCount`. */
  maxDeliveries: number;
  /** Largest message content in bytes the fake accepts. */
  maxMessageBytes: number;
  messages: FakeQueueMessage[];
  deadLetters: FakeQueueMessage[];
  /** The last message id given out (ids grow per queue, as OCI's do). */
  lastId: number;
}

const queues = new WeakMap<FakeOci, Map<string, FakeQueue>>();

/** The fake's queues (kept beside the FakeOci, one map per fake). */
export function queuesOf(fake: FakeOci): Map<string, FakeQueue> {
  let map = queues.get(fake);
  if (!map) {
    map = new Map();
    queues.set(fake, map);
  }
  return map;
}

/** Adds a queue to the fake. */
export function addQueue(
  fake: FakeOci,
  id: string,
  maxDeliveries = 5,
  maxMessageBytes = 128 * 1024,
): FakeQueue {
  const q: FakeQueue = { id, maxDeliveries, maxMessageBytes, messages: [], deadLetters: [], lastId: 0 };
  queuesOf(fake).set(id, q);
  return q;
}

const NOT_FOUND = () => ociError(404, "NotAuthorizedOrNotFound", "queue not found or not authorized");

/**
 * OCI Queue messages (`QueueClient`, `/20210201` on the queue's messages endpoint): PutMessages (channel from
 * each message's metadata), GetMessages (lease by `visibilityInSeconds`, `channelFilter`, `limit` ≤ 20),
 * DeleteMessage(s) and UpdateMessage by receipt. A lease that ends makes the message visible again with its
 * delivery count kept; a message delivered `maxDeliveries` times moves to the dead-letter queue instead of a
 * further delivery. An expired or unknown receipt is 404, as a consumer whose lease ran out would see. Time is the
 * test's clock (`now`).
 */
export function queueHandlers(fake: FakeOci, origin: string, now: () => Date) {
  const base = `${origin}/20210201/queues/:queueId/messages`;
  const svc = (resolver: FakeResolver) => signed(fake, "queue", resolver);
  const queueOf = (id: string | undefined) => (id ? queuesOf(fake).get(id) : undefined);
  const leased = (q: FakeQueue, receipt: string | undefined) =>
    q.messages.find((m) => m.receipt !== null && m.receipt === receipt && m.visibleAt > now().getTime());

  return [
    http.post(
      base,
      svc(({ params, body }) => {
        const q = queueOf(params.queueId);
        if (!q) return NOT_FOUND();
        const { messages } = JSON.parse(body) as {
          messages?: { content?: string; metadata?: { channelId?: string } }[];
        };
        if (!Array.isArray(messages) || messages.length === 0 || messages.length > QUEUE_BATCH)
          return ociError(400, "InvalidParameter", `messages: 1 to ${QUEUE_BATCH} per request`);
        if (messages.some((m) => typeof m.content !== "string" || m.content.length === 0))
          return ociError(400, "InvalidParameter", "content is required");
        if (messages.some((m) => Buffer.byteLength(m.content ?? "", "utf8") > q.maxMessageBytes))
          return ociError(400, "InvalidParameter", "message content exceeds the queue's maximum size");
        const t = now().getTime();
        const stored = messages.map((m) => ({
          id: ++q.lastId,
          content: m.content ?? "",
          channelId: m.metadata?.channelId ?? "",
          deliveryCount: 0,
          visibleAt: t,
          receipt: null,
          createdAt: t,
        }));
        q.messages.push(...stored);
        return ok({ messages: stored.map((m) => ({ id: m.id })) });
      }),
    ),
    http.get(
      base,
      svc(({ params, request }) => {
        const q = queueOf(params.queueId);
        if (!q) return NOT_FOUND();
        const search = new URL(request.url).searchParams;
        const limit = Number(search.get("limit") ?? "1");
        const visibility = Number(search.get("visibilityInSeconds") ?? "30");
        const channel = search.get("channelFilter");
        if (!Number.isInteger(limit) || limit < 1 || limit > QUEUE_BATCH)
          return ociError(400, "InvalidParameter", `limit must be 1 to ${QUEUE_BATCH}`);
        const t = now().getTime();
        const out = [];
        for (const m of [...q.messages]) {
          if (out.length >= limit) break;
          if (m.visibleAt > t || (channel !== null && m.channelId !== channel)) continue;
          if (m.deliveryCount >= q.maxDeliveries) {
            q.messages.splice(q.messages.indexOf(m), 1);
            q.deadLetters.push(m);
            continue;
          }
          m.deliveryCount += 1;
          m.receipt = randomUUID();
          m.visibleAt = t + visibility * 1000;
          out.push({
            id: m.id,
            content: m.content,
            receipt: m.receipt,
            deliveryCount: m.deliveryCount,
            visibleAfter: new Date(m.visibleAt).toISOString(),
            expireAfter: new Date(m.createdAt + 86_400_000).toISOString(),
            createdAt: new Date(m.createdAt).toISOString(),
            metadata: { channelId: m.channelId, customProperties: {} },
          });
        }
        return ok({ messages: out });
      }),
    ),
    http.post(
      `${base}/actions/deleteMessages`,
      svc(({ params, body }) => {
        const q = queueOf(params.queueId);
        if (!q) return NOT_FOUND();
        const { entries } = JSON.parse(body) as { entries?: { receipt?: string }[] };
        if (!Array.isArray(entries) || entries.length === 0 || entries.length > QUEUE_BATCH)
          return ociError(400, "InvalidParameter", `entries: 1 to ${QUEUE_BATCH} per request`);
        let clientFailures = 0;
        const results = entries.map((e) => {
          const m = leased(q, e.receipt);
          if (!m) {
            clientFailures += 1;
            return { errorCode: "NotFound", errorMessage: "receipt is not valid" };
          }
          q.messages.splice(q.messages.indexOf(m), 1);
          return {};
        });
        return ok({ clientFailures, serverFailures: 0, entries: results });
      }),
    ),
    http.put(
      `${base}/:messageReceipt`,
      svc(({ params, body }) => {
        const q = queueOf(params.queueId);
        if (!q) return NOT_FOUND();
        const m = leased(q, params.messageReceipt);
        if (!m) return ociError(404, "NotFound", "receipt is not valid (lease expired or message deleted)");
        const { visibilityInSeconds } = JSON.parse(body) as { visibilityInSeconds?: number };
        if (
          typeof visibilityInSeconds !== "number" ||
          visibilityInSeconds < 0 ||
          visibilityInSeconds > 43_200
        )
          return ociError(400, "InvalidParameter", "visibilityInSeconds must be 0 to 43200");
        m.visibleAt = now().getTime() + visibilityInSeconds * 1000;
        m.receipt = null;
        return ok({ visibleAfter: new Date(m.visibleAt).toISOString() });
      }),
    ),
    http.delete(
      `${base}/:messageReceipt`,
      svc(({ params }) => {
        const q = queueOf(params.queueId);
        if (!q) return NOT_FOUND();
        const m = leased(q, params.messageReceipt);
        if (!m) return ociError(404, "NotFound", "receipt is not valid (lease expired or message deleted)");
        q.messages.splice(q.messages.indexOf(m), 1);
        return new Response(null, { status: 200 });
      }),
    ),
  ];
}
