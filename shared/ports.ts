import type { ScalePorts } from "./core/queue/ports.ts";
import type { TunnelReader } from "./core/watch/live.ts";
import type { WatchSettings } from "./core/watch/settings.ts";
import type { WatchSection } from "./core/watch/types.ts";
import type { Logger } from "./logger.ts";
import type { SlotCandidate } from "./model/slots.ts";
import type { RenderedFile } from "./render/types.ts";
import type { Snapshot } from "./snapshot/schema.ts";

/**
 * The ports: the side effects the core needs, as small interfaces. Each has a local implementation
 * (`shared/adapters/local/`) and an OCI one (`shared/adapters/oci/`), and the core does not know which it got.
 */

/** What the network reader found for a connection. */
export type ConnectionRead =
  | {
      status: "ready";
      snapshot: Snapshot;
      /** Every connection on the same CPE (including this one), for interface/mark allocation. */
      siblings: SlotCandidate[];
    }
  /** The connection exists but cannot be rendered yet (e.g. PROVISIONING, tunnels without vpnIp). */
  | { status: "pending"; reason: string }
  /** The connection does not exist (any more), or is TERMINATING/TERMINATED. */
  | { status: "gone"; reason: string };

export interface ReadOptions {
  /**
   * Wait (with backoff, inside the invocation's deadline) while the connection is still provisioning. False for
   * callers that only need to know whether it exists (deletion) or that should not block (the CLI).
   */
  waitForProvisioning?: boolean;
}

/** Reads IPSec connections, their tunnels, PSKs and CPE. */
export interface NetworkReader {
  readConnection(connectionId: string, options?: ReadOptions): Promise<ConnectionRead>;
  /**
   * Ids of the connections that terminate on a CPE (not TERMINATING/TERMINATED). `compartmentId` is where the
   * event says the CPE lives; readers that cannot search everywhere search there.
   */
  listConnectionsOfCpe(cpeId: string, compartmentId: string | null): Promise<string[]>;
  /**
   * Oracle's own CPE configuration for the connection (the Console's "CPE configuration helper" text, PSKs
   * included), or null when the provider has none (no device shape on the CPE, or a reader without OCI).
   */
  readOracleCpeConfig(connectionId: string): Promise<string | null>;
}

/** Metadata stored with a file, so later runs can compare without reading contents. */
export interface FileMetadata {
  /** SHA-256 of the content, hex. */
  contentHash: string;
  /** Keyed hash (HMAC) of the PSKs the file carries, or null when it carries none. Never the PSK itself. */
  pskFingerprint: string | null;
}

/** A file stored for a connection. */
export interface StoredFile extends FileMetadata {
  vendor: string;
  name: string;
  /** Object name in the store, e.g. `connections/<ocid>/libreswan/oci-ipsec.conf`. */
  objectName: string;
  secret: boolean;
}

/** A time-limited download link for one stored file. */
export interface DownloadLink {
  /** Link id (a PAR id in OCI); used to revoke it. Not a credential. */
  id: string;
  /** The URL. For OCI it embeds a bearer token: never log it. */
  url: string;
  expiresAt: Date;
}

/** One file as recorded in `state.json`. */
export interface FileRecord {
  vendor: string;
  name: string;
  objectName: string;
  contentHash: string;
  pskFingerprint: string | null;
  linkId: string;
  linkExpiresAt: string;
}

/** A tunnel's state when the connection was last read (input for alerting; no secrets). */
export interface TunnelRecord {
  id: string;
  oracleIp: string;
  status: string | null;
  lifecycleState: string | null;
  bgpState: string | null;
}

/**
 * Per-connection bookkeeping (`state.json`); never contains a secret. It doubles as a lease: an invocation
 * writes `lease` (with If-Match/If-None-Match) before it touches the connection's files, so two invocations for
 * one connection run one after the other instead of overwriting each other's work.
 */
export interface ConnectionState {
  schemaVersion: 1;
  connectionId: string;
  cpeId: string | null;
  /** `rendered`: files and links below are current; `pending`: waiting for the connection to be provisioned. */
  status: "rendered" | "pending" | "new";
  /** False when the files' links were created but the notification announcing them was not sent. */
  announced: boolean;
  /** The last event handled, so a redelivered event is recognised. */
  lastEventId: string | null;
  lastEventType: string | null;
  handledAt: string | null;
  renderedAt: string | null;
  pendingReason: string | null;
  files: FileRecord[];
  /** Link ids whose revocation failed; retried by the next invocation for this connection. */
  revokeLater: string[];
  tunnels: TunnelRecord[];
  lease: { holder: string; expiresAt: string } | null;
  /** Tunnel watch bookkeeping (see `shared/core/watch/`): last seen tunnel states, alerts sent, drift baseline. */
  watch?: WatchSection | null;
  /** PSK rotation bookkeeping (see `shared/core/rotation/`); absent until a connection's key was first rotated. */
  rotation?: RotationRecord;
  /**
   * `TUNNELSMITH_LINK_GENERATION` when the links in `files` were created (null: none set). Links die with their
   * creator's permissions, so a new generation (setup changed the dynamic group) means new links.
   */
  linkGeneration?: string | null;
  /** The last "configs ready" message, so a redelivery does not announce the same links twice. */
  announcement?: AnnouncementRecord | null;
}

