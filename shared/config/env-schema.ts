import { z } from "zod";
import { DEFAULT_WATCH_SETTINGS, TOPIC_MESSAGES_PER_MINUTE } from "../core/watch/settings.ts";
import { networkCidrProblem } from "../net/ipv4.ts";
import {
  endpoint,
  flag,
  list,
  matching,
  number,
  oneOf,
  optional,
  required,
  text,
  withDefault,
} from "./env.ts";
import {
  DEFAULT_CPE_EVENT_TYPES,
  DEFAULT_DELETE_EVENT_TYPES,
  DEFAULT_RENDER_EVENT_TYPES,
} from "./event-types.ts";

/**
 * Every environment variable tunnelsmith reads, one zod schema per configuration surface, with each default in
 * exactly one place: here. The loaders (settings*.ts) only add the checks that span variables. The README and
 * docs tables are tested against these schemas (test/core/config-docs.test.ts).
 */

const EVENT_TYPE = /^[a-z0-9.]+$/;
const VENDOR_ID = /^[a-z][a-z0-9-]{1,31}$/;
const ocid = (types: string) => new RegExp(`^ocid1\\.(${types})\\.[a-z0-9-]+\\.[a-z0-9-]*\\.[a-z0-9._-]+$`);
const TOPIC = ocid("onstopic");
const KEY = ocid("key");
const QUEUE = ocid("queue");

const eventTypes = list((v) =>
  EVENT_TYPE.test(v) ? null : `"${v}" is not an event type like com.oraclecloud.x.y`,
);

