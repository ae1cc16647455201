import type { QueueClient } from "oci-queue";
import type { Settings } from "../../config/settings.ts";
import { systemClock } from "../../core/clock.ts";
import { ConfigError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { Clock, DependencyFactory } from "../../ports.ts";
import { type ApiBudget, createApiBudget, limitClient } from "./api-budget.ts";
import { createAuthProvider, type OciAuthProvider } from "./auth.ts";
import { createBucketGuard, createNamespaceResolver } from "./bucket.ts";
import { createOciClients, type OciClients, objectStorageOrigin } from "./clients.ts";
import { createOciConfigStore } from "./config-store.ts";
import { createOciConnectionReader } from "./connection-reader.ts";
import { createOciKeyArchive, vaultClientFactory } from "./key-archive.ts";
import type { ProvisioningWait } from "./network-reader.ts";
import { createOciNotifier } from "./notifier.ts";
import { createOciScale } from "./queue-scale.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import { bindLimits, DEFAULT_DEADLINE_MARGIN_MS, type RequestLimits } from "./request-limits.ts";
import { retryConfiguration } from "./retry.ts";
import { createOciSecretRotator } from "./secret-rotator.ts";

export interface OciFactoryOptions {
  logger: Logger;
  clock?: Clock;
  /** Pre-built SDK clients (tests); default: built from the settings' auth and endpoints. */
  clients?: OciClients;
  provisioningWait?: ProvisioningWait;
  /** Time kept free before the deadline, where no request may run (default DEFAULT_DEADLINE_MARGIN_MS). */
  deadlineMarginMs?: number;
  /** A pre-built Queue client (tests); default: built from the settings when TUNNELSMITH_QUEUE_ID is set. */
  queueClient?: QueueClient;
}

/**
 * The OCI adapters. Built once per container: the auth provider and SDK clients, the namespace lookup, the
 * bucket's public-access check, the device shapes read, the publish rate limiter. Per invocation: the adapters
 * themselves, whose SDK retries and provisioning waits are bounded by that invocation's deadline.
 */
export function createOciDependencyFactory(
  settings: Settings,
  options: OciFactoryOptions,
): DependencyFactory {
  const oci = settings.oci;
  if (oci === null)
    throw new ConfigError([{ path: "TUNNELSMITH_MODE", message: 'must be "oci" for the OCI adapters' }]);
  const requestTimeoutMs = oci.requestTimeoutSeconds * 1000;
  let provider: OciAuthProvider | null = options.clients ? null : createAuthProvider(oci.auth);
  const providerOf = () => {
    provider ??= createAuthProvider(oci.auth);
    return provider;
  };
  const clients = options.clients ?? createOciClients(providerOf(), oci.endpoints, requestTimeoutMs);
  const clock = options.clock ?? systemClock;
  // Tenancy scale: the per-family request budget, the queue and the ledger (docs/oci.md "Sweeping a tenancy").
  const budget = oci.apiBudget
    ? createApiBudget(oci.apiBudget.perSecond, oci.apiBudget.workers, clock)
    : null;
  const scaleFor = createOciScale({
    settings: oci,
    provider: providerOf,
    regionId: clients.region.regionId,
    requestTimeoutMs,
    ...(options.queueClient ? { queueClient: options.queueClient } : {}),
  });
  const namespace = createNamespaceResolver(clients.objectStorage, oci.namespace);
  const bucketGuard = createBucketGuard(clients.objectStorage, oci.bucket, namespace, clock);
  const limiter = createRateLimiter(oci.notifyPerMinute, clock);
  const linkOrigin = objectStorageOrigin(clients.region);
  // PSK rotation's optional Vault copy of new keys; the Vault SDK is loaded on first use only.
  const vaultClient = oci.vault
    ? vaultClientFactory(oci.auth, clients.region.regionId, oci.endpoints.vault, requestTimeoutMs)
    : null;
  const shapeCache = new Map<string, unknown>();

  return {
    logger: options.logger,
    clock,
    settings,
    forInvocation: ({ callId, deadline, logger }) => {
      const retry = retryConfiguration({
        maxAttempts: oci.retryMaxAttempts,
        maxDelaySeconds: oci.retryMaxDelaySeconds,
        deadline,
        clock,
      });
      const resolveNamespace = () => namespace(retry);
      // Every request an adapter makes for this invocation ends before its deadline (request-limits.ts).
      const limits: RequestLimits = {
        perRequestMs: requestTimeoutMs,
        deadline,
        marginMs: options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS,
        clock,
      };
      const bound = <T extends object>(port: T): T => bindLimits(limits, port);
      const limited = <T extends object>(client: T, family: keyof ApiBudget): T =>
        budget ? limitClient(client, budget[family], deadline) : client;
      const network = limited(clients.network, "networking");
      const objectStorage = limited(clients.objectStorage, "objectStorage");
      const identityClient = limited(clients.identity, "identity");
      return {
        network: bound(
          createOciConnectionReader({
            client: network,
            identity: identityClient,
            retry,
            clock,
            deadline,
            logger,
            oracleCidrs: oci.oracleCidrs,
            shapeCache,
            ...(options.provisioningWait ? { wait: options.provisioningWait } : {}),
          }),
        ),
        store: bound(
          createOciConfigStore({
            client: objectStorage,
            retry,
            location: async () => ({ namespaceName: await resolveNamespace(), bucketName: oci.bucket }),
            writable: () => bucketGuard(retry),
            kmsKeyId: oci.kmsKeyId,
            linkOrigin,
          }),
        ),
        notifier: bound(
          createOciNotifier({
            client: clients.notifications,
            topicId: oci.topicId,
            retry,
            limiter,
            deadline,
          }),
        ),
        rotator: bound(createOciSecretRotator({ client: network, retry })),
        keyArchive:
          oci.vault && vaultClient
            ? bound(createOciKeyArchive({ settings: oci.vault, client: vaultClient, retry }))
            : null,
        alertJsonNotifier: oci.alertJsonTopicId
          ? bound(
              createOciNotifier({
                client: clients.notifications,
                topicId: oci.alertJsonTopicId,
                retry,
                limiter,
                deadline,
              }),
            )
          : null,
        scale: scaleFor({
          objectStorage,
          retry,
          location: async () => ({ namespaceName: await resolveNamespace(), bucketName: oci.bucket }),
          writable: () => bucketGuard(retry),
          budget,
          deadline,
          clock,
        }),
        clock,
        settings,
        logger,
        deadline,
        invocationId: callId,
      };
    },
  };
}
