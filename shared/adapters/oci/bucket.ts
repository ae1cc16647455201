import type * as common from "oci-common";
import type * as objectstorage from "oci-objectstorage";
import { TunnelsmithError } from "../../errors.ts";
import type { Clock } from "../../ports.ts";
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

/** How long a passed public-access check is trusted by a warm container. */
export const BUCKET_CHECK_TTL_MS = 5 * 60_000;

/**
 * Checks the bucket before anything is written to it: anything but `NoPublicAccess` is refused. Built once per
 * container; a passed check is reused for `ttlMs` (so a bucket made public is refused within five minutes, by
 * every container), a failed one is not cached (a fixed bucket is accepted at the next event). Re-checking on
 * every event would not protect more: a bucket made public exposes the files already in it at once.
 */
export function createBucketGuard(
  client: objectstorage.ObjectStorageClient,
  bucketName: string,
  namespace: (retry: common.RetryConfiguration) => Promise<string>,
  clock: Pick<Clock, "now">,
  ttlMs = BUCKET_CHECK_TTL_MS,
): (retry: common.RetryConfiguration) => Promise<BucketLocation> {
  let checked: { at: number; location: Promise<BucketLocation> } | null = null;
  return (retry) => {
    const now = clock.now().getTime();
    if (checked === null || now - checked.at >= ttlMs) {
      const location = (async () => {
        const namespaceName = await namespace(retry);
        const { bucket } = await call(SERVICE, "GetBucket", () =>
          client.getBucket({ namespaceName, bucketName, retryConfiguration: retry }),
        );
        const access = String(bucket.publicAccessType ?? "NoPublicAccess");
        if (access !== "NoPublicAccess") throw new PublicBucketError(bucketName, access);
        return { namespaceName, bucketName };
      })();
      const entry = { at: now, location };
      checked = entry;
      location.catch(() => {
        if (checked === entry) checked = null;
      });
    }
    return checked.location;
  };
}
