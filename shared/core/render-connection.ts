import { ConflictError } from "../errors.ts";
import { buildModel } from "../model/build.ts";
import { allocateSlots } from "../model/slots.ts";
import type { ConnectionModel } from "../model/types.ts";
import type {
  AnnouncementRecord,
  ConnectionState,
  Dependencies,
  FileRecord,
  Notification,
  StoredFile,
} from "../ports.ts";
import { announceOnce } from "./announce.ts";
import { type Lease, type LeaseEnd, type LeaseWork, withLease } from "./lease.ts";
import { convergeLinks, createLinkReconciled, liveLinkIds } from "./links.ts";
import { mapLimit, OBJECT_CALLS_AT_ONCE } from "./map-limit.ts";
import { configsReadyNotification, type LinkedFile, withRefusals } from "./notification.ts";
import type { EventOutcome } from "./outcome.ts";
import { planChanges } from "./plan.ts";
import { plannedFiles, renderFiles, toRecord, tunnelRecords } from "./render-files.ts";
import { alreadyHandled, type CurrentState, readState } from "./state.ts";

/** The event that asked for a render, as recorded in `state.json` and shown in the notification. */
export interface Trigger {
  eventId: string;
  eventType: string;
  /** "created", "updated", …: what happened, for the notification title. */
  what: string;
  /** The resource's display name from the event (deleted connections cannot be read any more). */
  resourceName: string | null;
  /** The compartment the event names (a delete is confirmed against its listing); null when unknown. */
  compartmentId?: string | null;
}

/** Options for callers that render for a reason of their own (PSK rotation). */
export interface RenderOptions {
  /** Builds the message instead of the standard "configs ready" one, from the same inputs. */
  notification?: (model: ConnectionModel, what: string, files: readonly LinkedFile[]) => Notification;
  /**
   * A lease this invocation already holds (PSK rotation holds one from before the key change): the render works
   * under it instead of reading `state.json` and taking its own, and gives it up as usual.
   */
  lease?: Lease;
  /**
   * Changes the state written when the lease is given up with the configs stored (rendered, unchanged, or
   * already handled), so the caller's own record is closed in that same write (PSK rotation's `inProgress`).
   * Not applied when the render fails or the connection is pending or gone: the record stays open then.
   */
  settle?: (state: ConnectionState) => ConnectionState;
}

/** What a failed render had already done, so the state it leaves says so (see {@link abandoned}). */
interface Progress {
  /** New file records once every link was created. */
  records: FileRecord[] | null;
  /** The announcement once published (or maybe published). */
  announcement: AnnouncementRecord | null;
}

/**
 * Renders one connection and stores the result, idempotently:
 * - an event already handled (same `eventID`) does nothing;
 * - a render whose files, content and links are unchanged writes no object, link or notification;
 * - a changed render replaces the changed objects, gives every file a new link, deletes files no longer
 *   produced, and sends one notification (at most once per set of links, see announce.ts).
 * Every render, failed ones included, leaves exactly the links its state records: the rest under the
 * connection's prefix are revoked (see links.ts). Everything happens in one lease scope, so concurrent
 * invocations take turns.
 */
export async function renderConnectionFor(
  connectionId: string,
  trigger: Trigger,
  deps: Dependencies,
  options: RenderOptions = {},
): Promise<EventOutcome> {
  const logger = deps.logger.child({ connectionId });
  const scoped = { ...deps, logger };
  let alreadyRead: CurrentState | undefined;
  if (!options.lease) {
    alreadyRead = await readState(deps.store, connectionId, logger);
    if (alreadyHandled(alreadyRead.state, trigger.eventId)) {
      logger.info("event already handled");
      return { outcome: "duplicate", connectionId, eventId: trigger.eventId };
    }
  }
  const progress: Progress = { records: null, announcement: null };
  return withLease(
    connectionId,
    scoped,
    (lease) => renderUnderLease(trigger, scoped, lease, progress, options),
    {
      ...(options.lease ? { lease: options.lease } : {}),
      ...(alreadyRead ? { alreadyRead } : {}),
      // A lost lease (ConflictError) means another invocation works on the connection now: its new links must
      // not be revoked, so nothing is converged then.
      onFailure: (lease, error) =>
        error instanceof ConflictError ? { state: lease.held } : abandoned(lease, progress, scoped),
    },
  );
}

