import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { getRenderer } from "../../render/registry.ts";
import type { RenderedFile } from "../../render/types.ts";

/** One line of a file that holds the rotated key. `text` never contains a key: keys are shown as placeholders. */
export interface ChangedLine {
  /** 1-based line number in the new file. */
  number: number;
  /**
   * The line with `<new key of tunnel N>` where the key goes; null for a line that only changes with the key
   * (e.g. a hash of the settings) or that could not be shown safely.
   */
  text: string | null;
}

/** What changes in one file on the CPE when one tunnel's key is rotated. */
export interface FileChange {
  vendor: string;
  name: string;
  installHint: string;
  /** Empty with `opaque`: the file changed but its lines cannot be pinpointed (Oracle's own text). */
  lines: ChangedLine[];
  opaque: boolean;
}

/**
 * Which files and lines hold tunnel `tunnelId`'s key, found without looking for the key itself: each vendor's
 * files are rendered again with a placeholder instead of that key, and the lines that differ from the real files
 * are the key's lines (whatever the vendor's quoting or encoding, e.g. Yamaha's hex form). The text shown comes
 * from a rendering where *both* keys are placeholders, so it cannot carry a key.
 */
export function cpeChanges(
  model: ConnectionModel,
  files: readonly RenderedFile[],
  tunnelId: string,
): FileChange[] {
  const rotated = model.tunnels.find((t) => t.id === tunnelId);
  const other = model.tunnels.find((t) => t.id !== tunnelId);
  if (!rotated || !other) return [];
  const newKey = placeholder("NEWKEY", rotated.psk.length);
  const otherKey = placeholder("SAMEKEY", other.psk.length);
  const withNew = withKeys(model, { [rotated.id]: newKey });
  const withBoth = withKeys(model, { [rotated.id]: newKey, [other.id]: otherKey });
  const rendered = new Map<string, { one: RenderedFile[]; both: RenderedFile[] } | null>();

  const changes: FileChange[] = [];
  for (const file of files) {
    if (!file.secret) continue;
    if (!rendered.has(file.vendor)) rendered.set(file.vendor, renderBoth(file.vendor, withNew, withBoth));
    const again = rendered.get(file.vendor);
    const base = { vendor: file.vendor, name: file.name, installHint: file.installHint };
    const one = again?.one.find((f) => f.name === file.name);
    const both = again?.both.find((f) => f.name === file.name);
    if (!one || !both) {
      changes.push({ ...base, lines: [], opaque: true });
      continue;
    }
    const real = file.content.split("\n");
    const placeholderLines = one.content.split("\n");
    const shown = both.content.split("\n");
    if (real.length !== placeholderLines.length || real.length !== shown.length) {
      changes.push({ ...base, lines: [], opaque: true });
      continue;
    }
    const lines: ChangedLine[] = [];
    real.forEach((line, i) => {
      if (line === placeholderLines[i]) return;
      const text = (shown[i] ?? "")
        .split(newKey)
        .join(`<new key of tunnel ${rotated.index}>`)
        .split(otherKey)
        .join(`<key of tunnel ${other.index}, unchanged>`)
        .trim();
      // Shown only when it is where the key goes (not a line that merely changes with it, such as a hash of
      // the settings) and, belt and braces, holds no key in any form the placeholder did not reach.
      const holdsKey = (shown[i] ?? "").includes(newKey);
      const safe = !text.includes(rotated.psk) && !text.includes(other.psk) && !text.includes(newKey);
      lines.push({ number: i + 1, text: holdsKey && safe ? text : null });
    });
    if (lines.length > 0) changes.push({ ...base, lines, opaque: false });
  }
  return changes;
}

/** A placeholder of the key's length (renderers may check lengths), letters only like a real key. */
function placeholder(word: string, length: number): string {
  return `TUNNELSMITH${word}`.padEnd(Math.max(length, 8), "X").slice(0, Math.max(length, 8));
}

function withKeys(model: ConnectionModel, keys: Record<string, string>): ConnectionModel {
  const tunnels = model.tunnels.map(
    (t): TunnelModel => (keys[t.id] ? { ...t, psk: keys[t.id] ?? t.psk } : t),
  );
  return { ...model, tunnels: tunnels as ConnectionModel["tunnels"] };
}

/** The vendor's files for both placeholder models, or null for files no renderer makes (Oracle's own text). */
function renderBoth(
  vendor: string,
  withNew: ConnectionModel,
  withBoth: ConnectionModel,
): { one: RenderedFile[]; both: RenderedFile[] } | null {
  try {
    const renderer = getRenderer(vendor);
    return { one: renderer.render(withNew), both: renderer.render(withBoth) };
  } catch {
    return null;
  }
}
