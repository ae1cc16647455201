import type * as common from "oci-common";
import type * as core from "oci-core";
import { orNull } from "./errors.ts";

/**
 * One tunnel's pre-shared key (GetIPSecConnectionTunnelSharedSecret), or null when OCI answers 404 (the connection
 * or tunnel is being deleted). Every reader of a PSK (render, sweep drift check, rotation) goes through here, so
 * the 404 meaning and the error wording are the same everywhere; the key itself is never logged by this module.
 */
export async function readSharedSecret(
  client: core.VirtualNetworkClient,
  ipscId: string,
  tunnelId: string,
  retry: common.RetryConfiguration,
): Promise<string | null> {
  return orNull("OCI networking", "GetIPSecConnectionTunnelSharedSecret", async () => {
    const res = await client.getIPSecConnectionTunnelSharedSecret({
      ipscId,
      tunnelId,
      retryConfiguration: retry,
    });
    return res.iPSecConnectionTunnelSharedSecret.sharedSecret;
  });
}