/** A "configs ready" message as recorded in `state.json` (no URL: only which links it announced). */
export interface AnnouncementRecord {
  /** SHA-256 over the announced link ids: the dedupe key. */
  key: string;
  /** The topic's message id; null when the publish answered in a way that leaves it unknown. */
  messageId: string | null;
  /** `unknown`: the publish may have been delivered (a 5xx or timeout after sending); it is not sent again. */
  outcome: "sent" | "unknown";
  at: string;
}

/** When tunnelsmith last set a tunnel's PSK. Never the key itself: a keyed fingerprint of it. */
export interface TunnelRotation {
  /** ISO time the key was set in OCI. */
  rotatedAt: string;
  /** HMAC fingerprint of the key (see `core/fingerprint.ts`); null without TUNNELSMITH_PSK_FINGERPRINT_KEY. */
  pskFingerprint: string | null;
  /** True when `--force` overrode a safety check. */
  forced: boolean;
  /**
   * Fingerprint of the key this rotation replaced: a live key matching it means the rotation was reverted (a
   * `terraform apply` of the tunnel's shared secret, typically). Null when unknown.
   */
  previousPskFingerprint?: string | null;
}

/** A rotation that was started: what the next run needs to finish it (no secret). */
export interface RotationInProgress {
  tunnelId: string;
  startedAt: string;
  /** Fingerprint of the key being set: tells a later run whether OCI took it. */
  pskFingerprint: string | null;
  forced: boolean;
  /** `updating`: OCI may not have the key yet; `rendering`: OCI has it, the configs are not stored/announced yet. */
  phase: "updating" | "rendering";
  invocationId: string;
  /** Fingerprint of the key being replaced (see {@link TunnelRotation.previousPskFingerprint}). */
  previousPskFingerprint?: string | null;
}

/** The `rotation` section of `state.json`. */
export interface RotationRecord {
  /** Per tunnel id. */
  tunnels: Record<string, TunnelRotation>;
  inProgress: RotationInProgress | null;
}

/** A state document with the version token to write it back with (If-Match). */
export interface VersionedState {
  state: ConnectionState;
  etag: string;
}

/** Stores rendered files and hands out links to them. */
export interface ConfigStore {
  putFile(connectionId: string, file: RenderedFile, meta: FileMetadata): Promise<StoredFile>;
  createLink(file: StoredFile, expiresAt: Date): Promise<DownloadLink>;
  /** Revokes a link; revoking one that no longer exists is not an error. */
  revokeLink(linkId: string): Promise<void>;
  /** Links that point into the connection's folder (found by listing, so nothing is missed if state is lost). */
  listLinks(connectionId: string): Promise<{ id: string; objectName: string }[]>;
  /** Object names stored for the connection, excluding `state.json`. */
  listFiles(connectionId: string): Promise<string[]>;
  /** Deletes one object; deleting one that does not exist is not an error. */
  deleteFile(objectName: string): Promise<void>;
  /** The state, or null when none exists. `state` is the raw JSON value: the core validates it. */
  getState(connectionId: string): Promise<{ state: unknown; etag: string } | null>;
  /**
   * Writes the state only if it is still at `ifMatch` (null: only if none exists); throws a ConflictError
   * otherwise, so two invocations for one connection cannot lose an update. Returns the new version token.
   */
  putState(connectionId: string, state: ConnectionState, ifMatch: string | null): Promise<string>;
  /** Deletes the state if it is still at `ifMatch`; ConflictError otherwise. */
  deleteState(connectionId: string, ifMatch: string): Promise<void>;
}

/** A message for people (e-mail, Slack, PagerDuty through a Notifications topic). */
export interface Notification {
  title: string;
  body: string;
}

