import { randomUUID } from "node:crypto";
import { http } from "msw";
import type { FakeBucket, FakeOci, FakePar } from "./fake-oci.ts";
import { ociError } from "./respond.ts";

/**
 * Object Storage's PAR endpoint (`<origin>/p/<token>/n/<ns>/b/<bucket>/o/<object>`), unsigned like the real
 * one (the token is the credential), answering from the fake's buckets: a read needs an unexpired ObjectRead PAR
 * on that object or an AnyObjectRead PAR whose prefix it starts with; a write needs an ObjectWrite PAR on that
 * very object. Anything else is 404, as OCI answers a PAR that does not allow the request. Listing through a
 * prefix PAR needs `bucketListingAction: ListObjects`. Register per test with `server.use(...)` at the link origin.
 */
export function parHandlers(fake: FakeOci, origin: string, now: () => Date) {
  const find = (
    token: string,
    ns: string,
    bucketName: string,
  ): { par: FakePar; bucket: FakeBucket } | null => {
    if (ns !== fake.namespace) return null;
    const bucket = fake.buckets.get(bucketName);
    if (!bucket) return null;
    for (const par of bucket.pars.values()) {
      if (par.accessUri.startsWith(`/p/${token}/`) && Date.parse(par.timeExpires) > now().getTime())
        return { par, bucket };
    }
    return null;
  };
  const objectOf = (request: Request) => {
    const m = /\/p\/([^/]+)\/n\/([^/]+)\/b\/([^/]+)\/o\/(.*)$/.exec(new URL(request.url).pathname);
    if (!m) return null;
    return { token: m[1] ?? "", ns: m[2] ?? "", bucket: m[3] ?? "", object: decodeURIComponent(m[4] ?? "") };
  };
  const denied = () => ociError(404, "NotAuthorizedOrNotFound", "PAR does not allow this request");
  const path = `${origin}/p/:token/n/:ns/b/:bucket/o/*`;

  return [
    http.get(path, ({ request }) => {
      const at = objectOf(request);
      const found = at && find(at.token, at.ns, at.bucket);
      if (!at || !found) return denied();
      const { par, bucket } = found;
      fake.parRequests.push({ method: "GET", parId: par.id, objectName: at.object });
      if (at.object === par.objectName && par.accessType === "AnyObjectRead" && at.object.endsWith("/")) {
        if (par.bucketListingAction !== "ListObjects") return denied();
      }
      const allowed =
        (par.accessType === "ObjectRead" && at.object === par.objectName) ||
        (par.accessType === "AnyObjectRead" &&
          at.object.startsWith(par.objectName) &&
          at.object !== par.objectName);
      if (!allowed) return denied();
      const object = bucket.objects.get(at.object);
      if (!object) return ociError(404, "ObjectNotFound", "object not found");
      return new Response(object.body, { status: 200, headers: { etag: object.etag } });
    }),
    http.put(path, async ({ request }) => {
      const at = objectOf(request);
      const found = at && find(at.token, at.ns, at.bucket);
      if (!at || !found) return denied();
      const { par, bucket } = found;
      fake.parRequests.push({ method: "PUT", parId: par.id, objectName: at.object });
      if (par.accessType !== "ObjectWrite" || at.object !== par.objectName) return denied();
      const body = await request.text();
      const etag = fake.newEtag();
      bucket.objects.set(at.object, {
        body,
        etag,
        contentType: request.headers.get("content-type") ?? "application/octet-stream",
        meta: {},
        kmsKeyId: null,
      });
      return new Response(null, { status: 200, headers: { etag, "opc-request-id": randomUUID() } });
    }),
  ];
}
