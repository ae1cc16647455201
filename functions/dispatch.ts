import {
  type CpeOutcome,
  type EventOutcome,
  handleConnectionEvent,
} from "../shared/core/handle-connection-event.ts";
import { handleRotateAction, ROTATE_PSK_ACTION } from "../shared/core/rotation/action.ts";
import type { RotationOutcome, RotationSweepOutcome } from "../shared/core/rotation/outcome.ts";
import { handlePublishAlerts, type PublishAlertsOutcome } from "../shared/core/watch/alert-publisher.ts";
import { handleAlarm } from "../shared/core/watch/handle-alarm.ts";
import type { AlarmOutcome, SweepOutcome } from "../shared/core/watch/outcome.ts";
import { handleSweep, parseSweepAction } from "../shared/core/watch/sweep.ts";
import {
  handleShardWork,
  type ShardedSweepOutcome,
  type ShardWorkOutcome,
} from "../shared/core/watch/sweep-sharded.ts";
import { EventValidationError, TunnelsmithError } from "../shared/errors.ts";
import { parseAlarmMessage } from "../shared/events/alarm.ts";
import { parseCloudEvent } from "../shared/events/cloud-event.ts";
import type { Dependencies } from "../shared/ports.ts";

/** What a handled payload returns as the function's response body. */
export type HandlerResult =
  | EventOutcome
  | CpeOutcome
  | RotationOutcome
  | RotationSweepOutcome
  | AlarmOutcome
  | SweepOutcome
  | ShardedSweepOutcome
  | ShardWorkOutcome
  | PublishAlertsOutcome;

/** A payload kind the function recognises but does not handle yet. */
export class NotImplementedError extends TunnelsmithError {
  constructor(what: string) {
    super("NOT_IMPLEMENTED", `${what} is not implemented yet; this payload was not processed`, {
      expose: true,
    });
    this.name = "NotImplementedError";
  }
}

/**
 * One kind of payload the function accepts. `matches` is a cheap structural look (which kind is this?); `handle`
 * validates it fully and does the work. To support a new payload, add a route to {@link ROUTES}.
 */
export interface Route {
  name: string;
  matches(input: Record<string, unknown>): boolean;
  handle(input: Record<string, unknown>, deps: Dependencies): Promise<HandlerResult>;
}

/** An OCI Events CloudEvent about an IPSec connection or a CPE. */
export const cloudEventRoute: Route = {
  name: "cloud-event",
  matches: (input) => typeof input.eventType === "string" && typeof input.data === "object",
  handle: (input, deps) => handleConnectionEvent(parseCloudEvent(input), deps),
};

/** A Monitoring alarm message delivered through a Notifications subscription (tunnel down/up). */
export const alarmRoute: Route = {
  name: "alarm",
  matches: (input) =>
    Array.isArray(input.alarmMetaData) ||
    ((typeof input.dedupeKey === "string" || typeof input.dedupekey === "string") &&
      typeof input.type === "string"),
  handle: (input, deps) => handleAlarm(parseAlarmMessage(input), deps),
};

/** `{"action": "sweep", "compartmentId": …}`: tunnel and BGP sweep, drift re-renders (shared/core/watch). */
export const sweepRoute: Route = {
  name: "sweep",
  matches: (input) => input.action === "sweep",
  handle: (input, deps) => handleSweep(parseSweepAction(input), deps),
};

/** `{"action": "sweep-shard"}`: a sweep worker, taking shards from the queue until its deadline. */
export const sweepShardRoute: Route = {
  name: "sweep-shard",
  matches: (input) => input.action === "sweep-shard",
  handle: (_input, deps) => handleShardWork(deps),
};

/** `{"action": "publish-alerts"}`: the fleet's one alert publisher, within the topic's budget. */
export const publishAlertsRoute: Route = {
  name: "publish-alerts",
  matches: (input) => input.action === "publish-alerts",
  handle: (_input, deps) => handlePublishAlerts(deps),
};

/** `{"action": "rotate-psk", …}`: PSK rotation, one connection or a compartment (shared/core/rotation). */
export const rotatePskRoute: Route = {
  name: "rotate-psk",
  matches: (input) => input.action === ROTATE_PSK_ACTION,
  handle: (input, deps) => handleRotateAction(input, deps),
};

/** An `{"action": …}` the function does not know: names it and the actions it knows. */
export class UnknownActionError extends TunnelsmithError {
  constructor(action: string, known: readonly string[]) {
    super("ACTION_UNKNOWN", `unknown action ${action}; known: ${known.join(", ")}`, { expose: true });
    this.name = "UnknownActionError";
  }
}

/** A scheduled action from Resource Scheduler, e.g. `{"action": "sweep"}`. */
export const actionRoute: Route = {
  name: "action",
  matches: (input) => typeof input.action === "string",
  handle: async (input) => {
    const action = String(input.action)
      .slice(0, 40)
      .replace(/[^\w.-]/g, "_"); // echoed in the error: keep it one plain word
    throw new UnknownActionError(action, ["sweep", "sweep-shard", "publish-alerts", ROTATE_PSK_ACTION]);
  },
};

/** The dispatch table, in order: the first route whose `matches` is true handles the payload. */
export const ROUTES: readonly Route[] = [
  cloudEventRoute,
  alarmRoute,
  rotatePskRoute,
  sweepRoute,
  sweepShardRoute,
  publishAlertsRoute,
  actionRoute,
];

/**
 * Sends a payload to its route. Anything that is not a JSON object, or that no route recognises, is an
 * EventValidationError saying what was expected, never a crash.
 */
export async function dispatch(
  input: unknown,
  deps: Dependencies,
  routes: readonly Route[] = ROUTES,
): Promise<HandlerResult> {
  if (typeof input === "string") throw new EventValidationError([{ path: "", message: "body is not JSON" }]);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new EventValidationError([{ path: "", message: "body must be a JSON object" }]);
  }
  const payload = input as Record<string, unknown>;
  const route = routes.find((r) => r.matches(payload));
  if (!route) {
    throw new EventValidationError([
      {
        path: "",
        message:
          'unknown payload: expected an OCI CloudEvent (eventType, data.resourceId), a Monitoring alarm message (alarmMetaData) or {"action": …}',
      },
    ]);
  }
  deps.logger.info("payload received", { route: route.name });
  return route.handle(payload, deps);
}
