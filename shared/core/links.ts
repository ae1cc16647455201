import { OutcomeUnknownError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { ConfigStore, DownloadLink, StoredFile } from "../ports.ts";
import { revokeAll } from "./revoke.ts";

/**
 * Download links converge on what `state.json` keeps: every render (and every failed one) lists the PARs under
 * the connection's prefix and revokes each one the new state does not record. A link created by a run that died
 * before recording it, or by a create call whose answer was lost, is found that way instead of living out its
 * TTL. Only listed links are revoked, never an id read from `state.json`: a tampered state cannot make us revoke
 * another connection's link.
 */

/** Links under the connection's prefix, as listed now. */
export async function liveLinkIds(store: ConfigStore, connectionId: string): Promise<Set<string>> {
  return new Set((await store.listLinks(connectionId)).map((l) => l.id));
}

/**
 * Revokes every link listed under the connection's prefix that `keep` does not name. Returns the ids whose
 * revocation failed (recorded as `revokeLater`; the next render's listing finds them again anyway).
 */
export async function convergeLinks(
  store: ConfigStore,
  connectionId: string,
  keep: Iterable<string>,
  logger: Logger,
  listed?: Set<string>,
): Promise<{ revoked: number; failed: string[] }> {
  const kept = new Set(keep);
  const live = listed ?? (await liveLinkIds(store, connectionId));
  const extra = [...live].filter((id) => !kept.has(id));
  if (extra.length === 0) return { revoked: 0, failed: [] };
  const failed = await revokeAll(extra, store, logger);
  return { revoked: extra.length - failed.length, failed };
}

/**
 * Creates a file's link. A create whose outcome is unknown (a 5xx or timeout after OCI may have created it) is
 * not a failure of the render: its URL never reached us, so that link cannot be used either way. One more create
 * is made; the possible orphan is revoked by {@link convergeLinks}, whose listing the render makes after its
 * creates (not a blind retry: what exists is reconciled by listing).
 */
export async function createLinkReconciled(
  store: ConfigStore,
  file: StoredFile,
  expiresAt: Date,
  logger: Logger,
): Promise<DownloadLink> {
  try {
    return await store.createLink(file, expiresAt);
  } catch (error) {
    if (!(error instanceof OutcomeUnknownError)) throw error;
    logger.warn("creating a download link answered in a way that leaves it unknown; creating another", {
      objectName: file.objectName,
      error,
    });
    return store.createLink(file, expiresAt);
  }
}
