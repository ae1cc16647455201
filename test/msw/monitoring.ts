import { http } from "msw";
import { getAndDeleteById, mergingPutById } from "./by-id.ts";
import type { FakeOci, Json } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, page, signed } from "./respond.ts";

const NOT_FOUND = () => ociError(404, "NotAuthorizedOrNotFound", "alarm not found or not authorized");
/** The alarm fields the list (AlarmSummary) leaves out. */
const DETAIL_ONLY = [
  "pendingDuration",
  "body",
  "messageFormat",
  "resolution",
  "metricCompartmentIdInSubtree",
];

/**
 * Monitoring alarms (`MonitoringClient`, `/20180401`). Checks what OCI would reject: destinations must be
 * existing topics, the pending duration ISO 8601 minutes, and an alarm may watch a subtree only from the tenancy.
 */
export function monitoringHandlers(fake: FakeOci, origin: string) {
  const base = `${origin}/20180401/alarms`;
  const cp = fake.control;
  const svc = (resolver: FakeResolver) => signed(fake, "monitoring", resolver);
  const byId = { fake, resources: cp.alarms, svc, notFound: NOT_FOUND, deleteStatus: 204 } as const;

  const invalid = (a: Json): string | null => {
    const destinations = a.destinations as unknown[] | undefined;
    if (!Array.isArray(destinations) || destinations.length === 0) return "destinations are required";
    if (!destinations.every((d) => cp.topics.has(String(d)))) return "destinations must be existing topics";
    if (a.pendingDuration !== undefined && !/^PT([1-9]|[1-5]\d|60)M$/.test(String(a.pendingDuration)))
      return "pendingDuration must be PT1M..PT60M";
    if (
      a.metricCompartmentIdInSubtree === true &&
      !String(a.metricCompartmentId).startsWith("ocid1.tenancy.")
    )
      return "metricCompartmentIdInSubtree needs the tenancy as metricCompartmentId";
    if (typeof a.query !== "string" || !a.query.includes("[1m]")) return "query is not MQL";
    return null;
  };

  return [
    http.get(
      base,
      svc(({ request }) => {
        const q = new URL(request.url).searchParams;
        const all = [...cp.alarms.values()]
          .filter((a) => a.compartmentId === q.get("compartmentId"))
          .filter((a) => !q.get("displayName") || a.displayName === q.get("displayName"))
          .map((a) => Object.fromEntries(Object.entries(a).filter(([k]) => !DETAIL_ONLY.includes(k))));
        const { items, headers } = page(request, all, fake.pageSize);
        return ok(items, headers);
      }),
    ),
    http.post(
      base,
      svc(({ body }) => {
        const d = JSON.parse(body) as Json;
        const problem = invalid(d);
        if (problem) return ociError(400, "InvalidParameter", problem);
        const id = cp.newId("alarm");
        const alarm = {
          ...d,
          id,
          lifecycleState: "ACTIVE",
          timeCreated: new Date().toISOString(),
          timeUpdated: new Date().toISOString(),
          freeformTags: d.freeformTags ?? {},
        };
        cp.alarms.set(id, alarm);
        return ok(alarm, { etag: fake.newEtag() });
      }),
    ),
    mergingPutById(base, byId, invalid),
    ...getAndDeleteById(base, byId),
  ];
}
