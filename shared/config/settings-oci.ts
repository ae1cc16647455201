import { networkCidrProblem } from "../net/ipv4.ts";
import type { Env, EnvReader } from "./env.ts";

/** How the function authenticates to OCI. */
export type OciAuth =
  /** Inside OCI Functions: the function's resource principal (`OCI_RESOURCE_PRINCIPAL_VERSION` is set). */
  | { kind: "resource-principal" }
  /** Elsewhere (laptop, CI, tests): an OCI CLI config file and profile (default `~/.oci/config`, DEFAULT). */
  | { kind: "config-file"; configFile: string | null; profile: string | null };

/** Service endpoint overrides (dedicated regions, private endpoints, tests); null: derived from the region. */
export interface OciEndpoints {
  iaas: string | null;
  objectStorage: string | null;
  notifications: string | null;
  /** Vault (secret management) endpoint; only used with TUNNELSMITH_VAULT_ID. */
  vault?: string | null;
  /** Identity endpoint (compartment listing for the sweep); absent: the region's. */
  identity?: string | null;
}

/** Where PSK rotation also stores each new key (optional). */
export interface VaultSettings {
  vaultId: string;
  /** The vault's symmetric master encryption key the secrets are encrypted with. */
  keyId: string;
  /** Compartment of the secrets; null: the IPSec connection's compartment. */
  compartmentId: string | null;
}

/** What reading connections from OCI needs (the CLI's `snapshot`/`render --ipsec` need no more). */
export interface OciReaderSettings {
  auth: OciAuth;
  endpoints: OciEndpoints;
  /** Oracle-side CIDRs to use instead of discovering them through the DRG's VCN attachments. */
  oracleCidrs: string[] | null;
  /** SDK retries for 429/5xx: attempts per request (1 = no retry) and the cap of the exponential delay. */
  retryMaxAttempts: number;
  retryMaxDelaySeconds: number;
  /** The longest one HTTP request may take; the invocation's deadline cuts it sooner (request-limits.ts). */
  requestTimeoutSeconds: number;
}

/** What the function needs in OCI mode. */
export interface OciSettings extends OciReaderSettings {
  bucket: string;
  /** Object Storage namespace; null: discovered with GetNamespace at cold start. */
  namespace: string | null;
  topicId: string;
  /** Vault key for the objects (`opc-sse-kms-key-id`); null: the bucket's own encryption. */
  kmsKeyId: string | null;
  /** Messages per minute this container publishes at most (the topic allows about 60). */
  notifyPerMinute: number;
  /** PSK rotation also stores new keys in this vault; null: it does not. */
  vault: VaultSettings | null;
  /** Topic for the JSON variant of tunnel alerts (HTTPS subscribers); null: text alerts only. */
  alertJsonTopicId: string | null;
  /** The work queue of the sharded sweep and the alert outbox (docs/oci.md); null: neither is used. */
  queue?: QueueSettings | null;
  /**
   * Client-side request budget per API family (Networking, Object Storage, Notifications, Queue): the tenancy's
   * requests a second divided by the workers that run at once (TUNNELSMITH_API_BUDGET_PER_SECOND /
   * TUNNELSMITH_API_WORKERS).
   */
  apiBudget?: { perSecond: number; workers: number } | null;
}

/** OCI Queue: the queue's OCID, its messages endpoint, and its dead-letter delivery count. */
export interface QueueSettings {
  queueId: string;
  /** The queue's `messagesEndpoint` (per queue); null: the region's default. */
  endpoint: string | null;
  /** Must equal the queue's `deadLetterQueueDeliveryCount` (the last delivery is alerted). */
  maxDeliveries: number;
}

const BUCKET = /^[A-Za-z0-9_.-]{1,256}$/;
const NAMESPACE = /^[a-z0-9]{1,64}$/;
const TOPIC = /^ocid1\.onstopic\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/;
const QUEUE = /^ocid1\.queue\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/;
const KMS_KEY = /^ocid1\.key\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/;

/** Reads the settings the OCI network reader needs. */
export function readOciReaderSettings(r: EnvReader, env: Env): OciReaderSettings {
  const auth: OciAuth = env.OCI_RESOURCE_PRINCIPAL_VERSION?.trim()
    ? { kind: "resource-principal" }
    : {
        kind: "config-file",
        configFile: r.optional("OCI_CONFIG_FILE"),
        profile: r.optional("OCI_CLI_PROFILE"),
      };
  const endpoint = (key: string): string | null => {
    const value = r.optional(key);
    if (value === null) return null;
    if (!/^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~/-]*)?$/.test(value)) {
      r.problem(key, `must be an http(s) URL like https://iaas.ap-tokyo-1.oraclecloud.com (got "${value}")`);
      return null;
    }
    return value.replace(/\/+$/, "");
  };
  const cidrs = r.optional("TUNNELSMITH_ORACLE_CIDRS")
    ? r.list("TUNNELSMITH_ORACLE_CIDRS", [], (v) => networkCidrProblem(v) ?? null)
    : null;
  const identity = endpoint("TUNNELSMITH_ENDPOINT_IDENTITY");
  const vault = endpoint("TUNNELSMITH_ENDPOINT_VAULT");
  return {
    auth,
    endpoints: {
      iaas: endpoint("TUNNELSMITH_ENDPOINT_IAAS"),
      objectStorage: endpoint("TUNNELSMITH_ENDPOINT_OBJECTSTORAGE"),
      notifications: endpoint("TUNNELSMITH_ENDPOINT_NOTIFICATIONS"),
      ...(identity === null ? {} : { identity }),
      ...(vault === null ? {} : { vault }),
    },
    oracleCidrs: cidrs,
    retryMaxAttempts: Math.round(r.number("TUNNELSMITH_RETRY_MAX_ATTEMPTS", 5, 1, 10)),
    retryMaxDelaySeconds: r.number("TUNNELSMITH_RETRY_MAX_DELAY_SECONDS", 8, 0, 60),
    requestTimeoutSeconds: r.number("TUNNELSMITH_REQUEST_TIMEOUT_SECONDS", 20, 1, 300),
  };
}

