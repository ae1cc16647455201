import { z } from "zod";
import { agentSectionSchema } from "../bundle/agent-state.ts";
import { watchField } from "../core/watch/state-schema.ts";

/**
 * `state.json`: its zod schema and the types derived from it, so the document the core writes and the one it
 * reads back cannot drift apart. Validated on read because it lives in a bucket people can edit; a document
 * that does not validate is treated as absent (see `core/state.ts`). Never contains a secret.
 */

/** One file as recorded in `state.json`. */
const fileRecord = z.object({
  vendor: z.string(),
  name: z.string(),
  objectName: z.string(),
  contentHash: z.string(),
  pskFingerprint: z.string().nullable().default(null),
  linkId: z.string(),
  linkExpiresAt: z.string(),
});

/** A tunnel's state when the connection was last read (input for alerting; no secrets). */
const tunnelRecord = z.object({
  id: z.string(),
  oracleIp: z.string(),
  status: z.string().nullable(),
  lifecycleState: z.string().nullable(),
  bgpState: z.string().nullable(),
});

/** When tunnelsmith last set a tunnel's PSK. Never the key itself: a keyed fingerprint of it. */
const tunnelRotation = z.object({
  /** ISO time the key was set in OCI. */
  rotatedAt: z.string(),
  /** HMAC fingerprint of the key (see `core/fingerprint.ts`); null without TUNNELSMITH_PSK_FINGERPRINT_KEY. */
  pskFingerprint: z.string().nullable().default(null),
  /** True when `--force` overrode a safety check. */
  forced: z.boolean().default(false),
  /**
   * Fingerprint of the key this rotation replaced: a live key matching it means the rotation was reverted (a
   * `terraform apply` of the tunnel's shared secret, typically). Null when unknown.
   */
  previousPskFingerprint: z.string().nullable().default(null),
});

/** A rotation that was started: what the next run needs to finish it (no secret). */
const rotationInProgress = z.object({
  tunnelId: z.string(),
  startedAt: z.string(),
  /** Fingerprint of the key being set: tells a later run whether OCI took it. */
  pskFingerprint: z.string().nullable().default(null),
  forced: z.boolean().default(false),
  /** `updating`: OCI may not have the key yet; `rendering`: OCI has it, the configs are not stored/announced yet. */
  phase: z.enum(["updating", "rendering"]),
  invocationId: z.string(),
  /** Fingerprint of the key being replaced (see {@link TunnelRotation}). */
  previousPskFingerprint: z.string().nullable().default(null),
});

/** The `rotation` section (PSK rotation, shared/core/rotation): per-tunnel rotation times and fingerprints. */
const rotationRecord = z.object({
  /** Per tunnel id. */
  tunnels: z.record(z.string(), tunnelRotation).default({}),
  inProgress: rotationInProgress.nullable().default(null),
});

/** A "configs ready" message as recorded in `state.json` (no URL: only which links it announced). */
const announcementRecord = z.object({
  /** SHA-256 over the announced link ids: the dedupe key. */
  key: z.string(),
  /** The topic's message id; null when the publish answered in a way that leaves it unknown. */
  messageId: z.string().nullable(),
  /** `unknown`: the publish may have been delivered (a 5xx or timeout after sending); it is not sent again. */
  outcome: z.enum(["sent", "unknown"]),
  at: z.string(),
});

/**
 * Per-connection bookkeeping (`state.json`). It doubles as a lease: an invocation writes `lease` (with
 * If-Match/If-None-Match) before it touches the connection's files, so two invocations for one connection run
 * one after the other instead of overwriting each other's work.
 */
export const stateSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  connectionId: z.string(),
  cpeId: z.string().nullable().default(null),
  /** `rendered`: files and links below are current; `pending`: waiting for the connection to be provisioned. */
  status: z.enum(["rendered", "pending", "new"]).default("rendered"),
  /** False when the files' links were created but the notification announcing them was not sent. */
  announced: z.boolean().default(true),
  /** The last event handled, so a redelivered event is recognised. */
  lastEventId: z.string().nullable().default(null),
  lastEventType: z.string().nullable().default(null),
  handledAt: z.string().nullable().default(null),
  renderedAt: z.string().nullable().default(null),
  pendingReason: z.string().nullable().default(null),
  files: z.array(fileRecord).default([]),
  /** Link ids whose revocation failed; retried by the next invocation for this connection. */
  revokeLater: z.array(z.string()).default([]),
  tunnels: z.array(tunnelRecord).default([]),
  lease: z.object({ holder: z.string(), expiresAt: z.string() }).nullable().default(null),
  /** Tunnel watch bookkeeping (see `shared/core/watch/`): last seen tunnel states, alerts sent, drift baseline. */
  watch: watchField,
  /** PSK rotation bookkeeping (see `shared/core/rotation/`); absent until a connection's key was first rotated. */
  rotation: rotationRecord.optional(),
  /**
   * `TUNNELSMITH_LINK_GENERATION` when the links in `files` were created (null: none set). Links die with their
   * creator's permissions, so a new generation (setup changed the dynamic group) means new links.
   */
  linkGeneration: z.string().nullable().default(null),
  /** The last "configs ready" message, so a redelivery does not announce the same links twice. */
  announcement: announcementRecord.nullable().default(null),
  /** The CPE agent's links, pinned key and reports (shared/bundle/agent-state.ts); absent without an agent. */
  agent: agentSectionSchema.optional(),
});

/** Per-connection bookkeeping as `state.json` holds it once read (see {@link stateSchema}). */
export type ConnectionState = z.output<typeof stateSchema>;
/** One file as recorded in `state.json`. */
export type FileRecord = z.output<typeof fileRecord>;
/** A tunnel's state when the connection was last read. */
export type TunnelRecord = z.output<typeof tunnelRecord>;
/** A "configs ready" message as recorded in `state.json`. */
export type AnnouncementRecord = z.output<typeof announcementRecord>;
/** When tunnelsmith last set a tunnel's PSK (a keyed fingerprint, never the key). */
export type TunnelRotation = z.output<typeof tunnelRotation>;
/** A rotation that was started: what the next run needs to finish it. */
export type RotationInProgress = z.output<typeof rotationInProgress>;
/** The `rotation` section of `state.json`. */
export type RotationRecord = z.output<typeof rotationRecord>;
/** The `rotation` section as a document may hold it (fields with a default may be missing, e.g. older writers). */
export type StoredRotationRecord = z.input<typeof rotationRecord>;
