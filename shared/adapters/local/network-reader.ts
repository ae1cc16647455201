import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { AdapterError } from "../../errors.ts";
import type { SlotCandidate } from "../../model/slots.ts";
import type { ConnectionRead, NetworkReader } from "../../ports.ts";
import { parseSnapshotText } from "../../snapshot/parse.ts";

/**
 * Serves connections from a folder of snapshot files (the embedded default: `events/snapshots/`). A snapshot is
 * found by its `ipsecConnection.id`; the others with the same CPE are its siblings for interface allocation.
 */
export function createLocalNetworkReader(dir: string): NetworkReader {
  return {
    async readConnection(connectionId: string): Promise<ConnectionRead> {
      const entries = await loadFolder(dir);
      const match = entries.find((e) => e.connectionId === connectionId);
      if (!match) return { status: "gone" };
      const snapshot = parseSnapshotText(match.text, match.path);
      const siblings: SlotCandidate[] = entries
        .filter((e) => e.cpeId === snapshot.cpe.id)
        .map((e) => ({
          connectionId: e.connectionId,
          cpeId: e.cpeId,
          timeCreated: e.timeCreated,
          pinnedSlot: e.slot,
        }));
      return { status: "ready", snapshot, siblings };
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
}

/** Reads every `*.json` file and peeks at the ids; only the requested snapshot is fully validated. */
async function loadFolder(dir: string): Promise<Entry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch (error) {
    throw new AdapterError("local network reader", `cannot read snapshot folder ${dir}`, { cause: error });
  }
  const entries: Entry[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const text = await readFile(path, "utf8");
    const peek = peekIds(text);
    if (peek) entries.push({ path, text, ...peek });
  }
  return entries;
}

function peekIds(text: string): Omit<Entry, "path" | "text"> | undefined {
  try {
    const value = JSON.parse(text) as {
      ipsecConnection?: { id?: unknown; timeCreated?: unknown };
      cpe?: { id?: unknown };
      site?: { slot?: unknown };
    };
    const connectionId = value.ipsecConnection?.id;
    const cpeId = value.cpe?.id;
    if (typeof connectionId !== "string" || typeof cpeId !== "string") return undefined;
    const timeCreated = value.ipsecConnection?.timeCreated;
    const slot = value.site?.slot;
    return {
      connectionId,
      cpeId,
      timeCreated: typeof timeCreated === "string" ? timeCreated : undefined,
      slot: typeof slot === "number" ? slot : undefined,
    };
  } catch {
    return undefined; // not a snapshot; the folder may hold other JSON
  }
}