/** Reads the settings of the function in OCI mode; bucket and topic are required. */
export function readOciSettings(r: EnvReader, env: Env): OciSettings {
  const bucket = r.required("TUNNELSMITH_BUCKET");
  if (bucket && !BUCKET.test(bucket))
    r.problem("TUNNELSMITH_BUCKET", "must be a bucket name ([A-Za-z0-9_.-])");
  const namespace = r.optional("TUNNELSMITH_NAMESPACE");
  if (namespace && !NAMESPACE.test(namespace))
    r.problem("TUNNELSMITH_NAMESPACE", "must be an Object Storage namespace (lower-case letters and digits)");
  const topicId = r.required("TUNNELSMITH_TOPIC_ID");
  if (topicId && !TOPIC.test(topicId))
    r.problem("TUNNELSMITH_TOPIC_ID", "must be a topic OCID (ocid1.onstopic.…)");
  const alertJsonTopicId = r.optional("TUNNELSMITH_ALERT_JSON_TOPIC_ID");
  if (alertJsonTopicId && !TOPIC.test(alertJsonTopicId))
    r.problem("TUNNELSMITH_ALERT_JSON_TOPIC_ID", "must be a topic OCID (ocid1.onstopic.…)");
  const kmsKeyId = r.optional("TUNNELSMITH_KMS_KEY_ID");
  if (kmsKeyId && !KMS_KEY.test(kmsKeyId))
    r.problem("TUNNELSMITH_KMS_KEY_ID", "must be a key OCID (ocid1.key.…)");
  return {
    ...readOciReaderSettings(r, env),
    bucket,
    namespace,
    topicId,
    kmsKeyId,
    notifyPerMinute: Math.round(r.number("TUNNELSMITH_NOTIFY_PER_MINUTE", 50, 1, 600)),
    vault: readVaultSettings(r),
    alertJsonTopicId,
    queue: readQueueSettings(r),
    // Unset: no client-side request budget (the SDK's 429 retries only), as before.
    apiBudget: r.optional("TUNNELSMITH_API_BUDGET_PER_SECOND")
      ? {
          perSecond: r.number("TUNNELSMITH_API_BUDGET_PER_SECOND", 10, 0.1, 1000),
          workers: Math.round(r.number("TUNNELSMITH_API_WORKERS", 1, 1, 1000)),
        }
      : null,
  };
}

/** TUNNELSMITH_QUEUE_ID with its optional endpoint and delivery count. */
function readQueueSettings(r: EnvReader): QueueSettings | null {
  const queueId = r.optional("TUNNELSMITH_QUEUE_ID");
  const endpoint = r.optional("TUNNELSMITH_QUEUE_ENDPOINT");
  const maxDeliveries = Math.round(r.number("TUNNELSMITH_QUEUE_MAX_DELIVERIES", 5, 1, 20));
  if (queueId === null) {
    if (endpoint !== null) r.problem("TUNNELSMITH_QUEUE_ENDPOINT", "is set without TUNNELSMITH_QUEUE_ID");
    return null;
  }
  if (!QUEUE.test(queueId)) r.problem("TUNNELSMITH_QUEUE_ID", "must be a queue OCID (ocid1.queue.…)");
  if (endpoint !== null && !/^https?:\/\/[A-Za-z0-9.:[\]-]+$/.test(endpoint))
    r.problem("TUNNELSMITH_QUEUE_ENDPOINT", "must be the queue's messages endpoint, an http(s) origin");
  return { queueId, endpoint: endpoint?.replace(/\/+$/, "") ?? null, maxDeliveries };
}

const VAULT = /^ocid1\.vault\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/;
const COMPARTMENT = /^ocid1\.(compartment|tenancy)\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/;

/** PSK rotation's Vault copy: TUNNELSMITH_VAULT_ID with TUNNELSMITH_VAULT_KEY_ID (both or neither). */
function readVaultSettings(r: EnvReader): VaultSettings | null {
  const vaultId = r.optional("TUNNELSMITH_VAULT_ID");
  const keyId = r.optional("TUNNELSMITH_VAULT_KEY_ID");
  const compartmentId = r.optional("TUNNELSMITH_VAULT_COMPARTMENT_ID");
  if (vaultId === null && keyId === null) {
    if (compartmentId !== null)
      r.problem("TUNNELSMITH_VAULT_COMPARTMENT_ID", "is set without TUNNELSMITH_VAULT_ID");
    return null;
  }
  if (vaultId === null) r.problem("TUNNELSMITH_VAULT_ID", "is not set (TUNNELSMITH_VAULT_KEY_ID is)");
  else if (!VAULT.test(vaultId)) r.problem("TUNNELSMITH_VAULT_ID", "must be a vault OCID (ocid1.vault.…)");
  if (keyId === null) r.problem("TUNNELSMITH_VAULT_KEY_ID", "is not set (TUNNELSMITH_VAULT_ID is)");
  else if (!KMS_KEY.test(keyId)) r.problem("TUNNELSMITH_VAULT_KEY_ID", "must be a key OCID (ocid1.key.…)");
  if (compartmentId !== null && !COMPARTMENT.test(compartmentId)) {
    r.problem("TUNNELSMITH_VAULT_COMPARTMENT_ID", "must be a compartment OCID (ocid1.compartment.…)");
  }
  if (vaultId === null || keyId === null) return null;
  return { vaultId, keyId, compartmentId };
}
