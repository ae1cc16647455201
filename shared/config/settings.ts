import { agentSettingsFrom } from "../bundle/settings.ts";
import { EMAIL_MESSAGES_PER_MINUTE, TOPIC_MESSAGES_PER_MINUTE } from "../core/watch/settings.ts";
import { ConfigError, type ValidationIssue } from "../errors.ts";
import type { LogLevel } from "../logger.ts";
import type { CoreSettings } from "../ports.ts";
import { type Env, parseEnv } from "./env.ts";
import { coreEnvSchema } from "./env-schema.ts";
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

/**
 * Reads settings from `env` once, failing fast with every missing or malformed key listed together
 * (Powertools' style), so a misconfigured function says everything that is wrong in its first log line. The
 * variables and their defaults are the schemas in env-schema.ts; this adds the checks that span them.
 */
export function loadSettings(env: Env): Settings {
  const core = parseEnv(coreEnvSchema, env);
  const issues: ValidationIssue[] = [...core.issues];
  const mode = core.data?.TUNNELSMITH_MODE ?? env.TUNNELSMITH_MODE?.trim();
  if (mode === "oci" && !env.TUNNELSMITH_PSK_FINGERPRINT_KEY?.trim()) {
    // In OCI the fingerprints are what lets a later run (and PSK rotation) tell which stored files hold which
    // key without reading them; require the key rather than silently storing none.
    issues.push({
      path: "TUNNELSMITH_PSK_FINGERPRINT_KEY",
      message: "is not set (required in oci mode; at least 32 random characters)",
    });
  }
  const oci = mode === "oci" ? readOciSettings(env, issues) : null;
  if (issues.length > 0 || core.data === null) throw new ConfigError(issues);
  const v = core.data;
  return {
    mode: v.TUNNELSMITH_MODE,
    logLevel: v.TUNNELSMITH_LOG_LEVEL,
    linkTtlSeconds: Math.round(v.TUNNELSMITH_LINK_TTL_DAYS * 86400),
    renderEventTypes: v.TUNNELSMITH_RENDER_EVENT_TYPES,
    deleteEventTypes: v.TUNNELSMITH_DELETE_EVENT_TYPES,
    cpeEventTypes: v.TUNNELSMITH_CPE_EVENT_TYPES,
    defaultVendors: v.TUNNELSMITH_DEFAULT_VENDORS,
    oracleHelper: v.TUNNELSMITH_ORACLE_HELPER,
    pskFingerprintKey: v.TUNNELSMITH_PSK_FINGERPRINT_KEY,
    defaultTimeoutSeconds: v.TUNNELSMITH_DEFAULT_TIMEOUT_SECONDS,
    watch: {
      flapHoldSeconds: v.TUNNELSMITH_FLAP_HOLD_SECONDS,
      digestThreshold: v.TUNNELSMITH_ALERT_DIGEST_THRESHOLD,
      concurrency: v.TUNNELSMITH_SWEEP_CONCURRENCY,
      shardSize: v.TUNNELSMITH_SWEEP_SHARD_SIZE,
      pskCheckHours: v.TUNNELSMITH_PSK_CHECK_HOURS,
      alertsPerMinute:
        v.TUNNELSMITH_ALERTS_PER_MINUTE ??
        (v.TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED === "true"
          ? EMAIL_MESSAGES_PER_MINUTE
          : TOPIC_MESSAGES_PER_MINUTE),
    },
    pskLength: v.TUNNELSMITH_PSK_LENGTH,
    linkGeneration: v.TUNNELSMITH_LINK_GENERATION,
    notifyLinks: v.TUNNELSMITH_NOTIFY_LINKS !== "false",
    agent: agentSettingsFrom(v, Math.round(v.TUNNELSMITH_LINK_TTL_DAYS * 86400)),
    snapshotDir: v.TUNNELSMITH_SNAPSHOT_DIR,
    stateDir: v.TUNNELSMITH_STATE_DIR,
    localQueue: v.TUNNELSMITH_LOCAL_QUEUE === "true",
    oci,
  };
}
