import type * as ons from "oci-ons";
import type { ResourceAdapter, TeardownScope } from "../../../setup/ports.ts";
import type { FoundResource } from "../../../setup/types.ts";
import { call } from "../errors.ts";
import {
  type AdapterContext,
  isGone,
  isOcid,
  listAll,
  listed,
  orNull,
  pick,
  taggedFor,
  tagsOf,
  text,
  waitUntil,
} from "./common.ts";

const SERVICE = "OCI Notifications";

/**
 * Notifications topics (control plane). Topic names are unique in the whole tenancy, so a create can fail with
 * 409 for a topic that lives in another compartment; the run then stops and says so.
 */
export function createTopicAdapter(
  client: ons.NotificationControlPlaneClient,
  ctx: AdapterContext,
): ResourceAdapter {
  const retryConfiguration = ctx.retry;
  const list = async (compartmentId: string): Promise<FoundResource[]> => {
    const items = await call(SERVICE, "ListTopics", () =>
      listAll((page) => client.listTopics({ compartmentId, page, retryConfiguration })),
    );
    return items
      .filter((t) => !isGone(t.lifecycleState))
      .map((t) => listed("topic", { ...t, id: t.topicId }));
  };
  const isActive = async (topicId: string) => {
    const res = await call(SERVICE, "GetTopic", () => client.getTopic({ topicId, retryConfiguration }));
    return res.notificationTopic.lifecycleState === "ACTIVE";
  };

  return {
    find: async (spec) => pick(await list(spec.compartmentId), spec),
    async create(spec) {
      const res = await call(SERVICE, "CreateTopic", () =>
        client.createTopic({
          createTopicDetails: {
            name: spec.name,
            compartmentId: spec.compartmentId,
            description: `tunnelsmith: ${spec.purpose}`,
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      const topicId = res.notificationTopic.topicId;
      // Subscriptions can only be added to an ACTIVE topic.
      if (res.notificationTopic.lifecycleState !== "ACTIVE") {
        await waitUntil(ctx, `topic ${spec.name}`, () => isActive(topicId));
      }
      return topicId;
    },
    async update(found, spec) {
      await call(SERVICE, "UpdateTopic", () =>
        client.updateTopic({
          topicId: found.id,
          topicAttributesDetails: {
            description: `tunnelsmith: ${spec.purpose}`,
            freeformTags: { ...found.tags, ...spec.tags },
          },
          retryConfiguration,
        }),
      );
    },
    async delete(found) {
      await call(SERVICE, "DeleteTopic", () => client.deleteTopic({ topicId: found.id, retryConfiguration }));
    },
    listTagged: async (scope) => taggedFor(scope.install, await list(scope.compartmentId)),
  };
}

/** A topic's compartment (GetTopic), or null when it does not exist or is not visible. */
export async function topicCompartment(
  client: ons.NotificationControlPlaneClient,
  topicId: string,
  ctx: AdapterContext,
): Promise<string | null> {
  const res = await orNull(SERVICE, "GetTopic", () =>
    client.getTopic({ topicId, retryConfiguration: ctx.retry }),
  );
  return res?.notificationTopic.compartmentId ?? null;
}

/** Asks OCI to send a PENDING subscription's confirmation message again. */
export async function resendConfirmation(
  client: ons.NotificationDataPlaneClient,
  id: string,
  ctx: AdapterContext,
): Promise<void> {
  await call(SERVICE, "ResendSubscriptionConfirmation", () =>
    client.resendSubscriptionConfirmation({ id, retryConfiguration: ctx.retry }),
  );
}

/**
 * Subscriptions (data-plane client). A subscription is its topic, protocol and endpoint: found by those, never
 * updated. E-mail, HTTPS, Slack and PagerDuty subscriptions stay PENDING until the endpoint confirms.
 */
export function createSubscriptionAdapter(
  client: ons.NotificationDataPlaneClient,
  topics: ResourceAdapter,
  ctx: AdapterContext,
): ResourceAdapter {
  const retryConfiguration = ctx.retry;
  const list = async (compartmentId: string, topicId?: string): Promise<FoundResource[]> => {
    const items = await call(SERVICE, "ListSubscriptions", () =>
      listAll((page) => client.listSubscriptions({ compartmentId, topicId, page, retryConfiguration })),
    );
    return items
      .filter((s) => !isGone(s.lifecycleState))
      .map((s) => ({
        id: s.id,
        kind: "subscription" as const,
        name: s.protocol, // not the endpoint: a Slack or PagerDuty URL is a credential
        compartmentId: s.compartmentId,
        fields: { topicId: s.topicId, protocol: s.protocol, endpoint: s.endpoint },
        tags: tagsOf(s.freeformTags),
        lifecycleState: s.lifecycleState,
        matchedBy: "name" as const,
      }));
  };

  return {
    async find(spec) {
      const topicId = spec.fields.topicId;
      if (!isOcid(topicId)) return null; // its topic does not exist yet, so neither does it
      const match = (await list(spec.compartmentId, topicId)).find(
        (s) => s.fields.protocol === spec.fields.protocol && s.fields.endpoint === spec.fields.endpoint,
      );
      return match ? { ...match, name: spec.name } : null;
    },
    async create(spec) {
      const res = await call(SERVICE, "CreateSubscription", () =>
        client.createSubscription({
          createSubscriptionDetails: {
            topicId: text(spec, "topicId"),
            compartmentId: spec.compartmentId,
            protocol: text(spec, "protocol"),
            endpoint: text(spec, "endpoint"),
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      return res.subscription.id;
    },
    async update() {
      throw new Error("internal: subscriptions are not updated");
    },
    async delete(found) {
      await call(SERVICE, "DeleteSubscription", () =>
        client.deleteSubscription({ subscriptionId: found.id, retryConfiguration }),
      );
    },
    // Every subscription on a topic setup made goes with it, including ones added by hand.
    async listTagged(scope: TeardownScope) {
      const ours = await topics.listTagged(scope);
      const out: FoundResource[] = [];
      for (const topic of ours) {
        const subs = await list(scope.compartmentId, topic.id);
        out.push(...subs.map((s) => ({ ...s, name: `${s.fields.protocol} on ${topic.name}` })));
      }
      return out;
    },
  };
}
