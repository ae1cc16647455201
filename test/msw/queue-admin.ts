import { http } from "msw";
import { getAndDeleteById, mergingPutById } from "./by-id.ts";
import type { FakeOci, Json } from "./fake-oci.ts";
import { addQueue } from "./queue.ts";
import { type FakeResolver, ociError, ok, page, signed } from "./respond.ts";

const NOT_FOUND = () => ociError(404, "NotAuthorizedOrNotFound", "queue not found or not authorized");

const admin = new WeakMap<FakeOci, Map<string, Json>>();

/** The queues created through the admin API, as GetQueue answers them (one map per fake). */
export function adminQueuesOf(fake: FakeOci): Map<string, Json> {
  let map = admin.get(fake);
  if (!map) {
    map = new Map();
    admin.set(fake, map);
  }
  return map;
}

/**
 * OCI Queue's admin API (`QueueAdminClient`, `/20210201/queues`). CreateQueue answers 202 with a work request id
 * only, as OCI does: the new queue is found by listing. Limits checked as the Queue API documents them: delivery
 * count 0-20, visibility 1 s to 12 h, retention 10 s to 7 days. A created queue also exists on the messages fake
 * (`queue.ts`), with its delivery count, so a test can put shards on it.
 */
export function queueAdminHandlers(fake: FakeOci, origin: string, messagesEndpoint: string) {
  const base = `${origin}/20210201/queues`;
  const queues = adminQueuesOf(fake);
  const svc = (resolver: FakeResolver) => signed(fake, "queue", resolver);
  const byId = { fake, resources: queues, svc, notFound: NOT_FOUND, deleteStatus: 202 } as const;

  const within = (v: unknown, min: number, max: number) => typeof v === "number" && v >= min && v <= max;
  const invalid = (q: Json): string | null => {
    if (!within(q.deadLetterQueueDeliveryCount ?? 0, 0, 20)) return "deadLetterQueueDeliveryCount is 0-20";
    if (!within(q.visibilityInSeconds ?? 30, 1, 43_200)) return "visibilityInSeconds is 1-43200";
    if (!within(q.retentionInSeconds ?? 86_400, 10, 604_800)) return "retentionInSeconds is 10-604800";
    return null;
  };

  return [
    http.get(
      base,
      svc(({ request }) => {
        const q = new URL(request.url).searchParams;
        const all = [...queues.values()]
          .filter((x) => x.compartmentId === q.get("compartmentId"))
          .filter((x) => !q.get("displayName") || x.displayName === q.get("displayName"));
        const { items, headers } = page(request, all, fake.pageSize);
        return ok({ items }, headers);
      }),
    ),
    http.post(
      base,
      svc(({ body }) => {
        const d = JSON.parse(body) as Json;
        const problem = invalid(d);
        if (problem) return ociError(400, "InvalidParameter", problem);
        const id = fake.control.newId("queue");
        queues.set(id, {
          visibilityInSeconds: 30,
          retentionInSeconds: 86_400,
          ...d,
          id,
          lifecycleState: "ACTIVE",
          messagesEndpoint,
          timeCreated: new Date().toISOString(),
          timeUpdated: new Date().toISOString(),
          freeformTags: d.freeformTags ?? {},
          definedTags: {},
        });
        addQueue(fake, id, Number(d.deadLetterQueueDeliveryCount ?? 5));
        return new Response(null, {
          status: 202,
          headers: { "opc-work-request-id": fake.control.newId("queueworkrequest") },
        });
      }),
    ),
    mergingPutById(base, byId, invalid),
    ...getAndDeleteById(base, byId),
  ];
}
