import type { AgentSettings } from "../bundle/settings.ts";
import type { ScalePorts } from "../core/queue/ports.ts";
import type { WatchSettings } from "../core/watch/settings.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "./clock.ts";
import type { Notifier } from "./notify.ts";
import type { ConnectionReader } from "./reader.ts";
import type { KeyArchive, SecretRotator } from "./rotation.ts";
import type { ConfigStore } from "./store.ts";

/** Everything the core needs for one invocation. */
export interface Dependencies {
  /** The one reader port: connections, tunnels, PSKs, CPE, compartment listings (render, watch, rotation). */
  network: ConnectionReader;
  store: ConfigStore;
  notifier: Notifier;
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
  /** TUNNELSMITH_AGENT*: the CPE agent's bundle, links and reports (shared/bundle/settings.ts). Absent: off. */
  agent?: AgentSettings;
}