/** The function's behaviour, in every mode (settings.ts). */
export const coreEnvSchema = z.object({
  TUNNELSMITH_MODE: withDefault(oneOf(["local", "oci"], 'must be "local" or "oci"'), "local"),
  TUNNELSMITH_LOG_LEVEL: withDefault(
    oneOf(["debug", "info", "warn", "error"], "must be one of debug, info, warn, error"),
    "info",
  ),
  TUNNELSMITH_LINK_TTL_DAYS: withDefault(number(0.01, 365), 7),
  TUNNELSMITH_RENDER_EVENT_TYPES: withDefault(eventTypes, [...DEFAULT_RENDER_EVENT_TYPES]),
  TUNNELSMITH_DELETE_EVENT_TYPES: withDefault(eventTypes, [...DEFAULT_DELETE_EVENT_TYPES]),
  TUNNELSMITH_CPE_EVENT_TYPES: withDefault(eventTypes, [...DEFAULT_CPE_EVENT_TYPES]),
  TUNNELSMITH_DEFAULT_VENDORS: withDefault(
    list((v) => (VENDOR_ID.test(v) ? null : `"${v}" is not a vendor id like libreswan`)),
    ["libreswan"],
  ),
  TUNNELSMITH_ORACLE_HELPER: withDefault(oneOf(["auto", "off"], 'must be "auto" or "off"'), "auto"),
  TUNNELSMITH_PSK_FINGERPRINT_KEY: optional(
    z.string().min(32, { message: "must be at least 32 characters (use a random value)" }),
  ),
  TUNNELSMITH_DEFAULT_TIMEOUT_SECONDS: withDefault(number(1, 300), 30),
  // Tunnel watch (docs/watch.md): flap hold time, when many alerts become one digest, sweep concurrency.
  TUNNELSMITH_FLAP_HOLD_SECONDS: withDefault(
    number(0, 86400).transform(Math.round),
    DEFAULT_WATCH_SETTINGS.flapHoldSeconds,
  ),
  TUNNELSMITH_ALERT_DIGEST_THRESHOLD: withDefault(
    number(1, 1000).transform(Math.round),
    DEFAULT_WATCH_SETTINGS.digestThreshold,
  ),
  TUNNELSMITH_SWEEP_CONCURRENCY: withDefault(
    number(1, 32).transform(Math.round),
    DEFAULT_WATCH_SETTINGS.concurrency,
  ),
  // Tenancy scale (docs/oci.md "Sweeping a tenancy"): shard size, PSK read interval, the fleet's alert budget
  // (unset: the topic's 60 a minute, or e-mail's 10 when an e-mail subscription exists; settings.ts decides).
  TUNNELSMITH_SWEEP_SHARD_SIZE: withDefault(
    number(10, 1000).transform(Math.round),
    DEFAULT_WATCH_SETTINGS.shardSize,
  ),
  TUNNELSMITH_PSK_CHECK_HOURS: withDefault(number(0, 720), DEFAULT_WATCH_SETTINGS.pskCheckHours),
  TUNNELSMITH_ALERTS_PER_MINUTE: optional(number(1, TOPIC_MESSAGES_PER_MINUTE).transform(Math.round)),
  TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED: withDefault(flag, "false"),
  // Local mode: the sharded sweep and the alert outbox on an in-process queue.
  TUNNELSMITH_LOCAL_QUEUE: withDefault(flag, "false"),
  // PSK rotation (docs/rotation.md): OCI allows letters, digits and spaces; generated keys use letters and digits.
  TUNNELSMITH_PSK_LENGTH: withDefault(number(16, 64, "must be a whole number from 16 to 64"), 32),
  // Set by `tunnelsmith setup` when the function's dynamic group changes: PARs die with their creator's
  // permissions, so links recorded under another generation are created again (docs/oci.md).
  TUNNELSMITH_LINK_GENERATION: optional(
    matching(/^[\w.:-]{1,64}$/, "must be 1-64 letters, digits or . _ : -"),
  ),
  // false: notifications name the objects but carry no download URL (a topic's subscribers see every message).
  TUNNELSMITH_NOTIFY_LINKS: withDefault(flag, "true"),
  // The CPE agent (docs/agent.md): bundle, links and reports. The renewal margin defaults to a third of the link
  // TTL, so it has no literal default here (bundle/settings.ts derives it).
  TUNNELSMITH_AGENT: withDefault(oneOf(["on", "off"], 'must be "on" or "off"'), "off"),
  TUNNELSMITH_AGENT_RENEW_HOURS: optional(number(0.01, 8760)),
  TUNNELSMITH_AGENT_REPORT_MINUTES: withDefault(number(1, 10080), 30),
  TUNNELSMITH_SNAPSHOT_DIR: withDefault(text, "events/snapshots"),
  TUNNELSMITH_STATE_DIR: withDefault(text, ".tunnelsmith"),
});

const apiEndpoint = endpoint("https://iaas.ap-tokyo-1.oraclecloud.com");

/** What reading connections from OCI needs: the function in OCI mode, the CLI, setup (settings-oci.ts). */
export const ociReaderEnvSchema = z.object({
  /** Set by OCI Functions inside a function: authenticate as its resource principal. */
  OCI_RESOURCE_PRINCIPAL_VERSION: optional(text),
  OCI_CONFIG_FILE: optional(text),
  OCI_CLI_PROFILE: optional(text),
  TUNNELSMITH_ORACLE_CIDRS: optional(list((v) => networkCidrProblem(v))),
  TUNNELSMITH_ENDPOINT_IDENTITY: optional(apiEndpoint),
  TUNNELSMITH_ENDPOINT_VAULT: optional(apiEndpoint),
  TUNNELSMITH_ENDPOINT_IAAS: optional(apiEndpoint),
  TUNNELSMITH_ENDPOINT_OBJECTSTORAGE: optional(apiEndpoint),
  TUNNELSMITH_ENDPOINT_NOTIFICATIONS: optional(apiEndpoint),
  TUNNELSMITH_RETRY_MAX_ATTEMPTS: withDefault(number(1, 10).transform(Math.round), 5),
  TUNNELSMITH_RETRY_MAX_DELAY_SECONDS: withDefault(number(0, 60), 8),
  TUNNELSMITH_REQUEST_TIMEOUT_SECONDS: withDefault(number(1, 300), 20),
});

