import { randomUUID } from "node:crypto";
import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AdapterError, NotFoundError } from "../../errors.ts";
import type { SecretRotator } from "../../ports.ts";

const ADAPTER = "local secret rotator";

/**
 * PSK rotation on the embedded default: the snapshot folder plays OCI. Setting a key rewrites the snapshot's
 * `sharedSecrets` entry and, as OCI does, marks that tunnel `DOWN` (and its BGP session `DOWN`): it stays down
 * until the CPE has the new key, which locally means until someone edits the snapshot back to `UP`. That keeps
 * the safety rule observable locally (a second rotation is refused while the first tunnel is down).
 *
 * The file is rewritten as a whole (2-space JSON) through a temporary file and a rename, keeping its mode: it
 * holds the PSKs.
 */
export function createLocalSecretRotator(dir: string): SecretRotator {
  return {
    // The snapshot is rewritten at once: nothing to wait for.
    settleMs: 0,
    async setSharedSecret(connectionId, tunnelId, secret) {
      const found = await findSnapshot(dir, connectionId);
      if (!found) throw new NotFoundError(`snapshot of IPSec connection ${connectionId} in ${dir}`);
      const value = found.value;
      const tunnels = Array.isArray(value.tunnels) ? (value.tunnels as Record<string, unknown>[]) : [];
      const tunnel = tunnels.find((t) => t.id === tunnelId);
      const secrets = value.sharedSecrets;
      if (!tunnel || typeof secrets !== "object" || secrets === null) {
        throw new NotFoundError(`tunnel ${tunnelId} in the snapshot of ${connectionId}`);
      }
      (secrets as Record<string, string>)[tunnelId] = secret;
      tunnel.status = "DOWN";
      const bgp = tunnel.bgpSessionInfo;
      if (typeof bgp === "object" && bgp !== null && "bgpState" in bgp) {
        (bgp as Record<string, unknown>).bgpState = "DOWN";
      }
      await replaceFile(found.path, `${JSON.stringify(value, null, 2)}\n`);
    },

    async sharedSecret(connectionId, tunnelId) {
      const found = await findSnapshot(dir, connectionId);
      const secrets = found?.value.sharedSecrets as Record<string, unknown> | undefined;
      const secret = secrets?.[tunnelId];
      return typeof secret === "string" ? secret : null;
    },

    async tunnelLifecycle(connectionId, tunnelId) {
      const found = await findSnapshot(dir, connectionId);
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

/** Writes via a temporary file and rename (a reader never sees half a snapshot), keeping the file's mode. */
async function replaceFile(path: string, content: string): Promise<void> {
  const mode = (await stat(path)).mode & 0o777;
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, path);
}
