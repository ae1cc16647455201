import { http } from "msw";
import type { FakeOci, Json } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, type signed } from "./respond.ts";

/** How one control-plane resource type answers at `<base>/:id`. */
export interface ByIdOptions {
  fake: FakeOci;
  /** The control plane's map of this resource type, keyed by OCID. */
  resources: Map<string, Json>;
  /** Wraps a resolver with the service's signature check. */
  svc: (resolver: FakeResolver) => ReturnType<typeof signed>;
  notFound: () => Response;
  /** What DELETE answers: 204, or 202 for services that delete asynchronously. */
  deleteStatus: 202 | 204;
}

/** GET and DELETE of one resource by OCID, as every control-plane service answers them. */
export function getAndDeleteById(base: string, o: ByIdOptions) {
  return [
    http.get(
      `${base}/:id`,
      o.svc(({ params }) => {
        const resource = o.resources.get(params.id ?? "");
        return resource ? ok(resource, { etag: o.fake.newEtag() }) : o.notFound();
      }),
    ),
    http.delete(
      `${base}/:id`,
      o.svc(({ params }) =>
        o.resources.delete(params.id ?? "") ? new Response(null, { status: o.deleteStatus }) : o.notFound(),
      ),
    ),
  ];
}

/** PUT that merges the body into the resource, refused with 400 when `invalid` finds a problem in the result. */
export function mergingPutById(base: string, o: ByIdOptions, invalid: (next: Json) => string | null) {
  return http.put(
    `${base}/:id`,
    o.svc(({ params, body }) => {
      const resource = o.resources.get(params.id ?? "");
      if (!resource) return o.notFound();
      const next = { ...resource, ...(JSON.parse(body) as Json), timeUpdated: new Date().toISOString() };
      const problem = invalid(next);
      if (problem) return ociError(400, "InvalidParameter", problem);
      o.resources.set(resource.id as string, next);
      return ok(next, { etag: o.fake.newEtag() });
    }),
  );
}
