import type { z } from "zod";
import type { ValidationIssue } from "../errors.ts";
import { type Env, parseEnv } from "./env.ts";
import { ociFunctionEnvSchema, ociReaderEnvSchema } from "./env-schema.ts";

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
   * Client-side request budget per API family (Networking, Object Storage, Identity, Queue): the tenancy's
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

/** Reads the settings the OCI network reader needs; problems go to `issues` (then the result is null). */
export function readOciReaderSettings(env: Env, issues: ValidationIssue[]): OciReaderSettings | null {
  const parsed = parseEnv(ociReaderEnvSchema, env);
  issues.push(...parsed.issues);
  const v = parsed.data;
  if (v === null) return null;
  const auth: OciAuth = v.OCI_RESOURCE_PRINCIPAL_VERSION
    ? { kind: "resource-principal" }
    : { kind: "config-file", configFile: v.OCI_CONFIG_FILE, profile: v.OCI_CLI_PROFILE };
  const identity = v.TUNNELSMITH_ENDPOINT_IDENTITY;
  const vault = v.TUNNELSMITH_ENDPOINT_VAULT;
  return {
    auth,
    endpoints: {
      iaas: v.TUNNELSMITH_ENDPOINT_IAAS,
      objectStorage: v.TUNNELSMITH_ENDPOINT_OBJECTSTORAGE,
      notifications: v.TUNNELSMITH_ENDPOINT_NOTIFICATIONS,
      ...(identity === null ? {} : { identity }),
      ...(vault === null ? {} : { vault }),
    },
    oracleCidrs: v.TUNNELSMITH_ORACLE_CIDRS,
    retryMaxAttempts: v.TUNNELSMITH_RETRY_MAX_ATTEMPTS,
    retryMaxDelaySeconds: v.TUNNELSMITH_RETRY_MAX_DELAY_SECONDS,
    requestTimeoutSeconds: v.TUNNELSMITH_REQUEST_TIMEOUT_SECONDS,
  };
}

/** Reads the settings of the function in OCI mode (bucket and topic are required); problems go to `issues`. */
export function readOciSettings(env: Env, issues: ValidationIssue[]): OciSettings | null {
  const parsed = parseEnv(ociFunctionEnvSchema, env);
  issues.push(...parsed.issues);
  const reader = readOciReaderSettings(env, issues);
  const v = parsed.data;
  if (v === null || reader === null) return null;
  const vault = vaultSettings(v, issues);
  return {
    ...reader,
    bucket: v.TUNNELSMITH_BUCKET,
    namespace: v.TUNNELSMITH_NAMESPACE,
    topicId: v.TUNNELSMITH_TOPIC_ID,
    kmsKeyId: v.TUNNELSMITH_KMS_KEY_ID,
    notifyPerMinute: v.TUNNELSMITH_NOTIFY_PER_MINUTE,
    vault,
    alertJsonTopicId: v.TUNNELSMITH_ALERT_JSON_TOPIC_ID,
    queue: queueSettings(v, issues),
    apiBudget:
      v.TUNNELSMITH_API_BUDGET_PER_SECOND === null
        ? null
        : { perSecond: v.TUNNELSMITH_API_BUDGET_PER_SECOND, workers: v.TUNNELSMITH_API_WORKERS },
  };
}

/** TUNNELSMITH_QUEUE_ID with its optional endpoint and delivery count. */
function queueSettings(
  v: z.output<typeof ociFunctionEnvSchema>,
  issues: ValidationIssue[],
): QueueSettings | null {
  if (v.TUNNELSMITH_QUEUE_ID === null) {
    if (v.TUNNELSMITH_QUEUE_ENDPOINT !== null)
      issues.push({ path: "TUNNELSMITH_QUEUE_ENDPOINT", message: "is set without TUNNELSMITH_QUEUE_ID" });
    return null;
  }
  return {
    queueId: v.TUNNELSMITH_QUEUE_ID,
    endpoint: v.TUNNELSMITH_QUEUE_ENDPOINT,
    maxDeliveries: v.TUNNELSMITH_QUEUE_MAX_DELIVERIES,
  };
}

/** PSK rotation's Vault copy: TUNNELSMITH_VAULT_ID with TUNNELSMITH_VAULT_KEY_ID (both or neither). */
function vaultSettings(
  v: z.output<typeof ociFunctionEnvSchema>,
  issues: ValidationIssue[],
): VaultSettings | null {
  const vaultId = v.TUNNELSMITH_VAULT_ID;
  const keyId = v.TUNNELSMITH_VAULT_KEY_ID;
  const compartmentId = v.TUNNELSMITH_VAULT_COMPARTMENT_ID;
  if (vaultId === null && keyId === null) {
    if (compartmentId !== null)
      issues.push({
        path: "TUNNELSMITH_VAULT_COMPARTMENT_ID",
        message: "is set without TUNNELSMITH_VAULT_ID",
      });
    return null;
  }
  if (vaultId === null)
    issues.push({ path: "TUNNELSMITH_VAULT_ID", message: "is not set (TUNNELSMITH_VAULT_KEY_ID is)" });
  if (keyId === null)
    issues.push({ path: "TUNNELSMITH_VAULT_KEY_ID", message: "is not set (TUNNELSMITH_VAULT_ID is)" });
  if (vaultId === null || keyId === null) return null;
  return { vaultId, keyId, compartmentId };
}
