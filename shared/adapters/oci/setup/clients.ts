import * as common from "oci-common";
import * as events from "oci-events";
import * as functions from "oci-functions";
import * as identity from "oci-identity";
import * as monitoring from "oci-monitoring";
import * as objectstorage from "oci-objectstorage";
import * as ons from "oci-ons";
import * as queue from "oci-queue";
import * as resourcescheduler from "oci-resourcescheduler";
import type { SetupEndpoints } from "../../../config/settings-setup.ts";
import { ConfigError } from "../../../errors.ts";
import { type OciAuthProvider, regionOf } from "../auth.ts";

/** The SDK clients setup and teardown use. */
export interface SetupClients {
  objectStorage: objectstorage.ObjectStorageClient;
  topics: ons.NotificationControlPlaneClient;
  subscriptions: ons.NotificationDataPlaneClient;
  events: events.EventsClient;
  monitoring: monitoring.MonitoringClient;
  scheduler: resourcescheduler.ScheduleClient;
  queueAdmin: queue.QueueAdminClient;
  functions: functions.FunctionsManagementClient;
  identity: identity.IdentityClient;
  region: common.Region;
  tenancyId: string;
  /** True when IAM has an endpoint override (then the home-region lookup is skipped). */
  identityEndpointFixed: boolean;
}

/** Any SDK client: what setting a region and an endpoint needs. */
interface Client {
  regionId: string;
  endpoint: string;
}

/**
 * Builds the clients from a user's API key. No circuit breaker (a CLI run is short and its retries are bounded);
 * the region comes from the profile; an endpoint override is set last, because setting a region rewrites it.
 */
export function createSetupClients(provider: OciAuthProvider, endpoints: SetupEndpoints): SetupClients {
  const region = regionOf(provider);
  if (region === null) {
    throw new ConfigError([
      { path: "region", message: "the OCI config profile names no region; set region=…" },
    ]);
  }
  const tenancyId = (provider as { getTenantId?: () => string }).getTenantId?.();
  if (!tenancyId) {
    throw new ConfigError([
      {
        path: "OCI_CONFIG_FILE",
        message: "setup runs with a user's API key (OCI config file) naming a tenancy",
      },
    ]);
  }
  const params = { authenticationDetailsProvider: provider };
  const config = (): common.ClientConfiguration => ({
    circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
  });
  const clients = {
    objectStorage: new objectstorage.ObjectStorageClient(params, config()),
    topics: new ons.NotificationControlPlaneClient(params, config()),
    subscriptions: new ons.NotificationDataPlaneClient(params, config()),
    events: new events.EventsClient(params, config()),
    monitoring: new monitoring.MonitoringClient(params, config()),
    scheduler: new resourcescheduler.ScheduleClient(params, config()),
    queueAdmin: new queue.QueueAdminClient(params, config()),
    functions: new functions.FunctionsManagementClient(params, config()),
    identity: new identity.IdentityClient(params, config()),
  };
  const overrides: [Client, string | null][] = [
    [clients.objectStorage, endpoints.objectStorage],
    [clients.topics, endpoints.notifications],
    [clients.subscriptions, endpoints.notifications],
    [clients.events, endpoints.events],
    [clients.monitoring, endpoints.monitoring],
    [clients.scheduler, endpoints.resourceScheduler],
    [clients.queueAdmin, endpoints.queueAdmin],
    [clients.functions, endpoints.functions],
    [clients.identity, endpoints.identity],
  ];
  for (const [client, endpoint] of overrides) {
    // By id, not Region object: a client package may carry its own copy of oci-common.
    client.regionId = region.regionId;
    if (endpoint) client.endpoint = endpoint;
  }
  return { ...clients, region, tenancyId, identityEndpointFixed: endpoints.identity !== null };
}
