import { randomUUID } from "node:crypto";
import { http } from "msw";
import type { FakeBucket, FakeOci, Json } from "./fake-oci.ts";
import { lifecycleHandlers } from "./objectstorage-lifecycle.ts";
import { type FakeResolver, ociError, ok, signed } from "./respond.ts";

/**
 * Object Storage bucket operations setup uses (the object and PAR operations are in objectstorage.ts): create,
 * update, delete (409 while it holds objects), list object versions and the lifecycle policy. GetBucket is objectstorage.ts's handler,
 * which also returns the settings stored here.
 */
export function bucketHandlers(fake: FakeOci, origin: string) {
  const b = `${origin}/n/:ns/b`;
  const svc = (resolver: FakeResolver) => signed(fake, "objectstorage", resolver);
  const nsProblem = (ns: string | undefined) =>
    ns === fake.namespace ? null : ociError(404, "NamespaceNotFound", "namespace not found");

  const apply = (bucket: FakeBucket, d: Json) => {
    if (d.publicAccessType !== undefined) bucket.publicAccessType = String(d.publicAccessType);
    if (d.versioning !== undefined) bucket.versioning = String(d.versioning);
    if (d.kmsKeyId !== undefined) bucket.kmsKeyId = d.kmsKeyId === null ? null : String(d.kmsKeyId);
    if (d.freeformTags !== undefined) bucket.freeformTags = { ...(d.freeformTags as Record<string, string>) };
  };

  return [
    http.post(
      b,
      svc(({ params, body }) => {
        const problem = nsProblem(params.ns);
        if (problem) return problem;
        const d = JSON.parse(body) as Json;
        if (fake.buckets.has(String(d.name)))
          return ociError(409, "BucketAlreadyExists", `bucket ${d.name} already exists in the namespace`);
        if (d.versioning !== undefined && !["Enabled", "Disabled"].includes(String(d.versioning)))
          return ociError(400, "InvalidParameter", "versioning is Enabled or Disabled at creation");
        const bucket = fake.addBucket(String(d.name), String(d.publicAccessType ?? "NoPublicAccess"));
        bucket.id = `ocid1.bucket.oc1.ap-tokyo-1.${randomUUID().replaceAll("-", "")}`;
        bucket.compartmentId = String(d.compartmentId);
        bucket.versioning = "Disabled";
        apply(bucket, d);
        return ok(bucketJson(fake, bucket), { etag: fake.newEtag() });
      }),
    ),
    http.post(
      `${b}/:bucket`,
      svc(({ params, body }) => {
        const problem = nsProblem(params.ns);
        if (problem) return problem;
        const bucket = fake.buckets.get(params.bucket ?? "");
        if (!bucket) return ociError(404, "BucketNotFound", `bucket ${params.bucket} not found`);
        const d = JSON.parse(body) as Json;
        if (d.versioning !== undefined && !["Enabled", "Suspended"].includes(String(d.versioning)))
          return ociError(400, "InvalidParameter", "versioning is Enabled or Suspended on update");
        apply(bucket, d);
        return ok(bucketJson(fake, bucket), { etag: fake.newEtag() });
      }),
    ),
    http.delete(
      `${b}/:bucket`,
      svc(({ params }) => {
        const problem = nsProblem(params.ns);
        if (problem) return problem;
        const bucket = fake.buckets.get(params.bucket ?? "");
        if (!bucket) return ociError(404, "BucketNotFound", `bucket ${params.bucket} not found`);
        if (bucket.objects.size > 0) return ociError(409, "BucketNotEmpty", "the bucket is not empty");
        fake.buckets.delete(bucket.name);
        return new Response(null, { status: 204, headers: { "opc-request-id": randomUUID() } });
      }),
    ),
    ...lifecycleHandlers(fake, b, svc, nsProblem),
    http.get(
      `${b}/:bucket/objectversions`,
      svc(({ params, request }) => {
        const problem = nsProblem(params.ns);
        if (problem) return problem;
        const bucket = fake.buckets.get(params.bucket ?? "");
        if (!bucket) return ociError(404, "BucketNotFound", `bucket ${params.bucket} not found`);
        const limit = Number(new URL(request.url).searchParams.get("limit") ?? "1000");
        const items = [...bucket.objects.entries()]
          .slice(0, limit)
          .map(([name, o]) => ({ name, etag: o.etag, versionId: randomUUID(), isDeleteMarker: false }));
        return ok({ items, prefixes: [] });
      }),
    ),
  ];
}

/** A bucket as GetBucket/CreateBucket return it. */
export function bucketJson(fake: FakeOci, bucket: FakeBucket): Json {
  return {
    name: bucket.name,
    namespace: fake.namespace,
    id: bucket.id ?? null,
    compartmentId: bucket.compartmentId ?? "ocid1.compartment.oc1..x",
    publicAccessType: bucket.publicAccessType,
    versioning: bucket.versioning ?? "Disabled",
    ...(bucket.kmsKeyId ? { kmsKeyId: bucket.kmsKeyId } : {}),
    freeformTags: bucket.freeformTags ?? {},
    createdBy: "ocid1.user.oc1..aaaaaaaatestuser",
    timeCreated: "2026-11-22T04:00:00.000Z",
    etag: fake.newEtag(),
    storageTier: "Standard",
  };
}
