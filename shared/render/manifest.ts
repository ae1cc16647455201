import { z } from "zod";
import { sha256 } from "../core/fingerprint.ts";
import type { RenderedFile } from "./types.ts";

/**
 * The render manifest: what one render wrote into one vendor folder (`<out>/<vendor>/manifest.json`). It is how
 * a later render knows which files are its own (and may be removed when no longer produced) and which were put
 * there by someone else (never touched). Pure: building, parsing and comparing, no file system.
 */

/** The manifest's file name inside a vendor folder. */
export const MANIFEST_NAME = "manifest.json";
/** Bumped when the shape changes incompatibly; issue 20 extends it compatibly. */
export const MANIFEST_VERSION = 1;

/** File modes as octal strings: PSK files, scripts, everything else. */
export const FILE_MODES = { secret: "0600", script: "0755", plain: "0644" } as const;

/** A plain file name: no folder part, not `.`/`..`, so a tampered manifest cannot name a path outside its folder. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._-]+$/, "a plain file name")
  .refine((n) => n !== "." && n !== ".." && n !== MANIFEST_NAME, "a plain file name");

const manifestFile = z.object({
  name: fileName,
  /** Where the file goes on the device, when the vendor names one absolute path. */
  path: z.string().startsWith("/").optional(),
  mode: z.string().regex(/^0[0-7]{3}$/, "an octal mode such as 0644"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "a hex SHA-256"),
});

const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  connectionId: z.string().min(1),
  vendor: z.string().regex(/^[a-z0-9-]+$/),
  files: z.array(manifestFile),
});

export type ManifestFile = z.infer<typeof manifestFile>;
export type Manifest = z.infer<typeof manifestSchema>;

/** The mode a rendered file is written with: 0600 for PSKs, 0755 for shell scripts, 0644 otherwise. */
export function fileMode(file: Pick<RenderedFile, "name" | "secret">): string {
  if (file.secret) return FILE_MODES.secret;
  return file.name.endsWith(".sh") ? FILE_MODES.script : FILE_MODES.plain;
}

/** The install path when the hint starts with one (`/etc/ipsec.d/x.conf, mode 0600` → `/etc/ipsec.d/x.conf`). */
function installPath(hint: string): string | undefined {
  return /^(\/[^\s,;]+)/.exec(hint)?.[1];
}

/** The manifest of one vendor's files of one connection. */
export function buildManifest(
  connectionId: string,
  vendor: string,
  files: readonly RenderedFile[],
): Manifest {
  return {
    version: MANIFEST_VERSION,
    connectionId,
    vendor,
    files: files
      .filter((f) => f.vendor === vendor)
      .map((f) => {
        const path = installPath(f.installHint);
        return {
          name: f.name,
          ...(path ? { path } : {}),
          mode: fileMode(f),
          sha256: sha256(f.content),
        };
      }),
  };
}

/** The manifest as written: 2-space JSON with a final newline. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Parses a manifest; null when the text is not one (a foreign or damaged file is treated as no manifest). */
export function parseManifest(text: string): Manifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = manifestSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What changed between the previous render's manifest and this one's, by file name. */
export interface ManifestDiff {
  added: string[];
  changed: string[];
  unchanged: string[];
  /** Written by the previous render and no longer produced: candidates for removal. */
  removed: ManifestFile[];
}

/** Compares two manifests; without a previous one every file is added. */
export function diffManifests(previous: Manifest | null, next: Manifest): ManifestDiff {
  const before = new Map((previous?.files ?? []).map((f) => [f.name, f]));
  const nextNames = new Set(next.files.map((f) => f.name));
  const diff: ManifestDiff = { added: [], changed: [], unchanged: [], removed: [] };
  for (const f of next.files) {
    const old = before.get(f.name);
    if (!old) diff.added.push(f.name);
    else if (old.sha256 !== f.sha256 || old.mode !== f.mode) diff.changed.push(f.name);
    else diff.unchanged.push(f.name);
  }
  diff.removed = (previous?.files ?? []).filter((f) => !nextNames.has(f.name));
  return diff;
}