/** The function in OCI mode, besides the reader's variables (settings-oci.ts). */
export const ociFunctionEnvSchema = z.object({
  TUNNELSMITH_BUCKET: required(matching(/^[A-Za-z0-9_.-]{1,256}$/, "must be a bucket name ([A-Za-z0-9_.-])")),
  TUNNELSMITH_NAMESPACE: optional(
    matching(/^[a-z0-9]{1,64}$/, "must be an Object Storage namespace (lower-case letters and digits)"),
  ),
  TUNNELSMITH_TOPIC_ID: required(matching(TOPIC, "must be a topic OCID (ocid1.onstopic.…)")),
  TUNNELSMITH_ALERT_JSON_TOPIC_ID: optional(matching(TOPIC, "must be a topic OCID (ocid1.onstopic.…)")),
  TUNNELSMITH_KMS_KEY_ID: optional(matching(KEY, "must be a key OCID (ocid1.key.…)")),
  TUNNELSMITH_NOTIFY_PER_MINUTE: withDefault(number(1, 600).transform(Math.round), 50),
  // PSK rotation's Vault copy: both or neither (checked by settings-oci.ts).
  TUNNELSMITH_VAULT_ID: optional(matching(ocid("vault"), "must be a vault OCID (ocid1.vault.…)")),
  TUNNELSMITH_VAULT_KEY_ID: optional(matching(KEY, "must be a key OCID (ocid1.key.…)")),
  // The sharded sweep's work queue and the alert outbox (docs/oci.md "Sweeping a tenancy").
  TUNNELSMITH_QUEUE_ID: optional(matching(QUEUE, "must be a queue OCID (ocid1.queue.…)")),
  TUNNELSMITH_QUEUE_ENDPOINT: optional(
    matching(
      /^https?:\/\/[A-Za-z0-9.:[\]-]+\/*$/,
      "must be the queue's messages endpoint, an http(s) origin",
    ).transform((v) => v.replace(/\/+$/, "")),
  ),
  TUNNELSMITH_QUEUE_MAX_DELIVERIES: withDefault(number(1, 20).transform(Math.round), 5),
  // Client-side request budget per API family; unset: none (the SDK's 429 retries only).
  TUNNELSMITH_API_BUDGET_PER_SECOND: optional(number(0.1, 1000)),
  TUNNELSMITH_API_WORKERS: withDefault(number(1, 1000).transform(Math.round), 1),
  TUNNELSMITH_VAULT_COMPARTMENT_ID: optional(
    matching(ocid("compartment|tenancy"), "must be a compartment OCID (ocid1.compartment.…)"),
  ),
});

const controlEndpoint = endpoint("https://events.ap-tokyo-1.oci.oraclecloud.com");

/**
 * `tunnelsmith setup` / `teardown`, besides the reader's variables: endpoint overrides for the control-plane
 * services only setup talks to (settings-setup.ts).
 */
export const setupEnvSchema = z.object({
  TUNNELSMITH_ENDPOINT_IDENTITY: optional(controlEndpoint),
  TUNNELSMITH_ENDPOINT_EVENTS: optional(controlEndpoint),
  TUNNELSMITH_ENDPOINT_MONITORING: optional(controlEndpoint),
  TUNNELSMITH_ENDPOINT_RESOURCE_SCHEDULER: optional(controlEndpoint),
  TUNNELSMITH_ENDPOINT_FUNCTIONS: optional(controlEndpoint),
  TUNNELSMITH_ENDPOINT_QUEUE_ADMIN: optional(controlEndpoint),
});

/** Every surface, for the documentation test. */
export const ENV_SURFACES = {
  core: coreEnvSchema,
  ociReader: ociReaderEnvSchema,
  ociFunction: ociFunctionEnvSchema,
  setup: setupEnvSchema,
} as const;
