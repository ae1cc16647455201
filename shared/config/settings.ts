import {
  DEFAULT_WATCH_SETTINGS,
  EMAIL_MESSAGES_PER_MINUTE,
  TOPIC_MESSAGES_PER_MINUTE,
} from "../core/watch/settings.ts";
import { ConfigError } from "../errors.ts";
import type { LogLevel } from "../logger.ts";
import type { CoreSettings } from "../ports.ts";
import { createEnvReader, type Env } from "./env.ts";
import {
  DEFAULT_CPE_EVENT_TYPES,
  DEFAULT_DELETE_EVENT_TYPES,
  DEFAULT_RENDER_EVENT_TYPES,
} from "./event-types.ts";
import { type OciSettings, readOciSettings } from "./settings-oci.ts";

/** Everything configurable through the environment (or the function's configuration, which Fn passes as env). */
export interface Settings extends CoreSettings {
  /** `local`: the embedded default (folders); `oci`: Object Storage, Notifications and the Networking API. */
  mode: "local" | "oci";
  logLevel: LogLevel;
  /** Local mode: folder of connection snapshots the local network reader serves. */
  snapshotDir: string;
  /** Local mode: folder standing in for the bucket and the topic. */
  stateDir: string;
  /** OCI mode only (null in local mode). */
  oci: OciSettings | null;
  /** Local mode: run the sharded sweep and the alert outbox on an in-process queue (TUNNELSMITH_LOCAL_QUEUE). */
  localQueue?: boolean;
}

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
const EVENT_TYPE = /^[a-z0-9.]+$/;
const VENDOR_ID = /^[a-z][a-z0-9-]{1,31}$/;
const LINK_GENERATION = /^[\w.:-]{1,64}$/;

/**
 * Reads settings from `env` once, failing fast with every missing or malformed key listed together
 * (Powertools' style), so a misconfigured function says everything that is wrong in its first log line.
 */
