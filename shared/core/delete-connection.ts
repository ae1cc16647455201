import { AdapterError } from "../errors.ts";
import { toLabel } from "../model/label.ts";
import type { Dependencies } from "../ports.ts";
import { acquireLease, releaseByDeleting, releaseLease } from "./lease.ts";
import { connectionDeletedNotification } from "./notification.ts";
import type { EventOutcome } from "./outcome.ts";
import type { Trigger } from "./render-connection.ts";
import { revokeAll } from "./revoke.ts";
import { readState } from "./state.ts";

/**
 * Handles "IPSec connection deleted": revokes every link of the connection, deletes every stored file and
 * finally its `state.json`. Links and files are found both from the state and by listing, so nothing survives a
 * lost or edited state. Refuses while the connection still exists (a misconfigured event type must not wipe a
 * live connection's configs). A redelivered delete finds nothing left and does nothing.
 */
export async function deleteConnectionFor(
  connectionId: string,
  trigger: Trigger,
  deps: Dependencies,
): Promise<EventOutcome> {
  const { network, store, notifier } = deps;
  const logger = deps.logger.child({ connectionId });
  const read = await network.readConnection(connectionId, { waitForProvisioning: false });
  if (read.status !== "gone") {
    logger.warn("delete event for a connection that still exists; its configs are kept", {
      status: read.status,
    });
    return { outcome: "ignored", connectionId, reason: "the connection still exists; nothing was deleted" };
  }

  const first = await readState(store, connectionId, logger);
  if (first.etag === null && (await store.listFiles(connectionId)).length === 0) {
    if ((await store.listLinks(connectionId)).length === 0) {
      logger.info("nothing stored for this connection");
      return { outcome: "deleted", connectionId, deletedFiles: 0, revokedLinks: 0, messageId: null };
    }
  }

  const lease = await acquireLease(connectionId, { ...deps, logger }, first);
  const previous = lease.previous;
  let released = false;
  try {
    const linkIds = [
      ...(previous?.files.map((f) => f.linkId) ?? []),
      ...(previous?.revokeLater ?? []),
      ...(await store.listLinks(connectionId)).map((l) => l.id),
    ];
    const unique = [...new Set(linkIds)];
    const failed = await revokeAll(unique, store, logger);
    if (failed.length > 0) {
      await releaseLease(lease, { ...lease.held, lastEventId: null, revokeLater: failed }, store);
      released = true;
      throw new AdapterError(
        "config store",
        `${failed.length} download links could not be revoked; files kept until they are`,
      );
    }
    const objects = [
      ...new Set([
        ...(await store.listFiles(connectionId)),
        ...(previous?.files.map((f) => f.objectName) ?? []),
      ]),
    ];
    for (const name of objects) await store.deleteFile(name);
    logger.info("configs deleted", { deletedFiles: objects.length, revokedLinks: unique.length });

    // Only state was kept (e.g. the sweep watched a connection tunnelsmith never rendered): nobody needs a
    // "deleted, 0 files" message.
    const label = toLabel(trigger.resourceName, "ipsec-connection");
    const messageId =
      objects.length > 0 || unique.length > 0
        ? (
            await notifier.publish(
              connectionDeletedNotification(label, connectionId, objects.length, unique.length),
            )
          ).messageId
        : null;
    await releaseByDeleting(lease, store);
    return {
      outcome: "deleted",
      connectionId,
      deletedFiles: objects.length,
      revokedLinks: unique.length,
      messageId,
    };
  } catch (error) {
    if (!released) {
      await releaseLease(lease, { ...lease.held, lastEventId: null }, store).catch((e: unknown) =>
        logger.error("could not give up the lease after a failure", { error: e }),
      );
    }
    throw error;
  }
}
