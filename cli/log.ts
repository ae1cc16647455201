import { createLogger, type Logger, type LogLevel } from "../shared/logger.ts";
import type { CliIo } from "./io.ts";

/** The log formats the CLI can write: lines for a person (default) or the function's JSON lines. */
export const LOG_FORMATS = ["text", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** `TUNNELSMITH_LOG_FORMAT` (set from `--log-format` by main.ts); anything but "json" means text. */
export function logFormat(env: CliIo["env"]): LogFormat {
  return env.TUNNELSMITH_LOG_FORMAT === "json" ? "json" : "text";
}

/**
 * The CLI's logger, on stderr. It is the one JSON logger (so redaction of PSKs and PAR tokens happens exactly as
 * in the function); in text format each redacted line is then rewritten for a person:
 * `tunnelsmith: warn: message (key=value, …)`.
 */
export function createCliLogger(io: CliIo, level: LogLevel = "info"): Logger {
  if (logFormat(io.env) === "json") return createLogger({ level, write: io.err });
  return createLogger({ level, write: (line) => io.err(humanLine(line)) });
}

/** One JSON log line as text; a line that is not JSON is passed through. */
export function humanLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { level, message, timestamp: _timestamp, ...fields } = record;
  const extra = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return `tunnelsmith: ${String(level)}: ${String(message)}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
}
