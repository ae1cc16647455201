import { http, type RequestHandler } from "msw";
import { setupServer } from "msw/node";
import { compartmentHandlers } from "./compartments.ts";
import { coreHandlers } from "./core.ts";
import type { FakeOci, RecordedRequest } from "./fake-oci.ts";
import { objectStorageHandlers } from "./objectstorage.ts";
import { onsHandlers } from "./ons.ts";
import { queueHandlers } from "./queue.ts";
import { ociError, signed } from "./respond.ts";
import { vaultHandlers } from "./vault.ts";

/** Where the SDK clients are pointed in tests. `.invalid` never resolves, so nothing can leave the machine. */
export interface OciOrigins {
  iaas: string;
  objectStorage: string;
  notifications: string;
  /** Identity (compartment listing); default: the `iaas` origin (their paths do not overlap). */
  identity?: string;
  /** Vault secret management (PSK rotation's copy of keys); default: the `iaas` origin (paths do not overlap). */
  vault?: string;
  /** The queue's messages endpoint (OCI Queue); default: the `iaas` origin (paths do not overlap). */
  queue?: string;
}

export const MSW_ORIGINS: OciOrigins = {
  iaas: "https://iaas.oci.invalid",
  objectStorage: "https://objectstorage.oci.invalid",
  notifications: "https://notification.oci.invalid",
  identity: "https://identity.oci.invalid",
  vault: "https://vaults.oci.invalid",
  queue: "https://cell-1.queue.messaging.oci.invalid",
};

/** Every fake OCI endpoint, one module per service, all answering from `fake`. */
export function ociHandlers(
  fake: FakeOci,
  now: () => Date,
  origins: OciOrigins = MSW_ORIGINS,
): RequestHandler[] {
  return [
    ...coreHandlers(fake, origins.iaas),
    ...objectStorageHandlers(fake, origins.objectStorage, now),
    ...onsHandlers(fake, origins.notifications),
    ...compartmentHandlers(fake, origins.identity ?? origins.iaas),
    ...vaultHandlers(fake, origins.vault ?? origins.iaas),
    ...queueHandlers(fake, origins.queue ?? origins.iaas, now),
  ];
}

/** The msw server for in-process tests; unhandled requests are errors, so no call goes unnoticed. */
export function createOciServer(fake: FakeOci, now: () => Date) {
  const server = setupServer(...ociHandlers(fake, now));
  return server;
}

type Method = "get" | "put" | "post" | "delete";

/**
 * A per-test fault: the first `times` requests to `url` (an msw path pattern under one of the origins) are answered
 * with `status`/`code`; later ones fall through to the normal handlers. Signatures are still checked.
 */
export function fault(
  fake: FakeOci,
  method: Method,
  url: string,
  status: number,
  code: string,
  times = 1,
): RequestHandler {
  let left = times;
  const service: RecordedRequest["service"] = url.startsWith(MSW_ORIGINS.iaas)
    ? "core"
    : url.startsWith(MSW_ORIGINS.notifications)
      ? "ons"
      : "objectstorage";
  return http[method](
    url,
    signed(fake, service, () => {
      if (left <= 0) return undefined;
      left -= 1;
      return ociError(status, code, `injected ${status} for the test`);
    }),
  );
}
