import type * as common from "oci-common";
import type * as core from "oci-core";
import { AdapterError } from "../../errors.ts";
import type { SecretRotator } from "../../ports.ts";
import { call, isNotFound, sdkError } from "./errors.ts";
import { listAll } from "./paging.ts";
import { readSharedSecret } from "./shared-secret.ts";

const SERVICE = "OCI networking";

export interface OciSecretRotatorOptions {
  client: core.VirtualNetworkClient;
  retry: common.RetryConfiguration;
}

/**
 * PSK rotation against the Networking API: `UpdateIPSecConnectionTunnelSharedSecret` to set a key,
 * `GetIPSecConnectionTunnel` to watch the tunnel reprovision, `GetIPSecConnectionTunnelSharedSecret` to confirm
 * which key OCI holds, `ListIPSecConnections` for scheduled runs over a compartment. Requests retry like every
 * other (429/5xx, bounded by the deadline); a retried update whose first attempt did land answers 409 while the
 * tunnel reprovisions, which the core resolves by reading the key back.
 */
export function createOciSecretRotator(options: OciSecretRotatorOptions): SecretRotator {
  const { client, retry } = options;
  return {
    // Right after the update OCI can still report the tunnel AVAILABLE with its old state for a moment.
    settleMs: 10_000,
    async setSharedSecret(connectionId, tunnelId, secret) {
      try {
        await client.updateIPSecConnectionTunnelSharedSecret({
          ipscId: connectionId,
          tunnelId,
          updateIPSecConnectionTunnelSharedSecretDetails: { sharedSecret: secret },
          retryConfiguration: retry,
        });
      } catch (error) {
        // OCI's message could quote the request; the key must not travel on in an error (the CLI prints them),
        // nor in its cause (logged with the error).
        const wrapped = sdkError(SERVICE, "UpdateIPSecConnectionTunnelSharedSecret", error, [secret]);
        throw new AdapterError(SERVICE, wrapped.message.replace(`${SERVICE}: `, ""));
      }
    },

    sharedSecret(connectionId, tunnelId) {
      return readSharedSecret(client, connectionId, tunnelId, retry);
    },

    async tunnelLifecycle(connectionId, tunnelId) {
      try {
        const res = await client.getIPSecConnectionTunnel({
          ipscId: connectionId,
          tunnelId,
          retryConfiguration: retry,
        });
        return res.iPSecConnectionTunnel.lifecycleState ?? null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw sdkError(SERVICE, "GetIPSecConnectionTunnel", error);
      }
    },

    async listConnections(compartmentId) {
      const connections = await call(SERVICE, "ListIPSecConnections", () =>
        listAll((page) => client.listIPSecConnections({ compartmentId, page, retryConfiguration: retry })),
      );
      return connections
        .filter((c) => c.lifecycleState !== "TERMINATING" && c.lifecycleState !== "TERMINATED")
        .map((c) => c.id)
        .sort();
    },
  };
}
