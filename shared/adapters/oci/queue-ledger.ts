import type * as common from "oci-common";
import type * as objectstorage from "oci-objectstorage";
import type { Ledger } from "../../core/queue/ports.ts";
import type { BucketLocation } from "./bucket.ts";
import { readVersionedJson, writeVersionedJson } from "./versioned-json.ts";

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
  const doc = (name: string) => ({
    client,
    retry,
    objectName: ledgerObjectName(name),
    label: "(ledger)",
    conflict: `ledger ${name} changed since it was read`,
  });
  return {
    read: async (name) => readVersionedJson(doc(name), await location()),
    write: async (name, value, ifMatch) =>
      writeVersionedJson(doc(name), await writable(), JSON.stringify(value), ifMatch, kmsKeyId),
  };
}
