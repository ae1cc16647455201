import { http } from "msw";
import type { FakeOci, Json } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, page, signed } from "./respond.ts";

const NOT_FOUND = (what: string) =>
  ociError(404, "NotAuthorizedOrNotFound", `${what} not found or not authorized`);

/**
 * IAM (`IdentityClient`, `/20160918`): dynamic groups and policies in the tenancy, and the region subscriptions
 * setup reads to find the home region. Names are unique per tenancy (409), policies live only in compartments
 * and every statement starts with Allow.
 */
export function identityHandlers(fake: FakeOci, origin: string) {
  const base = `${origin}/20160918`;
  const cp = fake.control;
  const svc = (resolver: FakeResolver) => signed(fake, "identity", resolver);

  const crud = (
    path: string,
    type: string,
    store: Map<string, Json>,
    invalid: (d: Json) => string | null,
  ) => [
    http.get(
      `${base}/${path}`,
      svc(({ request }) => {
        const q = new URL(request.url).searchParams;
        const all = [...store.values()].filter(
          (x) => x.compartmentId === q.get("compartmentId") && (!q.get("name") || x.name === q.get("name")),
        );
        const { items, headers } = page(request, all, fake.pageSize);
        return ok(items, headers);
      }),
    ),
    http.post(
      `${base}/${path}`,
      svc(({ body }) => {
        const d = JSON.parse(body) as Json;
        const problem = invalid(d);
        if (problem) return ociError(400, "InvalidParameter", problem);
        if ([...store.values()].some((x) => x.name === d.name))
          return ociError(409, "EntityAlreadyExists", `${type} ${d.name} already exists`);
        const id = cp.newId(type, true);
        const item = {
          ...d,
          id,
          lifecycleState: "ACTIVE",
          timeCreated: new Date().toISOString(),
          freeformTags: d.freeformTags ?? {},
        };
        store.set(id, item);
        return ok(item, { etag: fake.newEtag() });
      }),
    ),
    http.put(
      `${base}/${path}/:id`,
      svc(({ params, body }) => {
        const item = store.get(params.id ?? "");
        if (!item) return NOT_FOUND(type);
        const next = { ...item, ...(JSON.parse(body) as Json) };
        const problem = invalid(next);
        if (problem) return ociError(400, "InvalidParameter", problem);
        store.set(item.id as string, next);
        return ok(next, { etag: fake.newEtag() });
      }),
    ),
    http.delete(
      `${base}/${path}/:id`,
      svc(({ params }) =>
        store.delete(params.id ?? "") ? new Response(null, { status: 204 }) : NOT_FOUND(type),
      ),
    ),
  ];

  return [
    http.get(
      `${base}/tenancies/:tenancyId/regionSubscriptions`,
      svc(({ params }) => {
        if (params.tenancyId !== cp.tenancyId) return NOT_FOUND("tenancy");
        return ok([
          { regionKey: "NRT", regionName: cp.homeRegion, status: "READY", isHomeRegion: true },
          { regionKey: "KIX", regionName: "ap-osaka-1", status: "READY", isHomeRegion: false },
        ]);
      }),
    ),
    ...crud("dynamicGroups", "dynamicgroup", cp.dynamicGroups, (d) =>
      d.compartmentId !== cp.tenancyId
        ? "dynamic groups live in the tenancy"
        : typeof d.matchingRule !== "string" || !d.matchingRule.startsWith("ALL {")
          ? "matchingRule is not a rule"
          : null,
    ),
    ...crud("policies", "policy", cp.policies, (d) => {
      const statements = d.statements as unknown[];
      if (!Array.isArray(statements) || statements.length === 0) return "statements are required";
      if (!statements.every((s) => typeof s === "string" && s.startsWith("Allow ")))
        return "every statement starts with Allow";
      return null;
    }),
  ];
}
