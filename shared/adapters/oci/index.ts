import type { Settings } from "../../config/settings.ts";
import { systemClock } from "../../core/clock.ts";
import { ConfigError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { Clock, DependencyFactory } from "../../ports.ts";
import { createAuthProvider } from "./auth.ts";
import { createBucketGuard, createNamespaceResolver } from "./bucket.ts";
import { createOciClients, type OciClients, objectStorageOrigin } from "./clients.ts";
import { createOciConfigStore } from "./config-store.ts";
import { createOciConnectionReader } from "./connection-reader.ts";
import { createOciKeyArchive, vaultClientFactory } from "./key-archive.ts";
import type { ProvisioningWait } from "./network-reader.ts";
import { createOciNotifier } from "./notifier.ts";
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
  const clients =
    options.clients ?? createOciClients(createAuthProvider(oci.auth), oci.endpoints, requestTimeoutMs);
  const clock = options.clock ?? systemClock;
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
      return {
        network: bound(
          createOciConnectionReader({
            client: clients.network,
            identity: clients.identity,
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
            client: clients.objectStorage,
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
        rotator: bound(createOciSecretRotator({ client: clients.network, retry })),
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
        clock,
        settings,
        logger,
        deadline,
        invocationId: callId,
      };
    },
  };
}
