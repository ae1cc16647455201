import { TunnelsmithError } from "../errors.ts";
import type { CloudEvent } from "../events/cloud-event.ts";
import { buildModel } from "../model/build.ts";
import { allocateSlots } from "../model/slots.ts";
import type { ConnectionState, Dependencies } from "../ports.ts";
import { renderConnection } from "../render/registry.ts";
import { configsReadyNotification, type LinkedFile } from "./notification.ts";

/** What handling one event did; the function returns it as its response body (no secrets, links only). */
export type EventOutcome =
  | {
      outcome: "rendered";
      connectionId: string;
      files: { vendor: string; name: string; objectName: string; url: string; expiresAt: string }[];
      messageId: string;
    }
  | { outcome: "duplicate"; connectionId: string; eventId: string }
  | { outcome: "pending"; connectionId: string; reason: string }
  | { outcome: "ignored"; connectionId: string; reason: string };

/**
 * Handles "IPSec connection created/updated": reads the connection, renders every selected vendor, stores each
 * file, makes a link per file, announces them, and records what it did. Idempotent: a redelivered event
 * (same `eventID`) is acknowledged without rendering or notifying again; re-rendering produces identical files.
 * The notification is published before the state is written, so a failure in between repeats the message
 * rather than losing it.
 */
export async function handleConnectionEvent(event: CloudEvent, deps: Dependencies): Promise<EventOutcome> {
  const { network, store, notifier, clock, settings } = deps;
  const connectionId = event.data.resourceId;
  const logger = deps.logger.child({ connectionId, eventId: event.eventID, eventType: event.eventType });

  if (settings.deleteEventTypes.includes(event.eventType)) {
    logger.info("delete event: stored configs are kept in local mode");
    return { outcome: "ignored", connectionId, reason: "delete events are not handled in local mode" };
  }
  if (!settings.renderEventTypes.includes(event.eventType)) {
    logger.warn("event type not configured for rendering; check TUNNELSMITH_RENDER_EVENT_TYPES");
    return {
      outcome: "ignored",
      connectionId,
      reason: `event type ${event.eventType} is not a render event`,
    };
  }

  const previous = await store.getState(connectionId);
  if (previous?.state.lastEventId === event.eventID) {
    logger.info("event already handled");
    return { outcome: "duplicate", connectionId, eventId: event.eventID };
  }

  const read = await network.readConnection(connectionId);
  if (read.status === "gone") {
    logger.warn("connection no longer exists");
    return { outcome: "ignored", connectionId, reason: "the connection no longer exists" };
  }
  if (read.status === "pending") {
    logger.info("connection not ready to render", { reason: read.reason });
    return { outcome: "pending", connectionId, reason: read.reason };
  }

  for (const secret of Object.values(read.snapshot.sharedSecrets)) logger.addSecret(secret);
  const slot = allocateSlots(read.siblings).get(connectionId) ?? 0;
  const model = buildModel(read.snapshot, slot);
  const rendered = renderConnection(model);

  const expiresAt = new Date(clock.now().getTime() + settings.linkTtlSeconds * 1000);
  const linked: LinkedFile[] = [];
  for (const file of rendered) {
    const stored = await store.putFile(connectionId, file);
    linked.push({ file, stored, link: await store.createLink(stored, expiresAt) });
  }
  logger.info("configs stored", { files: linked.map((l) => l.stored.objectName) });

  const what = event.eventType.includes(".create") ? "created" : "updated";
  const { messageId } = await notifier.publish(configsReadyNotification(model, what, linked));

  const state: ConnectionState = {
    connectionId,
    lastEventId: event.eventID,
    renderedAt: clock.now().toISOString(),
    files: linked.map((l) => ({
      vendor: l.file.vendor,
      name: l.file.name,
      objectName: l.stored.objectName,
      contentHash: l.stored.contentHash,
      linkId: l.link.id,
      linkExpiresAt: l.link.expiresAt.toISOString(),
    })),
  };
  try {
    await store.putState(connectionId, state, previous?.etag ?? null);
  } catch (error) {
    // Another invocation handled this connection meanwhile; its state is as recent as ours.
    if (!(error instanceof TunnelsmithError && error.code === "CONFLICT")) throw error;
    logger.warn("state changed concurrently; kept the other invocation's record");
  }
  logger.info("connection rendered", { messageId, fileCount: linked.length });

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
    messageId,
  };
}
