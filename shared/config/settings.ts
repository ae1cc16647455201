import { ConfigError, type ValidationIssue } from "../errors.ts";
import type { LogLevel } from "../logger.ts";
import type { CoreSettings } from "../ports.ts";
import { DEFAULT_DELETE_EVENT_TYPES, DEFAULT_RENDER_EVENT_TYPES } from "./event-types.ts";

/** Everything configurable through the environment (or the function's configuration, which Fn passes as env). */
export interface Settings extends CoreSettings {
  mode: "local";
  logLevel: LogLevel;
  /** Local mode: folder of connection snapshots the local network reader serves. */
  snapshotDir: string;
  /** Local mode: folder standing in for the bucket and the topic. */
  stateDir: string;
}

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
const EVENT_TYPE = /^[a-z0-9.]+$/;

/**
 * Reads settings from `env` once, failing fast with every missing or malformed key listed together
 * (Powertools' style), so a misconfigured function says everything that is wrong in its first log line.
 */
export function loadSettings(env: Record<string, string | undefined>): Settings {
  const issues: ValidationIssue[] = [];
  const text = (key: string, fallback: string) => env[key]?.trim() || fallback;

  const mode = text("TUNNELSMITH_MODE", "local");
  if (mode !== "local") issues.push({ path: "TUNNELSMITH_MODE", message: `must be "local" (got "${mode}")` });

  const logLevel = text("TUNNELSMITH_LOG_LEVEL", "info");
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    issues.push({ path: "TUNNELSMITH_LOG_LEVEL", message: `must be one of ${LOG_LEVELS.join(", ")}` });
  }

  const ttlDays = Number(text("TUNNELSMITH_LINK_TTL_DAYS", "7"));
  if (!Number.isFinite(ttlDays) || ttlDays <= 0 || ttlDays > 365) {
    issues.push({ path: "TUNNELSMITH_LINK_TTL_DAYS", message: "must be a number of days between 0 and 365" });
  }

  const list = (key: string, fallback: readonly string[]) => {
    const raw = env[key];
    if (raw === undefined || raw.trim() === "") return [...fallback];
    const values = raw
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    for (const v of values) {
      if (!EVENT_TYPE.test(v))
        issues.push({ path: key, message: `"${v}" is not an event type like com.oraclecloud.x.y` });
    }
    return values;
  };
  const renderEventTypes = list("TUNNELSMITH_RENDER_EVENT_TYPES", DEFAULT_RENDER_EVENT_TYPES);
  const deleteEventTypes = list("TUNNELSMITH_DELETE_EVENT_TYPES", DEFAULT_DELETE_EVENT_TYPES);

  if (issues.length > 0) throw new ConfigError(issues);
  return {
    mode: "local",
    logLevel: logLevel as LogLevel,
    linkTtlSeconds: Math.round(ttlDays * 86400),
    renderEventTypes,
    deleteEventTypes,
    snapshotDir: text("TUNNELSMITH_SNAPSHOT_DIR", "events/snapshots"),
    stateDir: text("TUNNELSMITH_STATE_DIR", ".tunnelsmith"),
  };
}
