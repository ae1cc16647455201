import type { Logger } from "../logger.ts";
import { buildModel } from "../model/build.ts";
import { allocateSlots } from "../model/slots.ts";
import type { ConnectionModel } from "../model/types.ts";
import type {
  ConnectionState,
  Dependencies,
  FileRecord,
  Notification,
  StoredFile,
  TunnelRecord,
} from "../ports.ts";
import { renderEach, type VendorRefusal } from "../render/partial.ts";
import type { RenderedFile } from "../render/types.ts";
import type { Snapshot } from "../snapshot/schema.ts";
import { pskFingerprint, sha256 } from "./fingerprint.ts";
import { acquireLease, type Lease, releaseByDeleting, releaseLease } from "./lease.ts";
import { mapLimit, OBJECT_CALLS_AT_ONCE } from "./map-limit.ts";
import { configsReadyNotification, type LinkedFile, withRefusals } from "./notification.ts";
import { objectNameFor } from "./object-names.ts";
import { ORACLE_HELPER_VENDOR, oracleHelperFile, wantsOracleHelper } from "./oracle-helper.ts";
import type { EventOutcome } from "./outcome.ts";
import { type PlannedFile, planChanges } from "./plan.ts";
import { revokeAll } from "./revoke.ts";
import { alreadyHandled, readState } from "./state.ts";

