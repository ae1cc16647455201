import { serializeError } from "./errors.ts";

/** Log levels in increasing severity. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The structured logger every module receives; one JSON object per line. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line (e.g. the function call id). Shares the redaction list. */
  child(fields: Record<string, unknown>): Logger;
  /**
   * Registers a secret value (a PSK) so that it is replaced in every later line, wherever it appears. Redacting
   * at the logger, not at call sites, is what keeps a PSK out of logs when someone logs a whole object.
   */
  addSecret(value: string): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default: process.stderr (stdout is for command output). */
  write?: (line: string) => void;
  now?: () => Date;
  fields?: Record<string, unknown>;
}

/** Keys whose values are secret whatever they contain. */
const SECRET_KEY = /^(psk|sharedSecret|sharedSecrets|secret|password|privateKey|accessUri|parUrl)$/i;
/** An Object Storage pre-authenticated request path: `/p/<token>/n/…`; the token is a bearer credential. */
const PAR_TOKEN = /\/p\/[^/\s"]+\/n\//g;
const REDACTED = "[REDACTED]";

/** Creates the JSON logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = new Set<string>();
  const minRank = LEVEL_RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const make = (base: Record<string, unknown>): Logger => {
    const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
      if (LEVEL_RANK[level] < minRank) return;
      const record = { level, message, timestamp: now().toISOString(), ...base, ...fields };
      write(
        redactText(
          JSON.stringify(record, (key, value) => replacer(key, value)),
          secrets,
        ),
      );
    };
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (fields) => make({ ...base, ...fields }),
      addSecret: (value) => {
        if (value.length > 0) secrets.add(value);
      },
    };
  };
  return make(options.fields ?? {});
}

function replacer(key: string, value: unknown): unknown {
  if (value instanceof Error) return serializeError(value);
  if (key && SECRET_KEY.test(key) && typeof value === "string") return REDACTED;
  return value;
}

/** Removes registered secrets and PAR tokens from a text. Exported for messages shown outside logs. */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let out = text.replace(PAR_TOKEN, `/p/${REDACTED}/n/`);
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out;
}

/** A logger that drops everything; for callers that do not care (CLI pure commands). */
export const silentLogger: Logger = createLogger({ write: () => {} });
