import type * as common from "oci-common";
import type * as objectstorage from "oci-objectstorage";
import { ConflictError } from "../../errors.ts";
import type { BucketLocation } from "./bucket.ts";
import { isConflict, isNotFound, sdkError } from "./errors.ts";
import { bodyText } from "./streams.ts";

const SERVICE = "OCI Object Storage";

/** What the two versioned-JSON calls need: the client, its retry, and the name used in errors. */
export interface VersionedObject {
  client: objectstorage.ObjectStorageClient;
  retry: common.RetryConfiguration;
  objectName: string;
  /** How errors name the document, e.g. `state.json` or `(ledger)`. */
  label: string;
  /** The ConflictError message when the document changed since it was read. */
  conflict: string;
}

/**
 * A small JSON document and its etag, or null when it does not exist. A body that is not JSON reads as null
 * (the caller treats it as absent and replaces it with If-Match on its etag, never racing another writer).
 */
export async function readVersionedJson(
  o: VersionedObject,
  where: BucketLocation,
): Promise<{ value: unknown; etag: string } | null> {
  let res: objectstorage.responses.GetObjectResponse;
  try {
    res = await o.client.getObject({ ...where, objectName: o.objectName, retryConfiguration: o.retry });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw sdkError(SERVICE, `GetObject ${o.label}`, error);
  }
  const text = await bodyText(res.value);
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    // left null: see above
  }
  return { value, etag: res.eTag };
}

/**
 * Writes the document only if it is still at `ifMatch` (null: only if none exists, If-None-Match: *); a 409/412
 * becomes a ConflictError. Returns the new etag.
 */
export async function writeVersionedJson(
  o: VersionedObject,
  where: BucketLocation,
  body: string,
  ifMatch: string | null,
  kmsKeyId: string | null,
): Promise<string> {
  try {
    const res = await o.client.putObject({
      ...where,
      objectName: o.objectName,
      putObjectBody: body,
      contentLength: Buffer.byteLength(body, "utf8"),
      contentType: "application/json",
      ...(ifMatch === null ? { ifNoneMatch: "*" } : { ifMatch }),
      ...(kmsKeyId ? { opcSseKmsKeyId: kmsKeyId } : {}),
      retryConfiguration: o.retry,
    });
    return res.eTag;
  } catch (error) {
    if (isConflict(error)) throw new ConflictError(o.conflict);
    throw sdkError(SERVICE, `PutObject ${o.label}`, error);
  }
}
