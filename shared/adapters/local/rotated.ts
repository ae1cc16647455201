import { randomUUID } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { AdapterError } from "../../errors.ts";

/**
 * What a local rotation changed, kept in the state folder (`<state>/rotated/<connection OCID>.json`, mode 0600)
 * instead of in the snapshot folder: the snapshots are tracked samples in the repository and must stay as
 * shipped. Every local reader lays this over the snapshot, so a local rotate → render sees the new key.
 *
 * `tunnels[<id>].status` plays what OCI does after a key change: the tunnel is DOWN until the CPE has the new
 * key. Locally, set it to "UP" in this file (or delete the entry) to say the CPE has it.
 */
export interface RotatedOverlay {
  sharedSecrets: Record<string, string>;
  tunnels: Record<string, { status?: string; bgpState?: string }>;
}

const ADAPTER = "local secret rotator";

/** The overlay file of a connection; an id that could name another path has none. */
function overlayPath(stateDir: string, connectionId: string): string | null {
  return /^[A-Za-z0-9._-]+$/.test(connectionId) ? join(stateDir, "rotated", `${connectionId}.json`) : null;
}

/** The overlay of a connection, or null when it was never rotated locally (or the file is not an overlay). */
export async function readOverlay(stateDir: string, connectionId: string): Promise<RotatedOverlay | null> {
  const path = overlayPath(stateDir, connectionId);
  if (path === null) return null;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new AdapterError(ADAPTER, `cannot read ${path}`, { cause: error });
  }
  try {
    const value = JSON.parse(text) as Partial<RotatedOverlay>;
    return {
      sharedSecrets: isRecord(value.sharedSecrets) ? (value.sharedSecrets as Record<string, string>) : {},
      tunnels: isRecord(value.tunnels) ? (value.tunnels as RotatedOverlay["tunnels"]) : {},
    };
  } catch (error) {
    throw new AdapterError(ADAPTER, `${path} is not valid JSON`, { cause: error });
  }
}

/** Writes the overlay (0600: it holds PSKs) through a new file and a rename. */
export async function writeOverlay(stateDir: string, connectionId: string, overlay: RotatedOverlay) {
  const path = overlayPath(stateDir, connectionId);
  if (path === null) throw new AdapterError(ADAPTER, `cannot keep a key for ${connectionId}`);
  await mkdir(join(stateDir, "rotated"), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    const handle = await open(tmp, "wx", 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(`${JSON.stringify(overlay, null, 2)}\n`, "utf8");
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    await chmod(path, 0o600);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new AdapterError(ADAPTER, `cannot write ${path}`, { cause: error });
  }
}

/**
 * Lays the overlay over a raw snapshot (parsed JSON, modified in place): the rotated keys replace the sample's,
 * and the tunnels' status and BGP state are the overlay's where it has them.
 */
export function applyOverlay(raw: Record<string, unknown>, overlay: RotatedOverlay): Record<string, unknown> {
  if (isRecord(raw.sharedSecrets)) Object.assign(raw.sharedSecrets, overlay.sharedSecrets);
  const tunnels = Array.isArray(raw.tunnels) ? (raw.tunnels as Record<string, unknown>[]) : [];
  for (const t of tunnels) {
    const o = typeof t.id === "string" ? overlay.tunnels[t.id] : undefined;
    if (!o) continue;
    if (typeof o.status === "string") t.status = o.status;
    if (typeof o.bgpState === "string" && isRecord(t.bgpSessionInfo)) t.bgpSessionInfo.bgpState = o.bgpState;
  }
  return raw;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
