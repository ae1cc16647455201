import type * as common from "oci-common";
import type * as objectstorage from "oci-objectstorage";
import type * as queue from "oci-queue";
import type { OciSettings } from "../../config/settings-oci.ts";
import type { ScalePorts } from "../../core/queue/ports.ts";
import type { Clock } from "../../ports.ts";
import type { ApiBudget } from "./api-budget.ts";
import { limitClient } from "./api-budget.ts";
import type { OciAuthProvider } from "./auth.ts";
import type { BucketLocation } from "./bucket.ts";
import { createOciWatchQueues, createQueueClient } from "./queue.ts";
import { createOciLedger } from "./queue-ledger.ts";

/** What the container-level part of tenancy scale is built from. */
export interface OciScaleOptions {
  settings: OciSettings;
  /** The container's auth provider (built on first use only when the queue is configured). */
  provider: () => OciAuthProvider;
  regionId: string;
  requestTimeoutMs: number;
  /** A pre-built Queue client (tests); default: built from the settings. */
  queueClient?: queue.QueueClient;
}

/** What one invocation lends the ledger and the queue: its clients, retries, budget and deadline. */
export interface ScaleInvocation {
  objectStorage: objectstorage.ObjectStorageClient;
  retry: common.RetryConfiguration;
  location: () => Promise<BucketLocation>;
  writable: () => Promise<BucketLocation>;
  budget: ApiBudget | null;
  deadline: Date;
  clock: Clock;
}

/**
 * The OCI side of tenancy scale, built once per container: the Queue client (when TUNNELSMITH_QUEUE_ID is set).
 * Per invocation: the ledger in the bucket and the queue's two channels, their requests within the budget.
 */
export function createOciScale(options: OciScaleOptions): (invocation: ScaleInvocation) => ScalePorts {
  const queueSettings = options.settings.queue ?? null;
  const client =
    queueSettings === null
      ? null
      : (options.queueClient ??
        createQueueClient(options.provider(), options.regionId, queueSettings, options.requestTimeoutMs));
  return (inv) => ({
    ledger: createOciLedger({
      client: inv.objectStorage,
      retry: inv.retry,
      location: inv.location,
      writable: inv.writable,
      kmsKeyId: options.settings.kmsKeyId,
    }),
    queue:
      client === null || queueSettings === null
        ? null
        : createOciWatchQueues({
            client: inv.budget ? limitClient(client, inv.budget.queue, inv.deadline) : client,
            settings: queueSettings,
            retry: inv.retry,
          }),
  });
}
