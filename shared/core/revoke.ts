import type { Logger } from "../logger.ts";
import type { ConfigStore } from "../ports.ts";
import { mapLimit, OBJECT_CALLS_AT_ONCE } from "./map-limit.ts";

/**
 * Revokes every link in `ids` (duplicates removed), carrying on past failures: one PAR that cannot be deleted
 * right now must not keep the others alive. Returns the ids that failed, to be recorded and retried.
 */
export async function revokeAll(
  ids: readonly string[],
  store: ConfigStore,
  logger: Logger,
): Promise<string[]> {
  const unique = [...new Set(ids)];
  const revoked = await mapLimit(unique, OBJECT_CALLS_AT_ONCE, async (id) => {
    try {
      await store.revokeLink(id);
      return true;
    } catch (error) {
      logger.warn("could not revoke a download link; will retry on the next event", { linkId: id, error });
      return false;
    }
  });
  return unique.filter((_, i) => !revoked[i]);
}
