import type { ConnectionReader } from "../../ports.ts";
import { createLocalNetworkReader } from "./network-reader.ts";
import { applyOverlay, readOverlay } from "./rotated.ts";
import { findSnapshot } from "./snapshot-folder.ts";
import { createLocalTunnelReader } from "./tunnel-reader.ts";

/**
 * The reader port on the embedded default, over a folder of snapshot files: snapshots to render
 * (network-reader.ts), live tunnel state and listings (tunnel-reader.ts), and the single-tunnel reads rotation
 * checks its work with. With `stateDir`, what a local rotation recorded there (./rotated.ts) is laid over the
 * snapshot, so every read sees the rotated key.
 */
export function createLocalConnectionReader(dir: string, stateDir?: string): ConnectionReader {
  const network = createLocalNetworkReader(dir, stateDir);
  const current = async (connectionId: string) => {
    const found = await findSnapshot(dir, connectionId);
    const overlay = found && stateDir !== undefined ? await readOverlay(stateDir, connectionId) : null;
    return found && overlay ? { ...found, value: applyOverlay(found.value, overlay) } : found;
  };
  return {
    ...network,
    ...createLocalTunnelReader(dir, network),

    async sharedSecret(connectionId, tunnelId) {
      const found = await current(connectionId);
      const secrets = found?.value.sharedSecrets as Record<string, unknown> | undefined;
      const secret = secrets?.[tunnelId];
      return typeof secret === "string" ? secret : null;
    },

    async tunnelLifecycle(connectionId, tunnelId) {
      const found = await current(connectionId);
      const tunnels = (found?.value.tunnels ?? []) as Record<string, unknown>[];
      const tunnel = Array.isArray(tunnels) ? tunnels.find((t) => t.id === tunnelId) : undefined;
      if (!tunnel) return null;
      // Locally the key change is immediate: a snapshot without a lifecycle state is available.
      return typeof tunnel.lifecycleState === "string" ? tunnel.lifecycleState : "AVAILABLE";
    },
  };
}