export function loadSettings(env: Env): Settings {
  const r = createEnvReader(env);

  const mode = r.text("TUNNELSMITH_MODE", "local");
  if (mode !== "local" && mode !== "oci")
    r.problem("TUNNELSMITH_MODE", `must be "local" or "oci" (got "${mode}")`);

  const logLevel = r.text("TUNNELSMITH_LOG_LEVEL", "info");
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    r.problem("TUNNELSMITH_LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}`);
  }

  const ttlDays = r.number("TUNNELSMITH_LINK_TTL_DAYS", 7, 0.01, 365);
  const eventTypes = (key: string, fallback: readonly string[]) =>
    r.list(key, fallback, (v) =>
      EVENT_TYPE.test(v) ? null : `"${v}" is not an event type like com.oraclecloud.x.y`,
    );
  const renderEventTypes = eventTypes("TUNNELSMITH_RENDER_EVENT_TYPES", DEFAULT_RENDER_EVENT_TYPES);
  const deleteEventTypes = eventTypes("TUNNELSMITH_DELETE_EVENT_TYPES", DEFAULT_DELETE_EVENT_TYPES);
  const cpeEventTypes = eventTypes("TUNNELSMITH_CPE_EVENT_TYPES", DEFAULT_CPE_EVENT_TYPES);
  const defaultVendors = r.list("TUNNELSMITH_DEFAULT_VENDORS", ["libreswan"], (v) =>
    VENDOR_ID.test(v) ? null : `"${v}" is not a vendor id like libreswan`,
  );

  const helper = r.text("TUNNELSMITH_ORACLE_HELPER", "auto");
  if (helper !== "auto" && helper !== "off")
    r.problem("TUNNELSMITH_ORACLE_HELPER", 'must be "auto" or "off"');

  const pskFingerprintKey = r.optional("TUNNELSMITH_PSK_FINGERPRINT_KEY");
  if (pskFingerprintKey !== null && pskFingerprintKey.length < 32) {
    r.problem("TUNNELSMITH_PSK_FINGERPRINT_KEY", "must be at least 32 characters (use a random value)");
  }
  if (mode === "oci" && pskFingerprintKey === null) {
    // In OCI the fingerprints are what lets a later run (and PSK rotation) tell which stored files hold which
    // key without reading them; require the key rather than silently storing none.
    r.problem(
      "TUNNELSMITH_PSK_FINGERPRINT_KEY",
      "is not set (required in oci mode; at least 32 random characters)",
    );
  }

  const oci = mode === "oci" ? readOciSettings(r, env) : null;
  const defaultTimeoutSeconds = r.number("TUNNELSMITH_DEFAULT_TIMEOUT_SECONDS", 30, 1, 300);
  // Tunnel watch (docs/watch.md): flap hold time, when many alerts become one digest, sweep concurrency.
  const watch = {
    flapHoldSeconds: Math.round(
      r.number("TUNNELSMITH_FLAP_HOLD_SECONDS", DEFAULT_WATCH_SETTINGS.flapHoldSeconds, 0, 86400),
    ),
    digestThreshold: Math.round(
      r.number("TUNNELSMITH_ALERT_DIGEST_THRESHOLD", DEFAULT_WATCH_SETTINGS.digestThreshold, 1, 1000),
    ),
    concurrency: Math.round(
      r.number("TUNNELSMITH_SWEEP_CONCURRENCY", DEFAULT_WATCH_SETTINGS.concurrency, 1, 32),
    ),
    // Tenancy scale (docs/oci.md "Sweeping a tenancy"): shard size, PSK read interval, the fleet's alert budget.
    shardSize: Math.round(r.number("TUNNELSMITH_SWEEP_SHARD_SIZE", 200, 10, 1000)),
    pskCheckHours: r.number("TUNNELSMITH_PSK_CHECK_HOURS", 24, 0, 720),
    alertsPerMinute: Math.round(
      r.number(
        "TUNNELSMITH_ALERTS_PER_MINUTE",
        r.text("TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED", "false") === "true"
          ? EMAIL_MESSAGES_PER_MINUTE
          : TOPIC_MESSAGES_PER_MINUTE,
        1,
        TOPIC_MESSAGES_PER_MINUTE,
      ),
    ),
  };
  const emailSubscribed = r.text("TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED", "false");
  if (emailSubscribed !== "true" && emailSubscribed !== "false")
    r.problem("TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED", 'must be "true" or "false"');
  const localQueue = r.text("TUNNELSMITH_LOCAL_QUEUE", "false");
  if (localQueue !== "true" && localQueue !== "false")
    r.problem("TUNNELSMITH_LOCAL_QUEUE", 'must be "true" or "false"');
  // PSK rotation (docs/rotation.md): OCI allows letters, digits and spaces; generated keys use letters and digits.
  const pskLength = r.number("TUNNELSMITH_PSK_LENGTH", 32, 16, 64);
  if (!Number.isInteger(pskLength))
    r.problem("TUNNELSMITH_PSK_LENGTH", "must be a whole number from 16 to 64");

  // Set by `tunnelsmith setup` when the function's dynamic group changes: PARs die with their creator's
  // permissions, so links recorded under another generation are created again (docs/oci.md).
  const linkGeneration = r.optional("TUNNELSMITH_LINK_GENERATION");
  if (linkGeneration !== null && !LINK_GENERATION.test(linkGeneration)) {
    r.problem("TUNNELSMITH_LINK_GENERATION", "must be 1-64 letters, digits or . _ : -");
  }
  // false: notifications name the objects but carry no download URL (a topic's subscribers see every message).
  const notifyLinks = r.text("TUNNELSMITH_NOTIFY_LINKS", "true");
  if (notifyLinks !== "true" && notifyLinks !== "false")
    r.problem("TUNNELSMITH_NOTIFY_LINKS", 'must be "true" or "false"');

  if (r.issues.length > 0) throw new ConfigError(r.issues);
  return {
    mode: mode as Settings["mode"],
    logLevel: logLevel as LogLevel,
    linkTtlSeconds: Math.round(ttlDays * 86400),
    renderEventTypes,
    deleteEventTypes,
    cpeEventTypes,
    defaultVendors,
    oracleHelper: helper as CoreSettings["oracleHelper"],
    pskFingerprintKey,
    defaultTimeoutSeconds,
    watch,
    pskLength,
    linkGeneration,
    notifyLinks: notifyLinks !== "false",
    snapshotDir: r.text("TUNNELSMITH_SNAPSHOT_DIR", "events/snapshots"),
    stateDir: r.text("TUNNELSMITH_STATE_DIR", ".tunnelsmith"),
    oci,
    localQueue: localQueue === "true",
  };
}
