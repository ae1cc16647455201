import { randomBytes, randomUUID } from "node:crypto";
import { http } from "msw";
import type { FakeBucket, FakeOci } from "./fake-oci.ts";
import { bucketJson } from "./objectstorage-buckets.ts";
import { type Call, ociError, ok, signed } from "./respond.ts";

/** Object Storage (`ObjectStorageClient`, no version prefix): namespace, bucket, objects, PARs. */
export function objectStorageHandlers(fake: FakeOci, origin: string, now: () => Date) {
  const handler = (resolver: (call: Call, bucket: FakeBucket) => Response | Promise<Response>) =>
    signed(fake, "objectstorage", async (call) => {
      if (call.params.ns !== fake.namespace) return ociError(404, "NamespaceNotFound", "namespace not found");
      const bucket = fake.buckets.get(call.params.bucket ?? "");
      if (!bucket) return ociError(404, "BucketNotFound", `bucket ${call.params.bucket} not found`);
      return resolver(call, bucket);
    });
  const b = `${origin}/n/:ns/b/:bucket`;

  return [
    http.get(
      `${origin}/n`,
      signed(fake, "objectstorage", () => ok(fake.namespace)),
    ),
    http.get(
      b,
      handler((_call, bucket) =>
        // Includes the settings setup manages (versioning, Vault key, tags).
        ok(bucketJson(fake, bucket), { etag: fake.newEtag() }),
      ),
    ),
    http.get(
      `${b}/o`,
      handler(({ request }, bucket) => {
        const q = new URL(request.url).searchParams;
        const prefix = q.get("prefix") ?? "";
        const start = q.get("start") ?? "";
        const names = [...bucket.objects.keys()].filter((n) => n.startsWith(prefix) && n >= start).sort();
        const slice = names.slice(0, fake.pageSize);
        const next = names[fake.pageSize];
        return ok({
          objects: slice.map((name) => ({ name })),
          prefixes: [],
          ...(next ? { nextStartWith: next } : {}),
        });
      }),
    ),
    http.put(
      `${b}/o/:object`,
      handler(({ request, params, body }, bucket) => {
        const name = params.object ?? "";
        const existing = bucket.objects.get(name);
        const precondition = checkPreconditions(request, existing?.etag);
        if (precondition) return precondition;
        const meta: Record<string, string> = {};
        request.headers.forEach((value, key) => {
          if (key.startsWith("opc-meta-")) meta[key.slice("opc-meta-".length)] = value;
        });
        const etag = fake.newEtag();
        bucket.objects.set(name, {
          body,
          etag,
          contentType: request.headers.get("content-type") ?? "application/octet-stream",
          meta,
          kmsKeyId: request.headers.get("opc-sse-kms-key-id"),
        });
        fake.putHistory.push({ objectName: name, body });
        return new Response(null, {
          status: 200,
          headers: { etag, "opc-request-id": randomUUID(), "last-modified": now().toUTCString() },
        });
      }),
    ),
    http.get(
      `${b}/o/:object`,
      handler(({ params }, bucket) => {
        const object = bucket.objects.get(params.object ?? "");
        if (!object) return ociError(404, "ObjectNotFound", `object ${params.object} not found`);
        const headers: Record<string, string> = { etag: object.etag, "content-type": object.contentType };
        for (const [k, v] of Object.entries(object.meta)) headers[`opc-meta-${k}`] = v;
        return new Response(object.body, { status: 200, headers });
      }),
    ),
    http.delete(
      `${b}/o/:object`,
      handler(({ request, params }, bucket) => {
        const name = params.object ?? "";
        const existing = bucket.objects.get(name);
        if (!existing) return ociError(404, "ObjectNotFound", `object ${name} not found`);
        const precondition = checkPreconditions(request, existing.etag);
        if (precondition) return precondition;
        bucket.objects.delete(name);
        return new Response(null, { status: 204, headers: { "opc-request-id": randomUUID() } });
      }),
    ),
    http.post(
      `${b}/p`,
      handler(({ body }, bucket) => createPar(fake, bucket, body, now)),
    ),
    http.get(
      `${b}/p`,
      handler(({ request }, bucket) => {
        const q = new URL(request.url).searchParams;
        const prefix = q.get("objectNamePrefix") ?? "";
        const start = Number(q.get("page") ?? "0");
        const all = [...bucket.pars.values()]
          .filter((p) => p.objectName.startsWith(prefix))
          .map(({ accessUri: _secret, ...summary }) => summary);
        const slice = all.slice(start, start + fake.pageSize);
        const next: Record<string, string> =
          start + fake.pageSize < all.length ? { "opc-next-page": String(start + fake.pageSize) } : {};
        return ok(slice, next);
      }),
    ),
    http.delete(
      `${b}/p/:parId`,
      handler(({ params }, bucket) => {
        if (!bucket.pars.delete(params.parId ?? "")) return ociError(404, "NotFound", "PAR not found");
        return new Response(null, { status: 204, headers: { "opc-request-id": randomUUID() } });
      }),
    ),
  ];
}

