import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConflictError } from "../../errors.ts";
import type { ConfigStore, ConnectionState, DownloadLink, StoredFile, VersionedState } from "../../ports.ts";
import type { RenderedFile } from "../../render/types.ts";

/** Object name of a connection's file, shared with the OCI store: `connections/<ocid>/<vendor>/<file>`. */
export function objectNameFor(connectionId: string, vendor: string, name: string): string {
  return `connections/${connectionId}/${vendor}/${name}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * A local folder standing in for the bucket: `<root>/bucket/<object name>`. Files holding PSKs are written with
 * mode 0600. A "link" is a file URL whose expiry is recorded in `<root>/links/<id>.json`, so the local run shows
 * the same information an OCI PAR would carry. State is versioned by its content hash, giving If-Match semantics.
 */
export function createLocalConfigStore(root: string): ConfigStore {
  const bucket = resolve(root, "bucket");
  const objectPath = (objectName: string) => join(bucket, ...objectName.split("/"));
  const statePath = (connectionId: string) => objectPath(`connections/${connectionId}/state.json`);

  return {
    async putFile(connectionId: string, file: RenderedFile): Promise<StoredFile> {
      const objectName = objectNameFor(connectionId, file.vendor, file.name);
      await writeAtomically(objectPath(objectName), file.content, file.secret ? 0o600 : 0o644);
      return {
        vendor: file.vendor,
        name: file.name,
        objectName,
        contentHash: sha256(file.content),
        secret: file.secret,
      };
    },

    async createLink(file: StoredFile, expiresAt: Date): Promise<DownloadLink> {
      const id = randomUUID();
      const url = pathToFileURL(objectPath(file.objectName)).href;
      const record = { id, objectName: file.objectName, url, expiresAt: expiresAt.toISOString() };
      await writeAtomically(join(root, "links", `${id}.json`), `${JSON.stringify(record, null, 2)}\n`, 0o644);
      return { id, url, expiresAt };
    },

    async getState(connectionId: string): Promise<VersionedState | null> {
      const text = await readFile(statePath(connectionId), "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        throw error;
      });
      if (text === null) return null;
      return { state: JSON.parse(text) as ConnectionState, etag: sha256(text) };
    },

    async putState(connectionId: string, state: ConnectionState, ifMatch: string | null): Promise<string> {
      const current = await this.getState(connectionId);
      if ((current?.etag ?? null) !== ifMatch) {
        throw new ConflictError(`state of ${connectionId} changed since it was read`);
      }
      const text = `${JSON.stringify(state, null, 2)}\n`;
      await writeAtomically(statePath(connectionId), text, 0o644);
      return sha256(text);
    },
  };
}

/** Writes via a temporary file and rename, so a reader never sees half a config. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, path);
}
