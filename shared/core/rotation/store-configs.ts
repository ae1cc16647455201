import { buildModel } from "../../model/build.ts";
import { allocateSlots } from "../../model/slots.ts";
import type { ConnectionState, Dependencies, RotationInProgress } from "../../ports.ts";
import { renderConnection } from "../../render/registry.ts";
import { ORACLE_HELPER_VENDOR } from "../oracle-helper.ts";
import type { EventOutcome, OutcomeFile } from "../outcome.ts";
import { renderConnectionFor, type Trigger } from "../render-connection.ts";
import {
  type RotationContext,
  rotatedNotification,
  rotationCompletedNotification,
  rotationIncompleteNotification,
} from "./notification.ts";
import { notifyBestEffort } from "./notify.ts";
import { type HeldState, withRotation } from "./record.ts";

/** The event type recorded in `state.json` (`lastEventType`) for renders done by PSK rotation. */
export const ROTATION_EVENT_TYPE = "tunnelsmith.rotate-psk";

/** The render's event id for one rotation: the same on every run that finishes it, so a done render is seen. */
export function rotationEventId(inProgress: Pick<RotationInProgress, "tunnelId" | "startedAt">): string {
  return `rotate-psk/${inProgress.tunnelId}/${inProgress.startedAt}`;
}

/** What storing the configs for a rotated key came to. */
export type StoredConfigs =
  | {
      kind: "stored";
      /** The render flow's outcome: `rendered` (new files and links, message sent), `duplicate` or `unchanged`. */
      render: EventOutcome["outcome"];
      files: OutcomeFile[];
      revokedLinks: number;
      messageId: string | null;
    }
  | { kind: "incomplete"; reason: string; messageId: string | null }
  | { kind: "gone"; reason: string };

/**
 * Stores and announces the configs for a key OCI already holds, and closes the rotation record. The render flow
 * takes the caller's lease over (no second read or lease of `state.json`) and closes the record in the same write
 * that records the render and gives the lease up. A failed render leaves `inProgress` in place for the next run,
 * and the CPE admin is told the tunnel is down with nothing to install yet.
 */
export async function storeRotatedConfigs(
  connectionId: string,
  held: HeldState,
  inProgress: RotationInProgress,
  ctx: RotationContext,
  deps: Dependencies,
): Promise<StoredConfigs> {
  const { logger } = deps;
  const trigger: Trigger = {
    eventId: rotationEventId(inProgress),
    eventType: ROTATION_EVENT_TYPE,
    what: "given a new PSK",
    resourceName: null,
  };
  // When the configs were last stored, for the "unchanged" message: the render keeps it as it is then.
  const renderedAt = held.state.renderedAt;
  let render: EventOutcome;
  try {
    render = await renderConnectionFor(connectionId, trigger, deps, {
      notification: rotatedNotification(ctx),
      lease: held.handOver(),
      settle: (state) => closeRecord(state, inProgress),
    });
  } catch (error) {
    logger.error("storing the configs with the new key failed; the next run stores them", { error });
    await notifyBestEffort(
      deps,
      rotationIncompleteNotification(connectionId, ctx, "storing the configs with the new key failed"),
    );
    throw error;
  }

  switch (render.outcome) {
    case "rendered":
      return {
        kind: "stored",
        render: "rendered",
        files: render.files,
        revokedLinks: render.revokedLinks,
        messageId: render.messageId,
      };
    case "duplicate":
      // An earlier run stored and announced them; only the record was left open (closed now).
      return { kind: "stored", render: "duplicate", files: [], revokedLinks: 0, messageId: null };
    case "unchanged": {
      // Another render (an update event) stored them with its own message: say what to change on the CPE.
      const messageId = await announceCompleted(connectionId, ctx, renderedAt, deps);
      return { kind: "stored", render: "unchanged", files: [], revokedLinks: 0, messageId };
    }
    case "pending":
      return {
        kind: "incomplete",
        reason: `the connection is not ready to render (${render.reason})`,
        messageId: null,
      };
    default:
      return { kind: "gone", reason: "the connection no longer exists" };
  }
}

/** The state to give the lease up with once the configs are stored: this rotation marked finished. */
function closeRecord(state: ConnectionState, inProgress: RotationInProgress): ConnectionState {
  const open = state.rotation?.inProgress;
  // Only this rotation's own record: the lease was held throughout, so anything else is not ours to close.
  const same = open?.tunnelId === inProgress.tunnelId && open.startedAt === inProgress.startedAt;
  return same ? withRotation(state, (r) => ({ ...r, inProgress: null })) : state;
}

/** The "rotation completed" message for configs another render already announced. */
async function announceCompleted(
  connectionId: string,
  ctx: RotationContext,
  renderedAt: string | null,
  deps: Dependencies,
): Promise<string | null> {
  const read = await deps.network.readConnection(connectionId, { waitForProvisioning: false });
  if (read.status !== "ready") return null;
  for (const secret of Object.values(read.snapshot.sharedSecrets)) deps.logger.addSecret(secret);
  const model = buildModel(read.snapshot, allocateSlots(read.siblings).get(connectionId) ?? 0);
  const vendors = (read.snapshot.site.vendors ?? deps.settings.defaultVendors).filter(
    (v) => v !== ORACLE_HELPER_VENDOR,
  );
  const files = vendors.length > 0 ? renderConnection(model, vendors) : [];
  return notifyBestEffort(deps, rotationCompletedNotification(model, files, ctx, renderedAt));
}
