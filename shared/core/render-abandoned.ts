import type { AgentSection } from "../bundle/agent-state.ts";
import type { AnnouncementRecord, ConnectionState, Dependencies, FileRecord } from "../ports.ts";
import { agentLinkIds } from "./agent/link-ids.ts";
import type { Lease, LeaseEnd } from "./lease.ts";
import { convergeLinks } from "./links.ts";

/** What a failed render had already done, so the state it leaves says so (see {@link abandoned}). */
export interface Progress {
  /** New file records once every link was created. */
  records: FileRecord[] | null;
  /** The announcement once published (or maybe published). */
  announcement: AnnouncementRecord | null;
  /** The agent section the render would record once its files are stored (undefined: none). */
  agent: AgentSection | undefined;
}

/**
 * The state a failed render leaves, with the links converged on it: once every new link exists they are the
 * ones kept (unannounced unless the message went out, or may have, so the next event or sweep sends it at most
 * once); otherwise the previous state stands and every link it does not record is revoked. The event is never
 * marked handled, so a redelivery tries again.
 */
export async function abandoned(lease: Lease, progress: Progress, deps: Dependencies): Promise<LeaseEnd> {
  const { store, logger, settings } = deps;
  const keep: ConnectionState =
    progress.records !== null
      ? {
          ...lease.held,
          status: "rendered",
          announced: progress.announcement !== null,
          announcement: progress.announcement ?? lease.held.announcement ?? null,
          lastEventId: null,
          files: progress.records,
          linkGeneration: settings.linkGeneration ?? null,
          ...(progress.agent ? { agent: progress.agent } : {}),
        }
      : lease.held;
  const { failed } = await convergeLinks(
    store,
    lease.connectionId,
    [...keep.files.map((f) => f.linkId), ...agentLinkIds(keep.agent)],
    logger,
  );
  if (progress.records === null && lease.previous === null && failed.length === 0) return { delete: true };
  return { state: { ...keep, revokeLater: failed } };
}
