import { alarmRoute, cloudEventRoute, ROUTES } from "../../functions/dispatch.ts";
import { createHandler } from "../../functions/handler.ts";
import { createLocalDependencies } from "../../shared/adapters/local/index.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { EventValidationError } from "../../shared/errors.ts";
import { parseAlarmMessage } from "../../shared/events/alarm.ts";
import { parseCloudEvent } from "../../shared/events/cloud-event.ts";
import { type CliIo, readInputFile } from "../io.ts";
import { createCliLogger } from "../log.ts";
import { UsageError } from "../usage.ts";

/** `tunnelsmith invoke EVENT.json`: one event through the real handler on the local adapters. */
export async function invokeCommand(eventPath: string | undefined, io: CliIo): Promise<void> {
  if (!eventPath) throw new UsageError("invoke needs EVENT.json");
  const text = await readInputFile(eventPath);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new EventValidationError([{ path: eventPath, message: "not valid JSON" }]);
  }
  // Validate CloudEvents here so a bad event is exit code 2 with the real message; other payloads
  // ({"action": …}) are validated by their route.
  const payload = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : null;
  const route = payload ? ROUTES.find((r) => r.matches(payload)) : undefined;
  if (route === undefined || route === cloudEventRoute) parseCloudEvent(input);
  if (route === alarmRoute) parseAlarmMessage(input);
  const settings = loadSettings(io.env);
  const logger = createCliLogger(io, settings.logLevel);
  const handler = createHandler(createLocalDependencies(settings, { logger, print: io.out }));
  const result = await handler(input, { callID: `cli-${Date.now()}` });
  io.out(JSON.stringify(result, null, 2));
}
