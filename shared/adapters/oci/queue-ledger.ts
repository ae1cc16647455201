import type * as common from "oci-common";
import type * as objectstorage from "oci-objectstorage";
import type { Ledger } from "../../core/queue/ports.ts";
import { ConflictError } from "../../errors.ts";
import type { BucketLocation } from "./bucket.ts";
import { isConflict, isNotFound, sdkError } from "./errors.ts";
import { bodyText } from "./streams.ts";

const SERVICE = "OCI Object Storage";

/** Object Storage and the config bucket the ledger lives in. */
export interface OciLedgerOptions {
  client: objectstorage.ObjectStorageClient;
  retry: common.RetryConfiguration;
  location: () => Promise<BucketLocation>;
  writable: () => Promise<BucketLocation>;
  kmsKeyId: string | null;
}

/** `tunnelsmith/<name>.json`: outside `connections/`, so no connection's listing or lifecycle touches it. */
export const ledgerObjectName = (name: string): string => `tunnelsmith/${name}.json`;

/**
 * The ledger in the config bucket: one small JSON object per document, written with If-Match (or
 * If-None-Match: * for the first version), 409/412 as ConflictError, like `state.json`.
 */
export function createOciLedger(options: OciLedgerOptions): Ledger {
  const { client, retry, location, writable, kmsKeyId } = options;
  return {
    async read(name) {
      let res: objectstorage.responses.GetObjectResponse;
      try {
        res = await client.getObject({
          ...(await location()),
          objectName: ledgerObjectName(name),
          retryConfiguration: retry,
        });
      } catch (error) {
        if (isNotFound(error)) return null;
        throw sdkError(SERVICE, "GetObject (ledger)", error);
      }
      const text = await bodyText(res.value);
      let value: unknown = null;
      try {
        value = JSON.parse(text);
      } catch {
        // an unreadable document reads as empty; it is replaced with If-Match on its etag
      }
      return { value, etag: res.eTag };
    },
    async write(name, value, ifMatch) {
      const body = JSON.stringify(value);
      try {
        const res = await client.putObject({
          ...(await writable()),
          objectName: ledgerObjectName(name),
          putObjectBody: body,
          contentLength: Buffer.byteLength(body, "utf8"),
          contentType: "application/json",
          ...(ifMatch === null ? { ifNoneMatch: "*" } : { ifMatch }),
          ...(kmsKeyId ? { opcSseKmsKeyId: kmsKeyId } : {}),
          retryConfiguration: retry,
        });
        return res.eTag;
      } catch (error) {
        if (isConflict(error)) throw new ConflictError(`ledger ${name} changed since it was read`);
        throw sdkError(SERVICE, "PutObject (ledger)", error);
      }
    },
  };
}
