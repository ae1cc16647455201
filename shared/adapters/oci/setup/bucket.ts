import type * as objectstorage from "oci-objectstorage";
import type { ResourceAdapter } from "../../../setup/ports.ts";
import type { FoundResource, ResourceSpec, SpecValue } from "../../../setup/types.ts";
import { call } from "../errors.ts";
import { type AdapterContext, orNull, taggedFor, tagsOf } from "./common.ts";

const SERVICE = "OCI Object Storage";

/**
 * The config bucket. Found by name (bucket names are unique in a namespace); setup keeps it private and
 * versioned and, when asked, encrypted with a Vault key. Teardown deletes it only when it holds nothing, not even
 * old versions.
 */
export function createBucketAdapter(
  client: objectstorage.ObjectStorageClient,
  namespace: () => Promise<string>,
  ctx: AdapterContext,
): ResourceAdapter {
  const retryConfiguration = ctx.retry;

  const read = async (bucketName: string): Promise<FoundResource | null> => {
    const namespaceName = await namespace();
    const res = await orNull(SERVICE, "GetBucket", () =>
      client.getBucket({ namespaceName, bucketName, retryConfiguration }),
    );
    if (res === null) return null;
    const b = res.bucket;
    const fields: Record<string, SpecValue> = {
      publicAccessType: b.publicAccessType ?? null,
      versioning: b.versioning ?? null,
      ...(b.kmsKeyId ? { kmsKeyId: b.kmsKeyId } : {}),
    };
    return {
      id: b.id ?? b.name,
      kind: "bucket",
      name: b.name,
      compartmentId: b.compartmentId,
      fields,
      tags: tagsOf(b.freeformTags),
      lifecycleState: null,
      matchedBy: "name",
    };
  };

  const details = (spec: ResourceSpec) => ({
    publicAccessType: spec.fields
      .publicAccessType as objectstorage.models.CreateBucketDetails.PublicAccessType,
    versioning: spec.fields.versioning as objectstorage.models.CreateBucketDetails.Versioning,
    ...(typeof spec.fields.kmsKeyId === "string" ? { kmsKeyId: spec.fields.kmsKeyId } : {}),
  });

  return {
    find: async (spec) => {
      const found = await read(spec.name);
      if (found && Object.entries(spec.tags).every(([k, v]) => found.tags[k] === v)) found.matchedBy = "tag";
      return found;
    },
    async create(spec) {
      const namespaceName = await namespace();
      const res = await call(SERVICE, "CreateBucket", () =>
        client.createBucket({
          namespaceName,
          createBucketDetails: {
            name: spec.name,
            compartmentId: spec.compartmentId,
            storageTier: "Standard" as objectstorage.models.CreateBucketDetails.StorageTier,
            ...details(spec),
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      return res.bucket.id ?? res.bucket.name;
    },
    async update(found, spec) {
      const namespaceName = await namespace();
      const d = details(spec);
      await call(SERVICE, "UpdateBucket", () =>
        client.updateBucket({
          namespaceName,
          bucketName: found.name,
          updateBucketDetails: {
            publicAccessType:
              d.publicAccessType as unknown as objectstorage.models.UpdateBucketDetails.PublicAccessType,
            versioning: d.versioning as unknown as objectstorage.models.UpdateBucketDetails.Versioning,
            ...(d.kmsKeyId ? { kmsKeyId: d.kmsKeyId } : {}),
            freeformTags: { ...found.tags, ...spec.tags },
          },
          retryConfiguration,
        }),
      );
    },
    async delete(found) {
      const namespaceName = await namespace();
      await call(SERVICE, "DeleteBucket", () =>
        client.deleteBucket({ namespaceName, bucketName: found.name, retryConfiguration }),
      );
    },
    async listTagged(scope) {
      const found = await read(scope.bucket);
      if (found === null || taggedFor(scope.install, [found]).length === 0) return [];
      // Versions count: a versioned bucket with only old versions of deleted objects cannot be deleted either.
      const namespaceName = await namespace();
      const versions = await call(SERVICE, "ListObjectVersions", () =>
        client.listObjectVersions({ namespaceName, bucketName: found.name, limit: 1, retryConfiguration }),
      );
      return [
        { ...found, fields: { ...found.fields, empty: versions.objectVersionCollection.items.length === 0 } },
      ];
    },
  };
}
