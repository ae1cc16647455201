import { describeEventType } from "../config/event-types.ts";
import type { CloudEvent } from "../events/cloud-event.ts";
import type { Dependencies } from "../ports.ts";
import { rerenderCpe } from "./cpe-changed.ts";
import { deleteConnectionFor } from "./delete-connection.ts";
import type { CpeOutcome, EventOutcome } from "./outcome.ts";
import { renderConnectionFor, type Trigger } from "./render-connection.ts";

export type { CpeOutcome, EventOutcome } from "./outcome.ts";

/**
 * Handles one OCI CloudEvent about an IPSec connection or a CPE, by its (configurable) event type: render,
 * delete, or re-render every connection of a CPE. Types that match none are acknowledged as ignored, with a log
 * line naming the setting to change, because OCI's strings for these resources are unconfirmed.
 */
export async function handleConnectionEvent(
  event: CloudEvent,
  deps: Dependencies,
): Promise<EventOutcome | CpeOutcome> {
  const { settings } = deps;
  const resourceId = event.data.resourceId;
  const logger = deps.logger.child({ eventId: event.eventID, eventType: event.eventType });
  const scoped = { ...deps, logger };
  const trigger: Trigger = {
    eventId: event.eventID,
    eventType: event.eventType,
    what: describeEventType(event.eventType),
    resourceName: event.data.resourceName ?? null,
    compartmentId: event.data.compartmentId ?? null,
  };
  const isCpe = resourceId.startsWith("ocid1.cpe.");
  // OCI's event-type strings for these resources are unconfirmed: every type received is logged, so a wrong
  // TUNNELSMITH_*_EVENT_TYPES setting shows up in the log (the scheduled sweep adopts what events missed).
  logger.info("event received", { eventType: event.eventType, resourceId });

  if (settings.cpeEventTypes.includes(event.eventType) && isCpe) {
    return rerenderCpe(resourceId, event.data.compartmentId ?? null, trigger, scoped);
  }
  if (isCpe) {
    logger.warn("CPE event type not configured for re-rendering; check TUNNELSMITH_CPE_EVENT_TYPES", {
      resourceId,
    });
    return {
      outcome: "ignored",
      connectionId: resourceId,
      reason: `event type ${event.eventType} is not a CPE update`,
    };
  }
  if (settings.deleteEventTypes.includes(event.eventType))
    return deleteConnectionFor(resourceId, trigger, scoped);
  if (settings.renderEventTypes.includes(event.eventType))
    return renderConnectionFor(resourceId, trigger, scoped);

  logger.warn("event type not configured for rendering; check TUNNELSMITH_RENDER_EVENT_TYPES", {
    resourceId,
  });
  return {
    outcome: "ignored",
    connectionId: resourceId,
    reason: `event type ${event.eventType} is not a render event`,
  };
}
