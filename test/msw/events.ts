import { http } from "msw";
import { getAndDeleteById } from "./by-id.ts";
import type { FakeOci, Json } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, page, signed } from "./respond.ts";

const NOT_FOUND = () => ociError(404, "NotAuthorizedOrNotFound", "rule not found or not authorized");

/**
 * Events rules (`EventsClient`, `/20181201`). The list leaves out actions, as OCI's does; the condition must be
 * JSON and a FAAS action must name an existing function.
 */
export function eventsHandlers(fake: FakeOci, origin: string) {
  const base = `${origin}/20181201/rules`;
  const cp = fake.control;
  const svc = (resolver: FakeResolver) => signed(fake, "events", resolver);

  const actionsOf = (details: Json): Json[] | string => {
    const list = ((details.actions as Json | undefined)?.actions ?? []) as Json[];
    for (const a of list) {
      if (a.actionType !== "FAAS") return "tests expect FAAS actions";
      if (!cp.functions.has(String(a.functionId))) return "functionId must name an existing function";
    }
    return list.map((a) => ({
      ...a,
      id: cp.newId("eventaction"),
      lifecycleState: "ACTIVE",
      lifecycleMessage: "",
    }));
  };
  const badCondition = (condition: unknown) => {
    try {
      JSON.parse(String(condition));
      return false;
    } catch {
      return true;
    }
  };
  const summary = ({ actions: _actions, ...rest }: Json) => rest;

  return [
    http.get(
      base,
      svc(({ request }) => {
        const q = new URL(request.url).searchParams;
        const all = [...cp.rules.values()]
          .filter((r) => r.compartmentId === q.get("compartmentId"))
          .filter((r) => !q.get("displayName") || r.displayName === q.get("displayName"))
          .map(summary);
        const { items, headers } = page(request, all, fake.pageSize);
        return ok(items, headers);
      }),
    ),
    http.post(
      base,
      svc(({ body }) => {
        const d = JSON.parse(body) as Json;
        if (badCondition(d.condition)) return ociError(400, "InvalidParameter", "condition is not JSON");
        const actions = actionsOf(d);
        if (typeof actions === "string") return ociError(400, "InvalidParameter", actions);
        const id = cp.newId("eventrule");
        const rule = {
          id,
          displayName: d.displayName,
          description: d.description ?? null,
          compartmentId: d.compartmentId,
          condition: d.condition,
          isEnabled: d.isEnabled,
          lifecycleState: "ACTIVE",
          timeCreated: new Date().toISOString(),
          freeformTags: d.freeformTags ?? {},
          actions: { actions },
        };
        cp.rules.set(id, rule);
        return ok(rule, { etag: fake.newEtag() });
      }),
    ),
    http.put(
      `${base}/:id`,
      svc(({ params, body }) => {
        const rule = cp.rules.get(params.id ?? "");
        if (!rule) return NOT_FOUND();
        const d = JSON.parse(body) as Json;
        if (d.condition !== undefined && badCondition(d.condition))
          return ociError(400, "InvalidParameter", "condition is not JSON");
        const actions = d.actions === undefined ? undefined : actionsOf(d);
        if (typeof actions === "string") return ociError(400, "InvalidParameter", actions);
        for (const key of ["displayName", "description", "condition", "isEnabled", "freeformTags"]) {
          if (d[key] !== undefined) rule[key] = d[key];
        }
        if (actions) rule.actions = { actions };
        return ok(rule, { etag: fake.newEtag() });
      }),
    ),
    ...getAndDeleteById(base, { fake, resources: cp.rules, svc, notFound: NOT_FOUND, deleteStatus: 204 }),
  ];
}
