import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { AdapterError } from "../../errors.ts";

/** A JSON object from the snapshot folder, and where it was read. */
export interface SnapshotFile {
  path: string;
  value: Record<string, unknown>;
}

/** The snapshot file of a connection (by `ipsecConnection.id`), if the folder has one. */
export async function findSnapshot(dir: string, connectionId: string): Promise<SnapshotFile | undefined> {
  return (await readFolder(dir)).find(
    (f) => (f.value.ipsecConnection as Record<string, unknown> | undefined)?.id === connectionId,
  );
}

/** The paths of the folder's `*.json` files, sorted (a missing or unreadable folder is an AdapterError). */
export async function jsonFiles(dir: string, adapter: string): Promise<string[]> {
  try {
    const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
    return names.map((name) => join(dir, name));
  } catch (error) {
    throw new AdapterError(adapter, `cannot read snapshot folder ${dir}`, { cause: error });
  }
}

/** Every JSON file in the folder that parses to an object; other files are not snapshots and are skipped. */
export async function readFolder(dir: string): Promise<SnapshotFile[]> {
  const files: SnapshotFile[] = [];
  for (const path of await jsonFiles(dir, "local snapshot folder")) {
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
