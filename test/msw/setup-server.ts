import type { RequestHandler } from "msw";
import { eventsHandlers } from "./events.ts";
import type { FakeOci } from "./fake-oci.ts";
import { functionsHandlers } from "./functions.ts";
import { identityHandlers } from "./identity.ts";
import { monitoringHandlers } from "./monitoring.ts";
import { bucketHandlers } from "./objectstorage-buckets.ts";
import { onsControlHandlers } from "./ons-control.ts";
import { queueAdminHandlers } from "./queue-admin.ts";
import { resourceSchedulerHandlers } from "./resourcescheduler.ts";
import { MSW_ORIGINS } from "./server.ts";

/** Where setup's control-plane clients are pointed in tests (`.invalid`: nothing can leave the machine). */
export const SETUP_ORIGINS = {
  identity: "https://identity.oci.invalid",
  events: "https://events.oci.invalid",
  monitoring: "https://telemetry.oci.invalid",
  resourceScheduler: "https://resourcescheduler.oci.invalid",
  functions: "https://functions.oci.invalid",
  queueAdmin: "https://queue-admin.oci.invalid",
  notifications: MSW_ORIGINS.notifications,
  objectStorage: MSW_ORIGINS.objectStorage,
};

/** The origins, one per service (Object Storage and Notifications shared with the function's fakes). */
export type SetupOrigins = typeof SETUP_ORIGINS;

/** The control-plane services `tunnelsmith setup` uses, one module each, all answering from `fake`. */
export function setupHandlers(fake: FakeOci, origins: SetupOrigins = SETUP_ORIGINS): RequestHandler[] {
  return [
    ...bucketHandlers(fake, origins.objectStorage),
    ...onsControlHandlers(fake, origins.notifications),
    ...eventsHandlers(fake, origins.events),
    ...monitoringHandlers(fake, origins.monitoring),
    ...resourceSchedulerHandlers(fake, origins.resourceScheduler),
    ...functionsHandlers(fake, origins.functions),
    ...queueAdminHandlers(fake, origins.queueAdmin, MSW_ORIGINS.queue ?? MSW_ORIGINS.iaas),
    ...identityHandlers(fake, origins.identity),
  ];
}
