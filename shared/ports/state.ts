import type { WatchSection } from "../core/watch/types.ts";

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
