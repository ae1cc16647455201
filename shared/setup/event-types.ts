import type { Env } from "../config/env.ts";
import { loadSettings } from "../config/settings.ts";

/**
 * The event-type variables. Their defaults live in one place, `shared/config/event-types.ts`; the function and
 * setup read them through the same settings loader, so the Events rule matches exactly what the function handles.
 */
export const EVENT_TYPE_VARIABLES = [
  "TUNNELSMITH_RENDER_EVENT_TYPES",
  "TUNNELSMITH_DELETE_EVENT_TYPES",
  "TUNNELSMITH_CPE_EVENT_TYPES",
] as const;

/**
 * The event types the rule must match, and the variables to write into the function's configuration. A variable
 * set where setup runs wins (and is written to the function); otherwise the function's own configuration counts
 * (an operator may have corrected it there); otherwise the defaults. Invalid values fail like the function would.
 */
export function ruleEventTypes(
  env: Env,
  functionConfig: Readonly<Record<string, string>>,
): { eventTypes: string[]; overrides: Record<string, string> } {
  const chosen: Env = {};
  const overrides: Record<string, string> = {};
  for (const key of EVENT_TYPE_VARIABLES) {
    const fromEnv = env[key]?.trim();
    const fromFunction = functionConfig[key]?.trim();
    if (fromEnv) {
      chosen[key] = fromEnv;
      overrides[key] = fromEnv;
    } else if (fromFunction) {
      chosen[key] = fromFunction;
    }
  }
  const settings = loadSettings({ TUNNELSMITH_MODE: "local", ...chosen });
  return {
    eventTypes: [...settings.renderEventTypes, ...settings.deleteEventTypes, ...settings.cpeEventTypes],
    overrides,
  };
}
