import type { Env } from "../../../config/env.ts";
import { readSetupSettings, type SetupSettings } from "../../../config/settings-setup.ts";
import { systemClock } from "../../../core/clock.ts";
import { AdapterError } from "../../../errors.ts";
import type { Clock } from "../../../ports.ts";
import type { SetupPorts } from "../../../setup/ports.ts";
import { createAuthProvider } from "../auth.ts";
import { createNamespaceResolver } from "../bucket.ts";
import { statusOf } from "../errors.ts";
import { retryConfiguration } from "../retry.ts";
import { createBucketAdapter } from "./bucket.ts";
import { createSetupClients, type SetupClients } from "./clients.ts";
import type { AdapterContext } from "./common.ts";
import { createRuleAdapter } from "./events.ts";
import { createFunctionAdapter, readFunction } from "./functions.ts";
import {
  createDynamicGroupAdapter,
  createPolicyAdapter,
  homeRegionSwitch,
  listSubcompartments,
} from "./identity.ts";
import { createLifecycleAdapter } from "./lifecycle.ts";
import { createAlarmAdapter } from "./monitoring.ts";
import {
  createSubscriptionAdapter,
  createTopicAdapter,
  resendConfirmation,
  topicCompartment,
} from "./ons.ts";
import { createQueueAdapter } from "./queue.ts";
import { createScheduleAdapter } from "./scheduler.ts";

/** How long one setup or teardown run may take, SDK retries included. */
const RUN_TIMEOUT_MS = 15 * 60_000;

/** Test seams of the OCI setup ports. */
export interface OciSetupOptions {
  clock?: Clock;
  /** Pre-built clients (tests); default: from the environment's OCI config file and endpoint overrides. */
  clients?: SetupClients;
}

/**
 * The OCI implementation of setup's ports, for a user's API key (OCI config file, `OCI_CLI_PROFILE`). SDK
 * retries for 429 and 5xx follow the function's settings (`TUNNELSMITH_RETRY_*`) and stop at the run's deadline.
 */
export function createOciSetupPorts(
  env: Env,
  options: OciSetupOptions = {},
): { ports: SetupPorts; settings: SetupSettings } {
  const settings = readSetupSettings(env);
  const clients =
    options.clients ?? createSetupClients(createAuthProvider(settings.auth), settings.endpoints);
  const clock = options.clock ?? systemClock;
  const deadline = new Date(clock.now().getTime() + RUN_TIMEOUT_MS);
  const retry = retryConfiguration({
    maxAttempts: settings.retryMaxAttempts,
    maxDelaySeconds: settings.retryMaxDelaySeconds,
    deadline,
    clock,
  });
  const ctx: AdapterContext = { retry, clock, deadline };
  const resolveNamespace = createNamespaceResolver(
    clients.objectStorage,
    env.TUNNELSMITH_NAMESPACE?.trim() || null,
  );
  const namespace = () => resolveNamespace(retry);
  const topics = createTopicAdapter(clients.topics, ctx);
  const toHomeRegion = homeRegionSwitch(
    clients.identity,
    clients.tenancyId,
    clients.identityEndpointFixed,
    ctx,
  );

  const ports: SetupPorts = {
    environment: {
      tenancyId: clients.tenancyId,
      region: clients.region.regionId,
      namespace,
      getFunction: (functionId) => readFunction(clients.functions, functionId, ctx),
      topicCompartmentId: (topicId) => topicCompartment(clients.topics, topicId, ctx),
      listSubcompartments: (id) => listSubcompartments(clients.identity, id, ctx),
      resendConfirmation: (id) => resendConfirmation(clients.subscriptions, id, ctx),
    },
    adapters: {
      bucket: createBucketAdapter(clients.objectStorage, namespace, ctx),
      topic: topics,
      subscription: createSubscriptionAdapter(clients.subscriptions, topics, ctx),
      function: createFunctionAdapter(clients.functions, ctx),
      schedule: createScheduleAdapter(clients.scheduler, ctx),
      "dynamic-group": createDynamicGroupAdapter(clients.identity, toHomeRegion, ctx),
      policy: createPolicyAdapter(clients.identity, toHomeRegion, ctx),
      rule: createRuleAdapter(clients.events, ctx),
      alarm: createAlarmAdapter(clients.monitoring, ctx),
      lifecycle: createLifecycleAdapter(clients.objectStorage, namespace, ctx),
      queue: createQueueAdapter(clients.queueAdmin, ctx),
    },
    isBusy: (error) => {
      const cause = error instanceof AdapterError ? error.cause : error;
      const code = (cause as { serviceCode?: unknown } | null)?.serviceCode;
      return statusOf(cause) === 409 && code === "IncorrectState";
    },
  };
  return { ports, settings };
}
