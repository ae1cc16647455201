import type * as common from "oci-common";
import * as queue from "oci-queue";
import type { QueueSettings } from "../../config/settings-oci.ts";
import type { GetOptions, QueueMessage, WatchQueues, WorkQueue } from "../../core/queue/ports.ts";
import type { OciAuthProvider } from "./auth.ts";
import { clientConfiguration, clientParams } from "./clients.ts";
import { call } from "./errors.ts";
import { forCreate } from "./retry.ts";

const SERVICE = "OCI Queue";
/** PutMessages, GetMessages and DeleteMessages take at most 20 messages a call (Queue's batch limit). */
const BATCH = 20;
/** The channels of the one tunnelsmith queue (channels are created on first put). */
export const SHARD_CHANNEL = "sweep-shards";
export const ALERT_CHANNEL = "alerts";

/**
 * The Queue messages client, pointed at the queue's messages endpoint (each queue has its own, from GetQueue's
 * `messagesEndpoint`) or else the region's. The SDK appends `/20210201`.
 */
export function createQueueClient(
  provider: OciAuthProvider,
  regionId: string,
  settings: QueueSettings,
  requestTimeoutMs: number,
): queue.QueueClient {
  const client = new queue.QueueClient(clientParams(provider, requestTimeoutMs), clientConfiguration());
  client.regionId = regionId;
  if (settings.endpoint) client.endpoint = settings.endpoint;
  return client;
}

/** The Queue client, the queue and the invocation's retry configuration. */
export interface OciWorkQueueOptions {
  client: queue.QueueClient;
  settings: QueueSettings;
  retry: common.RetryConfiguration;
}

/** Both channels of the queue as work queues. */
export function createOciWatchQueues(options: OciWorkQueueOptions): WatchQueues {
  return { shards: channel(options, SHARD_CHANNEL), alerts: channel(options, ALERT_CHANNEL) };
}

/**
 * One channel of an OCI Queue: PutMessages with the channel id in each message's metadata, GetMessages with a
 * channel filter, DeleteMessages and UpdateMessage (visibility) by receipt. A put is retried only on 429
 * (`forCreate`): a 5xx after the service stored the messages would put them twice, and a shard put twice is
 * checked twice, but an alert put twice is published twice.
 */
function channel(options: OciWorkQueueOptions, channelId: string): WorkQueue {
  const { client, settings, retry } = options;
  const queueId = settings.queueId;
  const createRetry = forCreate(retry);
  return {
    maxDeliveries: settings.maxDeliveries,
    async put(contents) {
      for (let i = 0; i < contents.length; i += BATCH) {
        const messages = contents
          .slice(i, i + BATCH)
          .map((content) => ({ content, metadata: { channelId } }));
        await call(SERVICE, "PutMessages", () =>
          client.putMessages({ queueId, putMessagesDetails: { messages }, retryConfiguration: createRetry }),
        );
      }
    },
    async get(get: GetOptions): Promise<QueueMessage[]> {
      const res = await call(SERVICE, "GetMessages", () =>
        client.getMessages({
          queueId,
          channelFilter: channelId,
          limit: Math.min(BATCH, Math.max(1, get.limit)),
          visibilityInSeconds: get.visibilitySeconds,
          timeoutInSeconds: get.waitSeconds,
          retryConfiguration: retry,
        }),
      );
      return res.getMessages.messages.map((m) => ({
        id: String(m.id),
        receipt: m.receipt,
        content: m.content,
        deliveryCount: m.deliveryCount,
      }));
    },
    async delete(receipts) {
      for (let i = 0; i < receipts.length; i += BATCH) {
        const entries = receipts.slice(i, i + BATCH).map((receipt) => ({ receipt }));
        await call(SERVICE, "DeleteMessages", () =>
          client.deleteMessages({ queueId, deleteMessagesDetails: { entries }, retryConfiguration: retry }),
        );
      }
    },
    async release(receipt, visibilitySeconds) {
      await call(SERVICE, "UpdateMessage", () =>
        client.updateMessage({
          queueId,
          messageReceipt: receipt,
          updateMessageDetails: { visibilityInSeconds: visibilitySeconds },
          retryConfiguration: retry,
        }),
      );
    },
  };
}
