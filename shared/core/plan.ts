import type { ConnectionState, FileMetadata } from "../ports.ts";
import type { RenderedFile } from "../render/types.ts";

/** A rendered file with the metadata it will be stored with. */
export interface PlannedFile {
  file: RenderedFile;
  meta: FileMetadata;
  objectName: string;
}

/** What storing a freshly rendered set of files takes, compared with what `state.json` records. */
export interface ChangePlan {
  /** Nothing to do: same files, same content, links announced and valid long enough. */
  unchanged: boolean;
  /** Files whose object must be (re)written: new or changed content. */
  write: PlannedFile[];
  /** Object names recorded before that are no longer produced (a vendor was removed): delete them. */
  stale: string[];
  /** Links to revoke once new ones exist: every recorded link (they may point at replaced content). */
  revoke: string[];
}

/** What is known about the links beyond `state.json`. */
export interface LinkFacts {
  /** Link ids listed under the connection's prefix now; null: not listed. */
  live: ReadonlySet<string> | null;
  /** The configured link generation (TUNNELSMITH_LINK_GENERATION); null: none. */
  generation: string | null;
}

/** Links closer than this to expiry are renewed on the next event even when the content is unchanged. */
export const LINK_RENEW_MARGIN_MS = 24 * 3600 * 1000;

/**
 * Compares rendered files with the recorded ones. When anything changed, every file gets a new link and every
 * old link is revoked: a PAR is bound to an object *name*, so an old link would serve the replaced content (the
 * new PSK or headend) to whoever still has it, and one coherent set of links is what the notification shows.
 */
export function planChanges(
  previous: ConnectionState | null,
  files: readonly PlannedFile[],
  now: Date,
  links: LinkFacts = { live: null, generation: null },
): ChangePlan {
  const recorded = new Map((previous?.files ?? []).map((f) => [f.objectName, f]));
  const write = files.filter((f) => recorded.get(f.objectName)?.contentHash !== f.meta.contentHash);
  const current = new Set(files.map((f) => f.objectName));
  const stale = [...recorded.keys()].filter((name) => !current.has(name));
  const linksFresh = [...recorded.values()].every(
    (f) => Date.parse(f.linkExpiresAt) - now.getTime() > LINK_RENEW_MARGIN_MS,
  );
  // A recorded link that is no longer listed (revoked by hand, expired) or from another generation is dead.
  const linksAlive =
    (links.live === null || [...recorded.values()].every((f) => links.live?.has(f.linkId))) &&
    (previous?.linkGeneration ?? null) === links.generation;
  const unchanged =
    previous !== null &&
    previous.status === "rendered" &&
    previous.announced &&
    write.length === 0 &&
    stale.length === 0 &&
    linksFresh &&
    linksAlive;
  return {
    unchanged,
    write,
    stale,
    revoke: unchanged ? [] : [...recorded.values()].map((f) => f.linkId),
  };
}
