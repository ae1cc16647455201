import { readFile } from "node:fs/promises";
import type { SlotCandidate } from "../../model/slots.ts";
import type { ConnectionRead, NetworkReader } from "../../ports.ts";
import { parseSnapshotText } from "../../snapshot/parse.ts";
import { applyOverlay, readOverlay } from "./rotated.ts";
import { jsonFiles } from "./snapshot-folder.ts";

/**
 * Serves connections from a folder of snapshot files (the embedded default: `events/snapshots/`). A snapshot is
 * found by its `ipsecConnection.id`; the others with the same CPE are its siblings for interface allocation.
 * Lifecycle states are honoured like OCI's: PROVISIONING is pending, TERMINATING/TERMINATED is gone, and a
 * connection whose snapshot was removed from the folder is gone too. There is no Oracle helper output locally.
 * With `stateDir`, keys (and tunnel states) a local rotation recorded there are laid over the snapshot.
 */
export function createLocalNetworkReader(dir: string, stateDir?: string): NetworkReader {
  return {
    async readConnection(connectionId: string): Promise<ConnectionRead> {
      const entries = await loadFolder(dir);
      const match = entries.find((e) => e.connectionId === connectionId);
      if (!match) return { status: "gone", reason: `no snapshot for it in ${dir}` };
      // A key rotated locally lives in the state folder (./rotated.ts) and wins over the sample's.
      const overlay = stateDir === undefined ? null : await readOverlay(stateDir, connectionId);
      const text = overlay ? JSON.stringify(applyOverlay(JSON.parse(match.text), overlay)) : match.text;
      const snapshot = parseSnapshotText(text, match.path);
      const state = snapshot.ipsecConnection.lifecycleState;
      if (state === "TERMINATING" || state === "TERMINATED")
        return { status: "gone", reason: `lifecycleState ${state}` };
      if (state === "PROVISIONING") return { status: "pending", reason: "lifecycleState PROVISIONING" };
      const siblings: SlotCandidate[] = entries
        .filter((e) => e.cpeId === snapshot.cpe.id && e.active)
        .map((e) => ({
          connectionId: e.connectionId,
          cpeId: e.cpeId,
          timeCreated: e.timeCreated,
          pinnedSlot: e.slot,
        }));
      return { status: "ready", snapshot, siblings };
    },

    async listConnectionsOfCpe(cpeId: string): Promise<string[]> {
      return (await loadFolder(dir)).filter((e) => e.cpeId === cpeId && e.active).map((e) => e.connectionId);
    },

    async readOracleCpeConfig(): Promise<string | null> {
      return null;
    },
  };
}

interface Entry {
  path: string;
  text: string;
  connectionId: string;
  cpeId: string;
  timeCreated: string | undefined;
  slot: number | undefined;
  /** Not TERMINATING/TERMINATED. */
  active: boolean;
}

/** Reads every `*.json` file and peeks at the ids; only the requested snapshot is fully validated. */
async function loadFolder(dir: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const path of await jsonFiles(dir, "local network reader")) {
    const text = await readFile(path, "utf8");
    const peek = peekIds(text);
    if (peek) entries.push({ path, text, ...peek });
  }
  return entries;
}

function peekIds(text: string): Omit<Entry, "path" | "text"> | undefined {
  try {
    const value = JSON.parse(text) as {
      ipsecConnection?: { id?: unknown; timeCreated?: unknown; lifecycleState?: unknown };
      cpe?: { id?: unknown };
      site?: { slot?: unknown };
    };
    const connectionId = value.ipsecConnection?.id;
    const cpeId = value.cpe?.id;
    if (typeof connectionId !== "string" || typeof cpeId !== "string") return undefined;
    const timeCreated = value.ipsecConnection?.timeCreated;
    const slot = value.site?.slot;
    const lifecycle = value.ipsecConnection?.lifecycleState;
    return {
      connectionId,
      cpeId,
      timeCreated: typeof timeCreated === "string" ? timeCreated : undefined,
      slot: typeof slot === "number" ? slot : undefined,
      active: lifecycle !== "TERMINATING" && lifecycle !== "TERMINATED",
    };
  } catch {
    return undefined; // not a snapshot; the folder may hold other JSON
  }
}
