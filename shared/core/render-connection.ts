import { ConflictError } from "../errors.ts";
import { buildModel } from "../model/build.ts";
import { allocateSlots } from "../model/slots.ts";
import type { ConnectionModel } from "../model/types.ts";
import type { ConnectionState, Dependencies, Notification, StoredFile } from "../ports.ts";
import { withBootstrap } from "./agent/messages.ts";
import { planAgent } from "./agent/prepare.ts";
import { announceOnce } from "./announce.ts";
import { type Lease, type LeaseWork, withLease } from "./lease.ts";
import { convergeLinks, createLinkReconciled, liveLinkIds } from "./links.ts";
import { mapLimit, OBJECT_CALLS_AT_ONCE } from "./map-limit.ts";
import { configsReadyNotification, type LinkedFile, withRefusals } from "./notification.ts";
import type { EventOutcome } from "./outcome.ts";
import { planChanges } from "./plan.ts";
import { abandoned, type Progress } from "./render-abandoned.ts";
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
  const progress: Progress = { records: null, announcement: null, agent: undefined };
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
  const now = clock.now();
  const generation = settings.linkGeneration ?? null;
  const listed = await liveLinkIds(store, connectionId);
  // Linux folders become the agent's bundle: PSK files sealed to the CPE's key, agent.conf, manifest.json last.
  const agent = await planAgent(
    connectionId,
    model,
    plannedFiles(connectionId, files, snapshot, settings.pskFingerprintKey),
    base,
    listed,
    deps,
  );
  const { planned } = agent;
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
    const kept = [...base.files.map((f) => f.linkId), ...agent.keep];
    const { failed: revokeLater } = await convergeLinks(store, connectionId, kept, logger, listed);
    logger.info("rendered content unchanged; no object, link or notification written");
    const section = agent.section(new Set());
    return {
      value: { outcome: "unchanged", connectionId, eventId: trigger.eventId },
      end: { state: settle({ ...current, revokeLater, ...(section ? { agent: section } : {}) }) },
    };
  }

  const expiresAt = new Date(now.getTime() + settings.linkTtlSeconds * 1000);
  const toWrite = new Set(agent.expandWrite(plan.write).map((p) => p.objectName));
  const section = agent.section(toWrite);
  progress.agent = section;
  // Each file on its own: stored (when its content changed), then its link. Files are independent, so a few go
  // at once. A link that exists but is not recorded when this fails is revoked by the next convergence.
  const store1 = async (p: (typeof planned)[number]): Promise<LinkedFile> => {
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
  };
  // manifest.json after every other file: an agent never sees a manifest naming files not stored yet.
  const linked = [
    ...(await mapLimit(
      planned.filter((p) => !agent.last.has(p.objectName)),
      OBJECT_CALLS_AT_ONCE,
      store1,
    )),
    ...(await mapLimit(
      planned.filter((p) => agent.last.has(p.objectName)),
      OBJECT_CALLS_AT_ONCE,
      store1,
    )),
  ];
  const records = linked.map(toRecord);
  progress.records = records;
  // Listed again: the creates above may have left links whose answer was lost (see links.ts).
  const converged = await convergeLinks(
    store,
    connectionId,
    [...records.map((r) => r.linkId), ...agent.keep],
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
    () =>
      withBootstrap(
        withRefusals(message(model, trigger.what, linked), refused),
        agent.bootstrap,
        settings.notifyLinks !== false,
      ),
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
        ...(section ? { agent: section } : {}),
      }),
    },
  };
}