/** Changes a tunnel's PSK at the provider (PSK rotation), and reads what rotation needs to check afterwards. */
export interface SecretRotator {
  /** How long after a change the provider may still report the tunnel as it was (OCI: seconds; local: 0). */
  readonly settleMs: number;
  /** Sets the tunnel's PSK. The tunnel goes down while the provider reprovisions it. */
  setSharedSecret(connectionId: string, tunnelId: string, secret: string): Promise<void>;
  /** The tunnel's PSK now, or null when the tunnel no longer exists. */
  sharedSecret(connectionId: string, tunnelId: string): Promise<string | null>;
  /** The tunnel's lifecycle state now (`AVAILABLE` once reprovisioned), or null when it no longer exists. */
  tunnelLifecycle(connectionId: string, tunnelId: string): Promise<string | null>;
  /** Ids of the IPSec connections in a compartment (not TERMINATING/TERMINATED), for scheduled rotation. */
  listConnections(compartmentId: string): Promise<string[]>;
}

/** Keeps a copy of each new PSK in a vault, for teams that keep keys there (optional). */
export interface KeyArchive {
  /**
   * Stores `secret` as the newest version of the tunnel's secret (created on first use). Returns the secret's
   * id and version number: where it went, not what it is.
   */
  store(
    tunnel: { connectionId: string; compartmentId: string; tunnelId: string },
    secret: string,
  ): Promise<{ secretId: string; version: number | null }>;
}

/** Publishes notifications. */
export interface Notifier {
  publish(message: Notification): Promise<{ messageId: string }>;
}

/** Time, injectable for tests. */
export interface Clock {
  now(): Date;
  /** Waits `ms` milliseconds (tests advance a fake clock instead). */
  sleep(ms: number): Promise<void>;
}

/** Everything the core needs for one invocation. */
export interface Dependencies {
  network: NetworkReader;
  store: ConfigStore;
  notifier: Notifier;
  /** Live tunnel state and connection listing, for the tunnel watch (shared/core/watch); both factories set it. */
  tunnels?: TunnelReader;
  /** Where the JSON variant of tunnel alerts goes (HTTPS subscribers), or null when not configured. */
  alertJsonNotifier?: Notifier | null;
  /** Work queue and ledger for the sharded sweep and the fleet's alert budget (core/queue); absent: not used. */
  scale?: ScalePorts | null;
  /** PSK rotation's side effects (shared/core/rotation). */
  rotator: SecretRotator;
  /** Where rotation also stores new keys (TUNNELSMITH_VAULT_ID); absent or null: nowhere. */
  keyArchive?: KeyArchive | null;
  clock: Clock;
  logger: Logger;
  settings: CoreSettings;
  /** When this invocation must have answered (Fn's deadline); waits and retries stop before it. */
  deadline: Date;
  /** Who is working (the Fn call id): recorded as the lease holder in `state.json`. */
  invocationId: string;
}

/** One function invocation, as the handler sees it. */
export interface Invocation {
  callId: string;
  deadline: Date;
  logger: Logger;
}

/**
 * Builds each invocation's dependencies. Adapters are created once per container (SDK clients, auth); what varies
 * per call is the logger (with the call id), the deadline (OCI adapters bound their SDK retries and waits by it)
 * and the invocation id.
 */
export interface DependencyFactory {
  /** The container's logger; each invocation logs through a child carrying its call id. */
  logger: Logger;
  clock: Clock;
  settings: CoreSettings;
  forInvocation(invocation: Invocation): Dependencies;
}

/** Behaviour settings from configuration (see `shared/config/settings.ts`). */
export interface CoreSettings {
  /** How long download links stay valid. */
  linkTtlSeconds: number;
  /** Event types that mean "render this connection" (OCI's strings are unconfirmed: configurable). */
  renderEventTypes: readonly string[];
  /** Event types that mean "the connection was deleted". */
  deleteEventTypes: readonly string[];
  /** Event types that mean "a CPE changed": every connection on it is rendered again. */
  cpeEventTypes: readonly string[];
  /** Vendors rendered when a connection's site facts name none. */
  defaultVendors: readonly string[];
  /** Whether Oracle's own CPE configuration (vendor `oci-helper`) is stored when the CPE has a device shape. */
  oracleHelper: "auto" | "off";
  /** Key for the PSK fingerprints stored with files (HMAC-SHA256); null: fingerprints are not recorded. */
  pskFingerprintKey: string | null;
  /** Deadline used when the caller gives none (the CLI, a local run). */
  defaultTimeoutSeconds: number;
  /** Tunnel watch: flap hold time, digest threshold, concurrency (defaults when absent). */
  watch?: WatchSettings;
  /** Length of the PSKs rotation generates (TUNNELSMITH_PSK_LENGTH, 16–64). */
  pskLength: number;
  /** TUNNELSMITH_LINK_GENERATION: links recorded under another generation are created again. Null/absent: none. */
  linkGeneration?: string | null;
  /** TUNNELSMITH_NOTIFY_LINKS: false sends only object names in notifications, no download URLs. Default true. */
  notifyLinks?: boolean;
}
