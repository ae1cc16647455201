import { format } from "node:util";
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
   * at the logger, not at call sites, is what keeps a PSK out of logs when someone logs a whole object. Values
   * shorter than {@link MIN_REDACTED_VALUE_LENGTH} are not replaced by value (see there).
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

/**
 * Keys whose values are secret whatever they hold (a string, an object of PSKs by tunnel, an array): PSKs, other
 * credentials, and a PAR's `accessUri`/`fullPath` (the path carries its bearer token).
 */
const SECRET_KEY =
  /^(psks?|pre_?shared_?keys?|shared_?secrets?|secrets?|(new|old)_?(key|secret|psk)|password|passphrase|private_?key|token|access_?token|authorization|access_?uri|full_?path|par_?url)$/i;
/** An Object Storage pre-authenticated request path, `/p/<token>/n/…` (also URL-encoded): the token is a bearer credential. */
const PAR_TOKEN = /\/p\/[^/\s"'<>]+\/n\//g;
const PAR_TOKEN_ENCODED = /%2Fp%2F[^%\s"'<>]+%2Fn%2F/gi;
const REDACTED = "[REDACTED]";
/**
 * Secrets shorter than this are redacted by field name only, never by value: replacing a 3-character key
 * everywhere would rewrite ordinary words, ids and timestamps in every line (and tell a reader what the key is).
 * OCI generates 32-character PSKs; a user-chosen short one is still covered wherever it sits under a secret key.
 */
export const MIN_REDACTED_VALUE_LENGTH = 8;

/**
 * Every secret any logger of the process was given. Console output (routeConsoleThrough) comes from code that
 * holds no logger, e.g. the SDK's retrier, so it is redacted against all of them. Each logger's own set stays
 * what redacts its lines; this one lives as long as those do (a container's loggers live with it).
 */
const processSecrets = new Set<string>();

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
      // Values are redacted before serialising (so nesting and JSON escaping cannot hide a secret), the line once
      // more after (a secret in a key name).
      write(redactText(JSON.stringify(redactValue(record, secrets, new WeakSet())), secrets));
    };
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (fields) => make({ ...base, ...fields }),
      addSecret: (value) => {
        if (value.length < MIN_REDACTED_VALUE_LENGTH) return;
        secrets.add(value);
        processSecrets.add(value);
      },
    };
  };
  return make(options.fields ?? {});
}

/** A copy of `value` with secret-named fields replaced at any depth and every string run through redactText. */
function redactValue(value: unknown, secrets: Iterable<string>, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return redactValue(serializeError(value), secrets, seen);
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === "function") return redactValue(json.call(value), secrets, seen);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && item !== null && item !== undefined
        ? REDACTED
        : redactValue(item, secrets, seen);
  }
  return out;
}

/** Removes registered secrets and PAR tokens from a text. Exported for messages shown outside logs. */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let out = text
    .replace(PAR_TOKEN, `/p/${REDACTED}/n/`)
    .replace(PAR_TOKEN_ENCODED, `%2Fp%2F${REDACTED}%2Fn%2F`);
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join(REDACTED);
  return out;
}

const CONSOLE_LEVELS = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error" } as const;

/**
 * Sends `console.debug/log/info/warn/error` through `logger`, so third-party output is redacted like our own:
 * the OCI SDK's retrier prints the raw error (which can quote a request, a PSK or a PAR URL) with console.warn.
 * Installed once at startup by the entry modules (functions/func.ts, cli/bin.ts); returns the uninstaller.
 */
export function routeConsoleThrough(logger: Logger): () => void {
  const originals = new Map<keyof typeof CONSOLE_LEVELS, (...args: unknown[]) => void>();
  for (const [method, level] of Object.entries(CONSOLE_LEVELS) as [keyof typeof CONSOLE_LEVELS, LogLevel][]) {
    originals.set(method, console[method]);
    console[method] = (...args: unknown[]) =>
      logger[level](redactText(format(...args), processSecrets), { source: "console" });
  }
  return () => {
    for (const [method, original] of originals) console[method] = original;
  };
}

/** A logger that drops everything; for callers that do not care (CLI pure commands). */
export const silentLogger: Logger = createLogger({ write: () => {} });
