import type { Logger } from "./logger.ts";
import type { SlotCandidate } from "./model/slots.ts";
import type { RenderedFile } from "./render/types.ts";
import type { Snapshot } from "./snapshot/schema.ts";

/**
 * The ports: the side effects the core needs, as small interfaces. Each has a local implementation
 * (`shared/adapters/local/`) and an OCI one, and the handler does not know which it got.
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
  /** The connection does not exist (any more). */
  | { status: "gone" };

/** Reads IPSec connections, their tunnels, PSKs and CPE. */
export interface NetworkReader {
  readConnection(connectionId: string): Promise<ConnectionRead>;
}

/** A file stored for a connection. */
export interface StoredFile {
  vendor: string;
  name: string;
  /** Object name in the store, e.g. `connections/<ocid>/libreswan/oci-ipsec.conf`. */
  objectName: string;
  /** SHA-256 of the content, hex. */
  contentHash: string;
  secret: boolean;
}

/** A time-limited download link for one stored file. */
export interface DownloadLink {
  /** Link id (a PAR id in OCI); used to revoke it. */
  id: string;
  /** The URL. For OCI it embeds a bearer token: never log it. */
  url: string;
  expiresAt: Date;
}

/** Per-connection bookkeeping (`state.json`); never contains a secret. */
export interface ConnectionState {
  connectionId: string;
  /** The last event handled, so a redelivered event is recognised. */
  lastEventId: string | null;
  renderedAt: string | null;
  files: {
    vendor: string;
    name: string;
    objectName: string;
    contentHash: string;
    linkId: string;
    linkExpiresAt: string;
  }[];
}

/** A state document with the version token to write it back with (If-Match). */
export interface VersionedState {
  state: ConnectionState;
  etag: string;
}

/** Stores rendered files and hands out links to them. */
export interface ConfigStore {
  putFile(connectionId: string, file: RenderedFile): Promise<StoredFile>;
  createLink(file: StoredFile, expiresAt: Date): Promise<DownloadLink>;
  getState(connectionId: string): Promise<VersionedState | null>;
  /**
   * Writes the state only if it is still at `ifMatch` (null: only if none exists); throws a ConflictError
   * otherwise, so two invocations for one connection cannot lose an update.
   */
  putState(connectionId: string, state: ConnectionState, ifMatch: string | null): Promise<string>;
}

/** A message for people (e-mail, Slack, PagerDuty through a Notifications topic). */
export interface Notification {
  title: string;
  body: string;
}

/** Publishes notifications. */
export interface Notifier {
  publish(message: Notification): Promise<{ messageId: string }>;
}

/** Time, injectable for tests. */
export interface Clock {
  now(): Date;
}

/** Everything the core needs for one invocation. */
export interface Dependencies {
  network: NetworkReader;
  store: ConfigStore;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  settings: CoreSettings;
}

/** Behaviour settings from configuration (see `shared/config/settings.ts`). */
export interface CoreSettings {
  /** How long download links stay valid. */
  linkTtlSeconds: number;
  /** Event types that mean "render this connection" (OCI's strings are unconfirmed: configurable). */
  renderEventTypes: readonly string[];
  /** Event types that mean "the connection was deleted". */
  deleteEventTypes: readonly string[];
}
