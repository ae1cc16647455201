import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { AdapterError, NotFoundError } from "../../errors.ts";
import type { SecretRotator } from "../../ports.ts";
import { applyOverlay, readOverlay, writeOverlay } from "./rotated.ts";

const ADAPTER = "local secret rotator";

/**
 * PSK rotation on the embedded default: the snapshot folder plays OCI, but the samples in it are tracked files
 * of the repository and stay as shipped. Setting a key records it in the state folder (see ./rotated.ts) and,
 * as OCI does, marks that tunnel `DOWN` (and its BGP session `DOWN`) there: it stays down until the CPE has the
 * new key, which locally means until someone sets it back to `UP` in `<state>/rotated/<ocid>.json`. That keeps
 * the safety rule observable locally (a second rotation is refused while the first tunnel is down). Every
 * local reader lays that file over the snapshot, so what is read back is the rotated key.
 */
export function createLocalSecretRotator(dir: string, stateDir: string): SecretRotator {
  const current = async (connectionId: string) => {
    const found = await findSnapshot(dir, connectionId);
    const overlay = found ? await readOverlay(stateDir, connectionId) : null;
    return found && overlay ? { ...found, value: applyOverlay(found.value, overlay) } : found;
  };
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

    async listConnections(compartmentId) {
      const ids: string[] = [];
      for (const { value } of await readFolder(dir)) {
        const connection = value.ipsecConnection as Record<string, unknown> | undefined;
        const state = connection?.lifecycleState;
        if (
          typeof connection?.id === "string" &&
          connection.compartmentId === compartmentId &&
          state !== "TERMINATING" &&
          state !== "TERMINATED"
        ) {
          ids.push(connection.id);
        }
      }
      return ids.sort();
    },
  };
}

interface SnapshotFile {
  path: string;
  value: Record<string, unknown>;
}

async function findSnapshot(dir: string, connectionId: string): Promise<SnapshotFile | undefined> {
  return (await readFolder(dir)).find(
    (f) => (f.value.ipsecConnection as Record<string, unknown> | undefined)?.id === connectionId,
  );
}

/** Every JSON file in the folder that parses to an object; other files are not snapshots and are skipped. */
async function readFolder(dir: string): Promise<SnapshotFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch (error) {
    throw new AdapterError(ADAPTER, `cannot read snapshot folder ${dir}`, { cause: error });
  }
  const files: SnapshotFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const value: unknown = JSON.parse(await readFile(path, "utf8"));
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        files.push({ path, value: value as Record<string, unknown> });
      }
    } catch {
      // not JSON: not a snapshot
    }
  }
  return files;
}
