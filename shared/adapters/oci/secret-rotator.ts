import type * as common from "oci-common";
import type * as core from "oci-core";
import { AdapterError } from "../../errors.ts";
import type { SecretRotator } from "../../ports.ts";
import { sdkError } from "./errors.ts";

const SERVICE = "OCI networking";

export interface OciSecretRotatorOptions {
  client: core.VirtualNetworkClient;
  retry: common.RetryConfiguration;
}

/**
 * PSK rotation's write side against the Networking API: `UpdateIPSecConnectionTunnelSharedSecret`. What rotation
 * reads afterwards (the tunnel reprovisioning, which key OCI holds) goes through the reader
 * (connection-reader.ts). Requests retry like every other (429/5xx, bounded by the deadline); a retried update
 * whose first attempt did land answers 409 while the tunnel reprovisions, which the core resolves by reading the
 * key back.
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
  };
}
