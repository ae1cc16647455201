import { randomBytes } from "node:crypto";
import { chmod, lstat, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { sha256 } from "../shared/core/fingerprint.ts";
import type { ManifestFile } from "../shared/render/manifest.ts";
import { UsageError } from "./usage.ts";

/**
 * Writing files that may hold PSKs into a folder the user names. A file is written beside its target under a
 * fresh name (created exclusively, so a planted file or symlink there is never opened), given its mode
 * explicitly (umask cannot widen it, an old file's mode does not survive) and renamed over the target, which
 * replaces a symlink instead of writing through it. Folders we create get 0755 whatever the umask.
 */

const DIR_MODE = 0o755;

/** Turns a file-system error on `path` into a usage error naming it (exit 2) instead of "unexpected error". */
function pathError(path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "read-only file system",
    ENOTDIR: "a part of it is not a folder",
    EEXIST: "it exists and is not a folder",
    EISDIR: "it is a folder",
  };
  return new UsageError(`cannot write ${path}: ${(code && why[code]) ?? code ?? String(error)}`);
}

/**
 * Makes sure `dir` is a folder, creating it (0755) and its parents if needed. The folder the user named may be a
 * symlink to a folder (their choice); the folders we put files in (`linksAllowed` false) must be real ones, or a
 * planted link would send the PSKs elsewhere.
 */
export async function ensureFolder(dir: string, linksAllowed = true): Promise<void> {
  const found = await lstat(dir).catch(() => null);
  if (found?.isSymbolicLink()) {
    const target = await stat(dir).catch(() => null);
    if (linksAllowed && target?.isDirectory()) return;
    throw new UsageError(`--out: ${dir} is a symbolic link; tunnelsmith writes only into real folders`);
  }
  if (found && !found.isDirectory()) throw new UsageError(`--out: ${dir} exists and is not a folder`);
  if (found) return;
  await ensureFolder(dirname(dir));
  try {
    await mkdir(dir, { mode: DIR_MODE });
    await chmod(dir, DIR_MODE); // mkdir's mode is filtered by the umask, chmod's is not
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return ensureFolder(dir, linksAllowed);
    throw pathError(dir, error);
  }
}

/** Writes `content` to `path` with exactly `mode`, via a new file beside it and a rename (never follows a symlink). */
export async function writeFileSafely(path: string, content: string, mode: number): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(tmp, "wx", mode);
    try {
      await handle.chmod(mode);
      await handle.writeFile(content, "utf8");
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => {});
    throw pathError(path, error);
  }
}

/**
 * Removes a file an earlier render wrote and this one no longer produces, but only while it is still what we
 * wrote (same content hash, a regular file): an edited or replaced file is someone else's now. Returns whether
 * it was removed.
 */
export async function removeIfOurs(dir: string, file: ManifestFile): Promise<boolean> {
  const path = join(dir, file.name);
  const found = await lstat(path).catch(() => null);
  if (!found?.isFile()) return false;
  const content = await readFile(path, "utf8").catch(() => null);
  if (content === null || sha256(content) !== file.sha256) return false;
  await rm(path, { force: true });
  return true;
}

/** The text of a regular file, or null (missing, a symlink, unreadable). */
export async function readOwnFile(path: string): Promise<string | null> {
  const found = await lstat(path).catch(() => null);
  if (!found?.isFile()) return null;
  return readFile(path, "utf8").catch(() => null);
}
