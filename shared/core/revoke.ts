import type { Logger } from "../logger.ts";
import type { ConfigStore } from "../ports.ts";

/**
 * Revokes every link in `ids` (duplicates removed), carrying on past failures: one PAR that cannot be deleted
 * right now must not keep the others alive. Returns the ids that failed, to be recorded and retried.
 */
export async function revokeAll(
  ids: readonly string[],
  store: ConfigStore,
  logger: Logger,
): Promise<string[]> {
  const failed: string[] = [];
  for (const id of new Set(ids)) {
    try {
      await store.revokeLink(id);
    } catch (error) {
      logger.warn("could not revoke a download link; will retry on the next event", { linkId: id, error });
      failed.push(id);
    }
  }
  return failed;
}