async function renderUnderLease(
  trigger: Trigger,
  deps: Dependencies,
  lease: Lease,
  progress: Progress,
  options: RenderOptions,
): Promise<LeaseWork<EventOutcome>> {
  const { network, store, notifier, clock, settings, logger } = deps;
  const { connectionId } = lease;
  const settle = options.settle ?? ((state: ConnectionState) => state);
  if (alreadyHandled(lease.previous, trigger.eventId)) {
    logger.info("event already handled (by the invocation that held the lease)");
    return {
      value: { outcome: "duplicate", connectionId, eventId: trigger.eventId },
      end: { state: settle(lease.held) },
    };
  }
  const read = await network.readConnection(connectionId, { waitForProvisioning: true });
  if (read.status === "gone") {
    logger.warn("connection no longer exists", { reason: read.reason });
    return {
      value: { outcome: "ignored", connectionId, reason: `the connection no longer exists (${read.reason})` },
      end: lease.previous === null ? { delete: true } : { state: lease.held },
    };
  }

  const base = lease.held;
  const handled = {
    lastEventId: trigger.eventId,
    lastEventType: trigger.eventType,
    handledAt: clock.now().toISOString(),
  };
  if (read.status === "pending") {
    // Recorded but not marked handled, so a redelivery, the update event or the sweep renders it later.
    logger.info("connection not ready to render; recorded as pending", { reason: read.reason });
    return {
      value: { outcome: "pending", connectionId, reason: read.reason },
      end: { state: { ...base, ...handled, status: "pending", pendingReason: read.reason } },
    };
  }

  const { snapshot } = read;
  for (const secret of Object.values(snapshot.sharedSecrets)) logger.addSecret(secret);
  const model = buildModel(snapshot, allocateSlots(read.siblings).get(connectionId) ?? 0);
  const { files, refused } = await renderFiles(snapshot, model, deps);
  const planned = plannedFiles(connectionId, files, snapshot, settings.pskFingerprintKey);
  const now = clock.now();
  const generation = settings.linkGeneration ?? null;
  const listed = await liveLinkIds(store, connectionId);
  const plan = planChanges(lease.previous, planned, now, { live: listed, generation });
  const current: ConnectionState = {
    ...base,
    ...handled,
    cpeId: snapshot.cpe.id,
    status: "rendered",
    pendingReason: null,
    tunnels: tunnelRecords(snapshot),
  };

  if (plan.unchanged) {
    const kept = base.files.map((f) => f.linkId);
    const { failed: revokeLater } = await convergeLinks(store, connectionId, kept, logger, listed);
    logger.info("rendered content unchanged; no object, link or notification written");
    return {
      value: { outcome: "unchanged", connectionId, eventId: trigger.eventId },
      end: { state: settle({ ...current, revokeLater }) },
    };
  }

  const expiresAt = new Date(now.getTime() + settings.linkTtlSeconds * 1000);
  const toWrite = new Set(plan.write.map((p) => p.objectName));
  // Each file on its own: stored (when its content changed), then its link. Files are independent, so a few go
  // at once. A link that exists but is not recorded when this fails is revoked by the next convergence.
  const linked = await mapLimit(planned, OBJECT_CALLS_AT_ONCE, async (p): Promise<LinkedFile> => {
    if (toWrite.has(p.objectName)) await store.putFile(connectionId, p.file, p.meta);
    const stored: StoredFile = {
      vendor: p.file.vendor,
      name: p.file.name,
      objectName: p.objectName,
      secret: p.file.secret,
      ...p.meta,
    };
    const link = await createLinkReconciled(store, stored, expiresAt, logger);
    return { file: p.file, stored, link, notifyUrl: settings.notifyLinks !== false };
  });
  const records = linked.map(toRecord);
  progress.records = records;
  // Listed again: the creates above may have left links whose answer was lost (see links.ts).
  const converged = await convergeLinks(
    store,
    connectionId,
    records.map((r) => r.linkId),
    logger,
  );
  for (const name of plan.stale) await store.deleteFile(name);
  logger.info("configs stored", {
    files: records.map((r) => r.objectName),
    replaced: plan.write.map((p) => p.objectName),
    revokedLinks: converged.revoked,
  });

  const message = options.notification ?? configsReadyNotification;
  const announcement = await announceOnce(
    notifier,
    () => withRefusals(message(model, trigger.what, linked), refused),
    records.map((r) => r.linkId),
    lease.previous,
    now,
    logger,
  );
  progress.announcement = announcement;
  const { messageId } = announcement;
  logger.info("connection rendered", { messageId, fileCount: records.length });
  return {
    value: {
      outcome: "rendered",
      connectionId,
      files: linked.map((l) => ({
        vendor: l.file.vendor,
        name: l.file.name,
        objectName: l.stored.objectName,
        url: l.link.url,
        expiresAt: l.link.expiresAt.toISOString(),
      })),
      replaced: plan.write.map((p) => p.objectName),
      revokedLinks: converged.revoked,
      messageId,
    },
    end: {
      state: settle({
        ...current,
        announced: true,
        renderedAt: now.toISOString(),
        files: records,
        revokeLater: converged.failed,
        linkGeneration: generation,
        announcement,
      }),
    },
  };
}

/**
 * The state a failed render leaves, with the links converged on it: once every new link exists they are the
 * ones kept (unannounced unless the message went out, or may have, so the next event or sweep sends it at most
 * once); otherwise the previous state stands and every link it does not record is revoked. The event is never
 * marked handled, so a redelivery tries again.
 */
async function abandoned(lease: Lease, progress: Progress, deps: Dependencies): Promise<LeaseEnd> {
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
        }
      : lease.held;
  const { failed } = await convergeLinks(
    store,
    lease.connectionId,
    keep.files.map((f) => f.linkId),
    logger,
  );
  if (progress.records === null && lease.previous === null && failed.length === 0) return { delete: true };
  return { state: { ...keep, revokeLater: failed } };
}
