import { http } from "msw";
import { getAndDeleteById, mergingPutById } from "./by-id.ts";
import type { FakeOci, Json } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, page, signed } from "./respond.ts";

const NOT_FOUND = () => ociError(404, "NotAuthorizedOrNotFound", "schedule not found or not authorized");

/**
 * Resource Scheduler schedules (`ScheduleClient`, `/20240430`). The list is a collection (`{items}`), as OCI's
 * is; resources must be existing functions and their parameters BODY parameters with a JSON object.
 */
export function resourceSchedulerHandlers(fake: FakeOci, origin: string) {
  const base = `${origin}/20240430/schedules`;
  const cp = fake.control;
  const svc = (resolver: FakeResolver) => signed(fake, "resourcescheduler", resolver);
  const byId = { fake, resources: cp.schedules, svc, notFound: NOT_FOUND, deleteStatus: 202 } as const;

  const invalid = (s: Json): string | null => {
    if (!["START_RESOURCE", "STOP_RESOURCE"].includes(String(s.action))) return "unknown action";
    if (s.recurrenceType !== "CRON") return "tests expect CRON schedules";
    if (String(s.recurrenceDetails).split(" ").length !== 5)
      return "recurrenceDetails is not a cron expression";
    for (const r of (s.resources ?? []) as Json[]) {
      if (!cp.functions.has(String(r.id))) return "resources must be existing functions";
      for (const p of (r.parameters ?? []) as Json[]) {
        if (p.parameterType !== "BODY" || typeof p.value !== "object") return "tests expect BODY parameters";
      }
    }
    return null;
  };

  return [
    http.get(
      base,
      svc(({ request }) => {
        const q = new URL(request.url).searchParams;
        const all = [...cp.schedules.values()]
          .filter((s) => s.compartmentId === q.get("compartmentId"))
          .filter((s) => !q.get("displayName") || s.displayName === q.get("displayName"));
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
        const id = cp.newId("resourceschedule");
        const schedule = {
          ...d,
          id,
          lifecycleState: "ACTIVE",
          timeCreated: new Date().toISOString(),
          freeformTags: d.freeformTags ?? {},
          definedTags: {},
        };
        cp.schedules.set(id, schedule);
        return ok(schedule, { etag: fake.newEtag() });
      }),
    ),
    mergingPutById(base, byId, invalid),
    ...getAndDeleteById(base, byId),
  ];
}
