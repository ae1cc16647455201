import { AdapterError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { toLabel } from "../model/label.ts";
import type { Dependencies } from "../ports.ts";
import { withLease } from "./lease.ts";
import { convergeLinks, liveLinkIds } from "./links.ts";
import { accessLooksBrokenNotification, connectionDeletedNotification } from "./notification.ts";
import type { EventOutcome } from "./outcome.ts";
import type { Trigger } from "./render-connection.ts";
import { readState } from "./state.ts";

/**
 * Handles "IPSec connection deleted": revokes every link of the connection, deletes every stored file and
 * finally its `state.json`. Links and files are found by listing under the connection's prefix (plus the file
 * records of a validated state), so nothing survives a lost or edited state and nothing outside the prefix is
 * touched. Refuses while the connection still exists, and unless its absence is confirmed a second way (see
 * {@link confirmGone}). A redelivered delete finds nothing left and does nothing.
 */
export async function deleteConnectionFor(
  connectionId: string,
  trigger: Trigger,
  deps: Dependencies,
): Promise<EventOutcome> {
  const { network, store } = deps;
  const logger = deps.logger.child({ connectionId });
  const read = await network.readConnection(connectionId, { waitForProvisioning: false });
  if (read.status !== "gone") {
    logger.warn("delete event for a connection that still exists; its configs are kept", {
      status: read.status,
    });
    return { outcome: "ignored", connectionId, reason: "the connection still exists; nothing was deleted" };
  }
  const doubt = await confirmGone(connectionId, trigger.compartmentId ?? null, deps, logger);
  if (doubt !== null) return keepAndAlert(connectionId, trigger, read.reason, doubt, deps, logger);

  const first = await readState(store, connectionId, logger);
  if (first.etag === null && (await store.listFiles(connectionId)).length === 0) {
    if ((await store.listLinks(connectionId)).length === 0) {
      logger.info("nothing stored for this connection");
      return { outcome: "deleted", connectionId, deletedFiles: 0, revokedLinks: 0, messageId: null };
    }
  }

  return withLease(
    connectionId,
    { ...deps, logger },
    async (lease) => {
      const listed = await liveLinkIds(store, connectionId);
      const { revoked, failed } = await convergeLinks(store, connectionId, [], logger, listed);
      if (failed.length > 0) {
        throw new AdapterError(
          "config store",
          `${failed.length} download links could not be revoked; files kept until they are`,
        );
      }
      const objects = [
        ...new Set([
          ...(await store.listFiles(connectionId)),
          ...(lease.previous?.files.map((f) => f.objectName) ?? []),
        ]),
      ];
      for (const name of objects) await store.deleteFile(name);
      logger.info("configs deleted", { deletedFiles: objects.length, revokedLinks: revoked });

      // Only state was kept (e.g. the sweep watched a connection tunnelsmith never rendered): nobody needs a
      // "deleted, 0 files" message.
      const label = toLabel(trigger.resourceName, "ipsec-connection");
      const messageId =
        objects.length > 0 || revoked > 0
          ? (
              await deps.notifier.publish(
                connectionDeletedNotification(label, connectionId, objects.length, revoked),
              )
            ).messageId
          : null;
      return {
        value: {
          outcome: "deleted",
          connectionId,
          deletedFiles: objects.length,
          revokedLinks: revoked,
          messageId,
        },
        end: { delete: true },
      };
    },
    { alreadyRead: first, onFailure: (lease) => ({ state: { ...lease.held, lastEventId: null } }) },
  );
}

/**
 * OCI answers 404 `NotAuthorizedOrNotFound` both for a deleted connection and for one a changed policy no
 * longer lets us read. So absence is confirmed by the compartment's listing (which leaves out TERMINATED
 * connections): listed means it exists and the read was refused. Returns null when confirmed, else why not.
 */
async function confirmGone(
  connectionId: string,
  compartmentId: string | null,
  deps: Dependencies,
  logger: Logger,
): Promise<string | null> {
  if (compartmentId === null) return "the event names no compartment to confirm the deletion in";
  try {
    const { connections } = await deps.network.listConnections(compartmentId, false);
    if (connections.some((c) => c.id === connectionId)) {
      return "the connection is still listed in its compartment, but reading it was refused (a policy change?)";
    }
    return null;
  } catch (error) {
    logger.warn("listing the compartment's connections failed", { compartmentId, error });
    return "listing the compartment's connections failed too";
  }
}

async function keepAndAlert(
  connectionId: string,
  trigger: Trigger,
  readReason: string,
  doubt: string,
  deps: Dependencies,
  logger: Logger,
): Promise<EventOutcome> {
  logger.error(
    "delete event, but the connection's absence is not confirmed; its configs and links are kept",
    {
      readReason,
      doubt,
    },
  );
  const label = toLabel(trigger.resourceName, "ipsec-connection");
  try {
    await deps.notifier.publish(accessLooksBrokenNotification(label, connectionId, readReason, doubt));
  } catch (error) {
    logger.error("could not send the access alert", { error });
  }
  return {
    outcome: "ignored",
    connectionId,
    reason: `deletion not confirmed (${doubt}); nothing was deleted`,
  };
}