/** The event that asked for a render, as recorded in `state.json` and shown in the notification. */
export interface Trigger {
  eventId: string;
  eventType: string;
  /** "created", "updated", …: what happened, for the notification title. */
  what: string;
  /** The resource's display name from the event (deleted connections cannot be read any more). */
  resourceName: string | null;
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

/**
 * Renders one connection and stores the result, idempotently:
 * - an event already handled (same `eventID`) does nothing;
 * - a render whose files, content and links are unchanged writes no object, link or notification;
 * - a changed render replaces the changed objects, gives every file a new link, revokes every old link (a link
 *   follows the object name, so it would serve the new PSK or headend), deletes files no longer produced, and
 *   sends one notification.
 * Everything happens under the connection's lease in `state.json`, so concurrent invocations take turns.
 */
export async function renderConnectionFor(
  connectionId: string,
  trigger: Trigger,
  deps: Dependencies,
  options: RenderOptions = {},
): Promise<EventOutcome> {
  const logger = deps.logger.child({ connectionId });
  const scoped = { ...deps, logger };
  const lease = options.lease ?? (await leaseUnlessHandled(connectionId, trigger, scoped));
  if (lease === null) return { outcome: "duplicate", connectionId, eventId: trigger.eventId };
  const settle = options.settle ?? ((state: ConnectionState) => state);
  if (alreadyHandled(lease.previous, trigger.eventId)) {
    await releaseLease(lease, settle(lease.held), deps.store);
    logger.info("event already handled (by the invocation that held the lease)");
    return { outcome: "duplicate", connectionId, eventId: trigger.eventId };
  }
  const progress: Progress = { created: [], records: null, revoke: [] };
  try {
    return await renderUnderLease(connectionId, trigger, scoped, lease, progress, { ...options, settle });
  } catch (error) {
    await abandon(lease, progress, deps.store, logger);
    throw error;
  }
}

/** Reads `state.json` and takes the lease on that read; null when the event was already handled. */
async function leaseUnlessHandled(
  connectionId: string,
  trigger: Trigger,
  deps: Dependencies,
): Promise<Lease | null> {
  const first = await readState(deps.store, connectionId, deps.logger);
  if (alreadyHandled(first.state, trigger.eventId)) {
    deps.logger.info("event already handled");
    return null;
  }
  return acquireLease(connectionId, deps, first);
}

/** What a failed render had already done, so its state can say so (see {@link abandon}). */
interface Progress {
  /** Links created so far (revoked again if the render fails before all exist). */
  created: string[];
  /** New file records once every link was created. */
  records: FileRecord[] | null;
  /** Links that were to be revoked. */
  revoke: string[];
}

async function renderUnderLease(
  connectionId: string,
  trigger: Trigger,
  deps: Dependencies,
  lease: Lease,
  progress: Progress,
  options: RenderOptions & Required<Pick<RenderOptions, "settle">>,
): Promise<EventOutcome> {
  const { network, store, notifier, clock, settings, logger } = deps;
  const read = await network.readConnection(connectionId, { waitForProvisioning: true });
  if (read.status === "gone") {
    if (lease.previous === null) await releaseByDeleting(lease, store);
    else await releaseLease(lease, lease.held, store);
    logger.warn("connection no longer exists", { reason: read.reason });
    return { outcome: "ignored", connectionId, reason: `the connection no longer exists (${read.reason})` };
  }

  const base = lease.held;
  const handled = {
    lastEventId: trigger.eventId,
    lastEventType: trigger.eventType,
    handledAt: clock.now().toISOString(),
  };
  if (read.status === "pending") {
    // Recorded but not marked handled, so a redelivery, the update event or the sweep renders it later.
    await releaseLease(lease, { ...base, ...handled, status: "pending", pendingReason: read.reason }, store);
    logger.info("connection not ready to render; recorded as pending", { reason: read.reason });
    return { outcome: "pending", connectionId, reason: read.reason };
  }

  const { snapshot } = read;
  for (const secret of Object.values(snapshot.sharedSecrets)) logger.addSecret(secret);
  const model = buildModel(snapshot, allocateSlots(read.siblings).get(connectionId) ?? 0);
  const { files, refused } = await renderFiles(snapshot, model, deps);
  const planned = plannedFiles(connectionId, files, snapshot, settings.pskFingerprintKey);
  const now = clock.now();
  const plan = planChanges(lease.previous, planned, now);
  const current: ConnectionState = {
    ...base,
    ...handled,
    cpeId: snapshot.cpe.id,
    status: "rendered",
    pendingReason: null,
    tunnels: tunnelRecords(snapshot),
  };

  if (plan.unchanged) {
    const revokeLater = await revokeAll(base.revokeLater, store, logger);
    await releaseLease(lease, options.settle({ ...current, revokeLater }), store);
    logger.info("rendered content unchanged; no object, link or notification written");
    return { outcome: "unchanged", connectionId, eventId: trigger.eventId };
  }

  progress.revoke = [...plan.revoke, ...base.revokeLater];
  const expiresAt = new Date(now.getTime() + settings.linkTtlSeconds * 1000);
  const toWrite = new Set(plan.write.map((p) => p.objectName));
  // Each file on its own: stored (when its content changed), then its link. Files are independent, so a few go
  // at once; every link is recorded in `progress` as soon as it exists, so a failure revokes exactly those.
  const linked = await mapLimit(planned, OBJECT_CALLS_AT_ONCE, async (p): Promise<LinkedFile> => {
    if (toWrite.has(p.objectName)) await store.putFile(connectionId, p.file, p.meta);
    const stored: StoredFile = {
      vendor: p.file.vendor,
      name: p.file.name,
      objectName: p.objectName,
      secret: p.file.secret,
      ...p.meta,
    };
    const link = await store.createLink(stored, expiresAt);
    progress.created.push(link.id);
    return { file: p.file, stored, link };
  });
  const records = linked.map(toRecord);
  progress.records = records;
  const revokeLater = await revokeAll(progress.revoke, store, logger);
  for (const name of plan.stale) await store.deleteFile(name);
  logger.info("configs stored", {
    files: records.map((r) => r.objectName),
    replaced: plan.write.map((p) => p.objectName),
    revokedLinks: progress.revoke.length - revokeLater.length,
  });

  const message = withRefusals(
    (options.notification ?? configsReadyNotification)(model, trigger.what, linked),
    refused,
  );
  const { messageId } = await notifier.publish(message);
  await releaseLease(
    lease,
    options.settle({
      ...current,
      announced: true,
      renderedAt: now.toISOString(),
      files: records,
      revokeLater,
    }),
    store,
  );
  logger.info("connection rendered", { messageId, fileCount: records.length });
  return {
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
    revokedLinks: progress.revoke.length - revokeLater.length,
    messageId,
  };
}

/**
 * Every selected vendor's files, plus Oracle's own configuration when wanted and available. A vendor that cannot
 * render is refused on its own (the others are still stored and linked); when none can, the first refusal is
 * thrown as before.
 */
async function renderFiles(
  snapshot: Snapshot,
  model: ConnectionModel,
  deps: Dependencies,
): Promise<{ files: RenderedFile[]; refused: VendorRefusal[] }> {
  const vendors = snapshot.site.vendors ?? deps.settings.defaultVendors;
  const templated = vendors.filter((v) => v !== ORACLE_HELPER_VENDOR);
  const { rendered: files, refused } = renderEach(model, templated);
  const [firstRefusal] = refused;
  if (files.length === 0 && firstRefusal) throw firstRefusal.error;
  if (refused.length > 0) {
    deps.logger.warn("some vendors not rendered", { refused: refused.map((r) => r.vendor) });
  }
  if (wantsOracleHelper(vendors, deps.settings.oracleHelper, Boolean(snapshot.cpe.cpeDeviceShapeId))) {
    const content = await deps.network.readOracleCpeConfig(snapshot.ipsecConnection.id);
    if (content) files.push(oracleHelperFile(content));
    else if (vendors.includes(ORACLE_HELPER_VENDOR)) {
      deps.logger.warn(
        "oci-helper was requested but OCI has no CPE configuration for this connection (set a device shape on the CPE)",
      );
    }
  }
  return { files, refused };
}

function plannedFiles(
  connectionId: string,
  files: readonly RenderedFile[],
  snapshot: Snapshot,
  fingerprintKey: string | null,
): PlannedFile[] {
  const fingerprint = fingerprintKey ? pskFingerprint(fingerprintKey, snapshot.sharedSecrets) : null;
  return files.map((file) => ({
    file,
    objectName: objectNameFor(connectionId, file.vendor, file.name),
    meta: { contentHash: sha256(file.content), pskFingerprint: file.secret ? fingerprint : null },
  }));
}

function toRecord(l: LinkedFile): FileRecord {
  return {
    vendor: l.file.vendor,
    name: l.file.name,
    objectName: l.stored.objectName,
    contentHash: l.stored.contentHash,
    pskFingerprint: l.stored.pskFingerprint,
    linkId: l.link.id,
    linkExpiresAt: l.link.expiresAt.toISOString(),
  };
}

function tunnelRecords(snapshot: Snapshot): TunnelRecord[] {
  return snapshot.tunnels.map((t) => ({
    id: t.id,
    oracleIp: t.vpnIp,
    status: t.status ?? null,
    lifecycleState: t.lifecycleState ?? null,
    bgpState: t.bgpSessionInfo?.bgpState ?? null,
  }));
}

/**
 * Gives the lease up after a failure, recording what was done: once every new link exists they are the ones to
 * keep (marked unannounced, so the next event sends the notification), and the old ones stay listed for
 * revocation. Otherwise any new links are revoked and the previous state is restored. The event is never marked
 * handled, so a redelivery tries again.
 */
async function abandon(
  lease: Lease,
  progress: Progress,
  store: Dependencies["store"],
  logger: Logger,
): Promise<void> {
  try {
    if (progress.records !== null) {
      const revokeLater = [...new Set(progress.revoke)];
      await releaseLease(
        lease,
        {
          ...lease.held,
          status: "rendered",
          announced: false,
          lastEventId: null,
          files: progress.records,
          revokeLater,
        },
        store,
      );
    } else {
      // An incomplete set of new links is not worth keeping (nothing announced them): take them back.
      const failed = await revokeAll(progress.created, store, logger);
      if (lease.previous === null && failed.length === 0) await releaseByDeleting(lease, store);
      else
        await releaseLease(
          lease,
          { ...lease.held, revokeLater: [...lease.held.revokeLater, ...failed] },
          store,
        );
    }
  } catch (error) {
    logger.error("could not give up the lease after a failure; it expires at the invocation deadline", {
      error,
    });
  }
}
