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

/** Every JSON file in the folder that parses to an object; other files are not snapshots and are skipped. */
export async function readFolder(dir: string): Promise<SnapshotFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch (error) {
    throw new AdapterError("local snapshot folder", `cannot read snapshot folder ${dir}`, { cause: error });
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
