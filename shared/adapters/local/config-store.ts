import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { AgentStore } from "../../bundle/agent-store.ts";
import { sha256 } from "../../core/fingerprint.ts";
import { connectionPrefix, objectNameFor, stateObjectName } from "../../core/object-names.ts";
import { ConflictError } from "../../errors.ts";
import type { ConfigStore, ConnectionState, DownloadLink, FileMetadata, StoredFile } from "../../ports.ts";
import type { RenderedFile } from "../../render/types.ts";

export { objectNameFor } from "../../core/object-names.ts";

/**
 * A local folder standing in for the bucket: `<root>/bucket/<object name>`. Files holding PSKs are written with
 * mode 0600. A "link" is a file URL whose expiry is recorded in `<root>/links/<id>.json` (revoking deletes the
 * record), so the local run shows the same information an OCI PAR would carry. State is versioned by its content
 * hash, giving If-Match semantics.
 */
export function createLocalConfigStore(root: string): ConfigStore & AgentStore {
  const bucket = resolve(root, "bucket");
  const linksDir = join(root, "links");
  const objectPath = (objectName: string) => join(bucket, ...objectName.split("/"));
  const statePath = (connectionId: string) => objectPath(stateObjectName(connectionId));

  const readLinks = async (): Promise<{ id: string; objectName: string }[]> => {
    const names = await readdir(linksDir).catch(ifMissing([] as string[]));
    const records = await Promise.all(
      names
        .filter((n) => n.endsWith(".json"))
        .map(
          async (n) =>
            JSON.parse(await readFile(join(linksDir, n), "utf8")) as { id: string; objectName: string },
        ),
    );
    return records.map((r) => ({ id: r.id, objectName: r.objectName }));
  };

  const store: ConfigStore & AgentStore = {
    async putFile(connectionId: string, file: RenderedFile, meta: FileMetadata): Promise<StoredFile> {
      const objectName = objectNameFor(connectionId, file.vendor, file.name);
      await writeAtomically(objectPath(objectName), file.content, file.secret ? 0o600 : 0o644);
      return { vendor: file.vendor, name: file.name, objectName, secret: file.secret, ...meta };
    },

    async createLink(file: StoredFile, expiresAt: Date): Promise<DownloadLink> {
      const id = randomUUID();
      const url = pathToFileURL(objectPath(file.objectName)).href;
      const record = { id, objectName: file.objectName, url, expiresAt: expiresAt.toISOString() };
      await writeAtomically(join(linksDir, `${id}.json`), `${JSON.stringify(record, null, 2)}\n`, 0o644);
      return { id, url, expiresAt };
    },

    // The agent's links are paths: the read link the vendor folder (ending in "/"), the status link the file the
    // agent writes its status.json to. Recorded like the other links, so listing, expiry and revocation match.
    async createAgentLink(
      kind: "read" | "status",
      objectName: string,
      expiresAt: Date,
    ): Promise<DownloadLink> {
      const id = randomUUID();
      const path = objectPath(objectName.replace(/\/$/, ""));
      const url = kind === "read" ? `${path}${sep}` : path;
      const record = { id, kind, objectName, url, expiresAt: expiresAt.toISOString() };
      await writeAtomically(join(linksDir, `${id}.json`), `${JSON.stringify(record, null, 2)}\n`, 0o644);
      return { id, url, expiresAt };
    },

    async readAgentStatus(objectName: string): Promise<string | null> {
      return readFile(objectPath(objectName), "utf8").catch(ifMissing(null));
    },

    async revokeLink(linkId: string): Promise<void> {
      if (!/^[A-Za-z0-9-]+$/.test(linkId)) return; // not one of ours; never let an id name another path
      await rm(join(linksDir, `${linkId}.json`), { force: true });
    },

    async listLinks(connectionId: string) {
      const prefix = connectionPrefix(connectionId);
      return (await readLinks()).filter((l) => l.objectName.startsWith(prefix));
    },

    async listFiles(connectionId: string): Promise<string[]> {
      const state = stateObjectName(connectionId);
      const files = await walk(objectPath(connectionPrefix(connectionId)));
      return files
        .filter((path) => !path.endsWith(".tmp"))
        .map((path) => relative(bucket, path).split(sep).join("/"))
        .filter((name) => name !== state)
        .sort();
    },

    async deleteFile(objectName: string): Promise<void> {
      await rm(objectPath(objectName), { force: true });
    },

    async getState(connectionId: string) {
      const text = await readFile(statePath(connectionId), "utf8").catch(ifMissing(null));
      if (text === null) return null;
      let state: unknown;
      try {
        state = JSON.parse(text);
      } catch {
        state = null; // the core treats an unreadable state as absent and replaces it
      }
      return { state, etag: sha256(text) };
    },

    async putState(connectionId: string, state: ConnectionState, ifMatch: string | null): Promise<string> {
      const current = await store.getState(connectionId);
      if ((current?.etag ?? null) !== ifMatch) {
        throw new ConflictError(`state of ${connectionId} changed since it was read`);
      }
      const text = `${JSON.stringify(state, null, 2)}\n`;
      await writeAtomically(statePath(connectionId), text, 0o644);
      return sha256(text);
    },

    async deleteState(connectionId: string, ifMatch: string): Promise<void> {
      const current = await store.getState(connectionId);
      if (current === null) return;
      if (current.etag !== ifMatch)
        throw new ConflictError(`state of ${connectionId} changed since it was read`);
      await rm(statePath(connectionId), { force: true });
    },
  };
  return store;
}

/** Every file below `dir` (none when it does not exist). */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(ifMissing([]));
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

/** A `.catch` handler that turns "no such file" into `fallback` and rethrows anything else. */
function ifMissing<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === "ENOENT") return fallback;
    throw error;
  };
}

/** Writes via a temporary file and rename, so a reader never sees half a config. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, path);
}
