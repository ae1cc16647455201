import type * as common from "oci-common";
import type * as core from "oci-core";
import { call, orNull } from "./errors.ts";
import { listAll } from "./paging.ts";

/**
 * The Networking API reads every flow shares (render, watch, rotation), written once so the 404 meaning, the
 * paging and the tunnel order are the same everywhere.
 */

const SERVICE = "OCI networking";

/** The connection, or null when OCI answers 404. */
export function getConnection(
  client: core.VirtualNetworkClient,
  ipscId: string,
  retry: common.RetryConfiguration,
): Promise<core.models.IPSecConnection | null> {
  return orNull(SERVICE, "GetIPSecConnection", async () => {
    return (await client.getIPSecConnection({ ipscId, retryConfiguration: retry })).iPSecConnection;
  });
}

/** The connection's tunnels ordered by OCID (tunnel 1 stays tunnel 1), or null when OCI answers 404. */
export async function listTunnels(
  client: core.VirtualNetworkClient,
  ipscId: string,
  retry: common.RetryConfiguration,
): Promise<core.models.IPSecConnectionTunnel[] | null> {
  const items = await orNull(SERVICE, "ListIPSecConnectionTunnels", () =>
    listAll((page) => client.listIPSecConnectionTunnels({ ipscId, page, retryConfiguration: retry })),
  );
  return items === null ? null : items.sort((a, b) => a.id.localeCompare(b.id));
}

/** The compartment's connections (on one CPE when `cpeId` is given), without TERMINATING/TERMINATED ones. */
export async function listActiveConnections(
  client: core.VirtualNetworkClient,
  where: { compartmentId: string; cpeId?: string },
  retry: common.RetryConfiguration,
): Promise<core.models.IPSecConnection[]> {
  const items = await call(SERVICE, "ListIPSecConnections", () =>
    listAll((page) => client.listIPSecConnections({ ...where, page, retryConfiguration: retry })),
  );
  return items.filter((c) => c.lifecycleState !== "TERMINATING" && c.lifecycleState !== "TERMINATED");
}

/** One tunnel's lifecycle state (`AVAILABLE` once reprovisioned), or null when OCI answers 404. */
export async function tunnelLifecycle(
  client: core.VirtualNetworkClient,
  ipscId: string,
  tunnelId: string,
  retry: common.RetryConfiguration,
): Promise<string | null> {
  const tunnel = await orNull(SERVICE, "GetIPSecConnectionTunnel", async () => {
    const res = await client.getIPSecConnectionTunnel({ ipscId, tunnelId, retryConfiguration: retry });
    return res.iPSecConnectionTunnel;
  });
  return tunnel?.lifecycleState ?? null;
}
