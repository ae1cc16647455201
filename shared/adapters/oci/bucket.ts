import type * as common from "oci-common";
import type * as objectstorage from "oci-objectstorage";
import { TunnelsmithError } from "../../errors.ts";
import { call } from "./errors.ts";

const SERVICE = "OCI Object Storage";

/** The configured bucket allows public access: refusing to store PSKs in it. */
export class PublicBucketError extends TunnelsmithError {
  constructor(bucket: string, access: string) {
    super(
      "BUCKET_PUBLIC",
      `bucket ${bucket} has publicAccessType ${access}; tunnelsmith stores pre-shared keys and writes only to a bucket with NoPublicAccess`,
      { expose: true },
    );
    this.name = "PublicBucketError";
  }
}

/** Where objects go, once the namespace is known and the bucket was checked. */
export interface BucketLocation {
  namespaceName: string;
  bucketName: string;
}

/**
 * Resolves the Object Storage namespace once per container (GetNamespace when not configured); the result is
 * shared by every invocation. A failed lookup is not cached.
 */
export function createNamespaceResolver(
  client: objectstorage.ObjectStorageClient,
  configured: string | null,
): (retry: common.RetryConfiguration) => Promise<string> {
  let pending: Promise<string> | null = configured ? Promise.resolve(configured) : null;
  return (retry) => {
    if (pending === null) {
      pending = call(SERVICE, "GetNamespace", () => client.getNamespace({ retryConfiguration: retry })).then(
        (res) => res.value,
      );
      pending.catch(() => {
        pending = null;
      });
    }
    return pending;
  };
}

/**
 * Checks the bucket before anything is written to it, once per invocation (so making the bucket public takes
 * effect at the next event): anything but `NoPublicAccess` is refused.
 */
export function createBucketGuard(
  client: objectstorage.ObjectStorageClient,
  bucketName: string,
  namespace: () => Promise<string>,
  retry: common.RetryConfiguration,
): () => Promise<BucketLocation> {
  let checked: Promise<BucketLocation> | null = null;
  return () => {
    if (checked === null) {
      checked = (async () => {
        const namespaceName = await namespace();
        const { bucket } = await call(SERVICE, "GetBucket", () =>
          client.getBucket({ namespaceName, bucketName, retryConfiguration: retry }),
        );
        const access = String(bucket.publicAccessType ?? "NoPublicAccess");
        if (access !== "NoPublicAccess") throw new PublicBucketError(bucketName, access);
        return { namespaceName, bucketName };
      })();
      checked.catch(() => {
        checked = null;
      });
    }
    return checked;
  };
}
