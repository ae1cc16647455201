import type * as identity from "oci-identity";
import type { ConnectionReader } from "../../ports.ts";
import { tunnelLifecycle } from "./connections.ts";
import { createOciNetworkReader, type OciNetworkReaderOptions } from "./network-reader.ts";
import { readSharedSecret } from "./shared-secret.ts";
import { createOciTunnelReader } from "./tunnel-reader.ts";

export interface OciConnectionReaderOptions extends OciNetworkReaderOptions {
  /** Compartment listing, for `listConnections` with subcompartments. */
  identity: identity.IdentityClient;
}

/**
 * The reader port against the Networking API: snapshots to render (network-reader.ts), live tunnel state and
 * compartment listings (tunnel-reader.ts), and the single-tunnel reads rotation checks its work with. All of
 * them share the same request helpers (connections.ts, shared-secret.ts).
 */
export function createOciConnectionReader(options: OciConnectionReaderOptions): ConnectionReader {
  const { client, retry, logger } = options;
  return {
    ...createOciNetworkReader(options),
    ...createOciTunnelReader({ network: client, identity: options.identity, retry, logger }),
    sharedSecret: (connectionId, tunnelId) => readSharedSecret(client, connectionId, tunnelId, retry),
    tunnelLifecycle: (connectionId, tunnelId) => tunnelLifecycle(client, connectionId, tunnelId, retry),
  };
}
