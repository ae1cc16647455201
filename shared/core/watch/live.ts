import type { ConnectionReader } from "../../ports/reader.ts";

/**
 * What the tunnel watch reads through: the live state of an IPSec connection's tunnels and the list of
 * connections in a compartment, both methods of the one reader port (`shared/ports/reader.ts`). The types live in
 * `shared/ports/live.ts` and are re-exported here for the watch modules.
 */
export type * from "../../ports/live.ts";

/** The part of the reader port the watch uses. */
export type TunnelReader = Pick<ConnectionReader, "readLive" | "listConnections">;

/** The invocation's reader, seen as the watch uses it. */
export function tunnelReaderOf(deps: { network: ConnectionReader }): TunnelReader {
  return deps.network;
}
