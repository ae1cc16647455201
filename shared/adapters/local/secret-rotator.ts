import { NotFoundError } from "../../errors.ts";
import type { SecretRotator } from "../../ports.ts";
import { readOverlay, writeOverlay } from "./rotated.ts";
import { findSnapshot } from "./snapshot-folder.ts";

/**
 * PSK rotation on the embedded default: the snapshot folder plays OCI, but the samples in it are tracked files
 * of the repository and stay as shipped. Setting a key records it in the state folder (see ./rotated.ts) and,
 * as OCI does, marks that tunnel `DOWN` (and its BGP session `DOWN`) there: it stays down until the CPE has the
 * new key, which locally means until someone sets it back to `UP` in `<state>/rotated/<ocid>.json`. That keeps
 * the safety rule observable locally (a second rotation is refused while the first tunnel is down). Every
 * local reader lays that file over the snapshot, so what is read back is the rotated key (connection-reader.ts).
 */
export function createLocalSecretRotator(dir: string, stateDir: string): SecretRotator {
  return {
    // The key is recorded at once: nothing to wait for.
    settleMs: 0,
    async setSharedSecret(connectionId, tunnelId, secret) {
      const found = await findSnapshot(dir, connectionId);
      if (!found) throw new NotFoundError(`snapshot of IPSec connection ${connectionId} in ${dir}`);
      const tunnels = Array.isArray(found.value.tunnels)
        ? (found.value.tunnels as Record<string, unknown>[])
        : [];
      const tunnel = tunnels.find((t) => t.id === tunnelId);
      if (!tunnel || typeof found.value.sharedSecrets !== "object" || found.value.sharedSecrets === null) {
        throw new NotFoundError(`tunnel ${tunnelId} in the snapshot of ${connectionId}`);
      }
      const overlay = (await readOverlay(stateDir, connectionId)) ?? { sharedSecrets: {}, tunnels: {} };
      overlay.sharedSecrets[tunnelId] = secret;
      const hasBgp = typeof tunnel.bgpSessionInfo === "object" && tunnel.bgpSessionInfo !== null;
      overlay.tunnels[tunnelId] = { status: "DOWN", ...(hasBgp ? { bgpState: "DOWN" } : {}) };
      await writeOverlay(stateDir, connectionId, overlay);
    },
  };
}
