import type * as queue from "oci-queue";
import type { ResourceAdapter } from "../../../setup/ports.ts";
import type { FoundResource, ResourceSpec } from "../../../setup/types.ts";
import { call } from "../errors.ts";
import {
  type AdapterContext,
  findFromSummaries,
  isGone,
  listAll,
  listed,
  pick,
  taggedFor,
  waitUntil,
} from "./common.ts";

const SERVICE = "OCI Queue";

/** A number field of a resolved queue spec. */
function num(spec: ResourceSpec, field: string): number {
  const value = spec.fields[field];
  if (typeof value !== "number") throw new Error(`internal: ${spec.key}.${field} is not a number`);
  return value;
}

/**
 * The sharded sweep's work queue (QueueAdminClient, `/20210201`). CreateQueue answers a work request, not the
 * queue, so `create` waits until the new queue is listed under its name. Retention cannot change once the queue
 * exists (UpdateQueueDetails has no such field): a drifted retention shows in the plan and is left as it is.
 */
export function createQueueAdapter(client: queue.QueueAdminClient, ctx: AdapterContext): ResourceAdapter {
  const retryConfiguration = ctx.retry;

  const summaries = async (compartmentId: string): Promise<FoundResource[]> => {
    const items = await call(SERVICE, "ListQueues", () =>
      listAll(async (page) => {
        const res = await client.listQueues({ compartmentId, page, retryConfiguration });
        return { items: res.queueCollection.items, opcNextPage: res.opcNextPage };
      }),
    );
    return items
      .filter((q) => !isGone(q.lifecycleState))
      .map((q) => listed("queue", { ...q, name: q.displayName ?? "" }));
  };

  /** The summary lacks the delivery count, visibility and retention: read the queue to compare them. */
  const full = async (summary: FoundResource): Promise<FoundResource> => {
    const { queue: q } = await call(SERVICE, "GetQueue", () =>
      client.getQueue({ queueId: summary.id, retryConfiguration }),
    );
    return {
      ...summary,
      lifecycleState: q.lifecycleState,
      exports: { endpoint: q.messagesEndpoint },
      fields: {
        deadLetterQueueDeliveryCount: q.deadLetterQueueDeliveryCount ?? null,
        visibilityInSeconds: q.visibilityInSeconds,
        retentionInSeconds: q.retentionInSeconds,
      },
    };
  };

  return {
    find: (spec) => findFromSummaries(spec, summaries, full),
    async create(spec) {
      await call(SERVICE, "CreateQueue", () =>
        client.createQueue({
          createQueueDetails: {
            compartmentId: spec.compartmentId,
            displayName: spec.name,
            deadLetterQueueDeliveryCount: num(spec, "deadLetterQueueDeliveryCount"),
            visibilityInSeconds: num(spec, "visibilityInSeconds"),
            retentionInSeconds: num(spec, "retentionInSeconds"),
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      let id: string | null = null;
      await waitUntil(ctx, `queue ${spec.name}`, async () => {
        id = pick(await summaries(spec.compartmentId), spec)?.id ?? null;
        return id !== null;
      });
      if (id === null) throw new Error(`internal: queue ${spec.name} not listed after creation`);
      return id;
    },
    async exportsOf(queueId) {
      const { queue: q } = await call(SERVICE, "GetQueue", () =>
        client.getQueue({ queueId, retryConfiguration }),
      );
      return { endpoint: q.messagesEndpoint };
    },
    async update(found, spec) {
      await call(SERVICE, "UpdateQueue", () =>
        client.updateQueue({
          queueId: found.id,
          updateQueueDetails: {
            deadLetterQueueDeliveryCount: num(spec, "deadLetterQueueDeliveryCount"),
            visibilityInSeconds: num(spec, "visibilityInSeconds"),
            freeformTags: { ...found.tags, ...spec.tags },
          },
          retryConfiguration,
        }),
      );
    },
    async delete(found) {
      await call(SERVICE, "DeleteQueue", () => client.deleteQueue({ queueId: found.id, retryConfiguration }));
    },
    listTagged: async (scope) => taggedFor(scope.install, await summaries(scope.compartmentId)),
  };
}