/** If-Match / If-None-Match as Object Storage applies them: 412 when the condition fails. */
function checkPreconditions(request: Request, currentEtag: string | undefined): Response | null {
  const ifMatch = request.headers.get("if-match");
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifMatch !== null && ifMatch !== currentEtag) {
    return ociError(412, "IfMatchFailed", "The If-Match header does not match the current ETag");
  }
  if (ifNoneMatch === "*" && currentEtag !== undefined) {
    return ociError(412, "IfNoneMatchFailed", "The object already exists");
  }
  return null;
}

/** The PAR types the fake makes; anything else is a test asking for a link the code never creates. */
const PAR_TYPES = new Set(["ObjectRead", "ObjectWrite", "AnyObjectRead"]);

/**
 * CreatePreauthenticatedRequest as the fake performs it: the PAR exists once this returns. `AnyObjectRead`
 * takes `objectName` as a prefix and gets an accessUri ending in `/o/` (objects are addressed by full name after
 * it); the one-object types get an accessUri naming their object. test/msw/objectstorage-par.ts serves them.
 */
export function createPar(fake: FakeOci, bucket: FakeBucket, body: string, now: () => Date): Response {
  const details = JSON.parse(body) as {
    name: string;
    objectName: string;
    accessType: string;
    timeExpires: string;
    bucketListingAction?: string;
  };
  if (!PAR_TYPES.has(details.accessType))
    return ociError(400, "InvalidParameter", `tests expect ${[...PAR_TYPES].join(", ")} PARs`);
  const id = randomBytes(24).toString("base64url");
  const token = randomBytes(32).toString("base64url");
  const base = `/p/${token}/n/${fake.namespace}/b/${bucket.name}/o/`;
  const par = {
    id,
    name: details.name,
    objectName: details.objectName,
    accessType: details.accessType,
    timeExpires: details.timeExpires,
    timeCreated: now().toISOString(),
    ...(details.bucketListingAction ? { bucketListingAction: details.bucketListingAction } : {}),
    accessUri:
      details.accessType === "AnyObjectRead" ? base : `${base}${encodeURIComponent(details.objectName)}`,
  };
  bucket.pars.set(id, par);
  return ok(par);
}

/**
 * Per-test fault on CreatePreauthenticatedRequest (use with `server.use`): calls numbered in `calls` (1-based,
 * counted by this handler) are carried out and then answered as `after` says: `500` (the PAR exists, the answer
 * says it failed: "5xx after success") or `hang` (the PAR exists and no answer ever comes: the invocation dies
 * there). Other calls fall through to the normal handler.
 */
export function parCreateFault(
  fake: FakeOci,
  origin: string,
  now: () => Date,
  calls: readonly number[],
  after: "500" | "hang",
) {
  let n = 0;
  return http.post(
    `${origin}/n/:ns/b/:bucket/p`,
    signed(fake, "objectstorage", async ({ params, body }) => {
      n += 1;
      if (!calls.includes(n)) return undefined;
      const bucket = fake.buckets.get(params.bucket ?? "");
      if (!bucket) return undefined;
      createPar(fake, bucket, body, now);
      if (after === "hang") await new Promise(() => {});
      return ociError(500, "InternalServerError", "injected 500 after the PAR was created");
    }),
  );
}
