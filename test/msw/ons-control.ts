import { http } from "msw";
import type { FakeOci, Json } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, page, signed } from "./respond.ts";

/** Protocols whose endpoint must confirm the subscription (the confirmation expires after a few days). */
const CONFIRMED_BY_ENDPOINT = ["EMAIL", "HTTPS", "CUSTOM_HTTPS", "SLACK", "PAGERDUTY"];

const NOT_FOUND = (what: string) =>
  ociError(404, "NotAuthorizedOrNotFound", `${what} not found or not authorized`);

/**
 * Notifications topics (`NotificationControlPlaneClient`) and subscriptions (`NotificationDataPlaneClient`), both
 * under `/20181201` on the notification endpoint. Topic names are unique in the whole tenancy (409 otherwise), a
 * subscription needs an ACTIVE topic, and e-mail, HTTPS, Slack and PagerDuty subscriptions stay PENDING until
 * confirmed (`confirmSubscription` in a test; `confirmationsSent` counts ResendSubscriptionConfirmation calls).
 */
export function onsControlHandlers(fake: FakeOci, origin: string) {
  const base = `${origin}/20181201`;
  const cp = fake.control;
  const svc = (resolver: FakeResolver) => signed(fake, "ons", resolver);

  return [
    http.get(
      `${base}/topics`,
      svc(({ request }) => {
        const q = new URL(request.url).searchParams;
        const all = [...cp.topics.values()].filter(
          (t) => t.compartmentId === q.get("compartmentId") && (!q.get("name") || t.name === q.get("name")),
        );
        const { items, headers } = page(request, all, fake.pageSize);
        return ok(items, headers);
      }),
    ),
    http.post(
      `${base}/topics`,
      svc(({ body }) => {
        const d = JSON.parse(body) as Json;
        if (typeof d.name !== "string" || !/^[A-Za-z0-9_-]{1,256}$/.test(d.name))
          return ociError(400, "InvalidParameter", "name: letters, digits, - and _ only");
        if ([...cp.topics.values()].some((t) => t.name === d.name))
          return ociError(409, "Conflict", `a topic named ${d.name} already exists in this tenancy`);
        const topicId = cp.newId("onstopic");
        const topic = {
          topicId,
          name: d.name,
          compartmentId: d.compartmentId,
          description: d.description ?? null,
          lifecycleState: "ACTIVE",
          apiEndpoint: `${origin}/20181201`,
          timeCreated: new Date().toISOString(),
          freeformTags: d.freeformTags ?? {},
        };
        cp.topics.set(topicId, topic);
        fake.topics.add(topicId);
        return ok(topic, { etag: fake.newEtag() });
      }),
    ),
    http.get(
      `${base}/topics/:topicId`,
      svc(({ params }) => {
        const topic = cp.topics.get(params.topicId ?? "");
        return topic ? ok(topic, { etag: fake.newEtag() }) : NOT_FOUND("topic");
      }),
    ),
    http.put(
      `${base}/topics/:topicId`,
      svc(({ params, body }) => {
        const topic = cp.topics.get(params.topicId ?? "");
        if (!topic) return NOT_FOUND("topic");
        const d = JSON.parse(body) as Json;
        if (typeof d.description !== "string")
          return ociError(400, "InvalidParameter", "description is required");
        Object.assign(topic, {
          description: d.description,
          freeformTags: d.freeformTags ?? topic.freeformTags,
        });
        return ok(topic, { etag: fake.newEtag() });
      }),
    ),
    http.delete(
      `${base}/topics/:topicId`,
      svc(({ params }) => {
        const id = params.topicId ?? "";
        if (!cp.topics.delete(id)) return NOT_FOUND("topic");
        fake.topics.delete(id);
        return new Response(null, { status: 202 });
      }),
    ),
    http.get(
      `${base}/subscriptions`,
      svc(({ request }) => {
        const q = new URL(request.url).searchParams;
        const all = [...cp.subscriptions.values()].filter(
          (s) =>
            s.compartmentId === q.get("compartmentId") &&
            (!q.get("topicId") || s.topicId === q.get("topicId")),
        );
        const { items, headers } = page(request, all, fake.pageSize);
        return ok(items, headers);
      }),
    ),
    http.post(
      `${base}/subscriptions`,
      svc(({ body }) => {
        const d = JSON.parse(body) as Json;
        const topic = cp.topics.get(String(d.topicId));
        if (!topic) return NOT_FOUND("topic");
        if (topic.lifecycleState !== "ACTIVE")
          return ociError(409, "IncorrectState", "the topic is not ACTIVE yet");
        const protocols = ["EMAIL", "SLACK", "CUSTOM_HTTPS", "PAGERDUTY", "ORACLE_FUNCTIONS", "SMS", "HTTPS"];
        if (!protocols.includes(String(d.protocol)))
          return ociError(400, "InvalidParameter", "unknown protocol");
        if (d.protocol === "ORACLE_FUNCTIONS" && !cp.functions.has(String(d.endpoint)))
          return ociError(400, "InvalidParameter", "endpoint must be the OCID of an existing function");
        const duplicate = [...cp.subscriptions.values()].some(
          (s) => s.topicId === d.topicId && s.protocol === d.protocol && s.endpoint === d.endpoint,
        );
        if (duplicate) return ociError(409, "Conflict", "the subscription already exists");
        const id = cp.newId("onssubscription");
        const subscription = {
          id,
          topicId: d.topicId,
          compartmentId: d.compartmentId,
          protocol: d.protocol,
          endpoint: d.endpoint,
          // Endpoints that must confirm (e-mail, HTTPS, Slack, PagerDuty) stay PENDING until they do.
          lifecycleState: CONFIRMED_BY_ENDPOINT.includes(String(d.protocol)) ? "PENDING" : "ACTIVE",
          confirmationsSent: CONFIRMED_BY_ENDPOINT.includes(String(d.protocol)) ? 1 : 0,
          createdTime: Date.now(),
          freeformTags: d.freeformTags ?? {},
        };
        cp.subscriptions.set(id, subscription);
        return ok(subscription, { etag: fake.newEtag() });
      }),
    ),
    http.post(
      `${base}/subscriptions/:id/resendConfirmation`,
      svc(({ params }) => {
        const sub = cp.subscriptions.get(params.id ?? "");
        if (!sub) return NOT_FOUND("subscription");
        if (sub.lifecycleState !== "PENDING")
          return ociError(409, "IncorrectState", `the subscription is ${sub.lifecycleState}, not PENDING`);
        sub.confirmationsSent = Number(sub.confirmationsSent) + 1;
        return ok(sub, { etag: fake.newEtag() });
      }),
    ),
    http.delete(
      `${base}/subscriptions/:id`,
      svc(({ params }) => {
        if (!cp.subscriptions.delete(params.id ?? "")) return NOT_FOUND("subscription");
        return new Response(null, { status: 200 });
      }),
    ),
  ];
}
