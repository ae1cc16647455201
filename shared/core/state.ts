import { z } from "zod";
import { agentSectionSchema } from "../bundle/agent-state.ts";
import type { Logger } from "../logger.ts";
import type { ConfigStore, ConnectionState } from "../ports.ts";
import { connectionPrefix, objectNameFor } from "./object-names.ts";
import { watchField } from "./watch/state-schema.ts";

/**
 * `state.json` as the core reads it back. Validated because it lives in a bucket people can edit; a document
 * that does not validate is treated as absent (its etag is kept, so it is replaced with If-Match, not raced).
 */
const fileRecord = z.object({
  vendor: z.string(),
  name: z.string(),
  objectName: z.string(),
  contentHash: z.string(),
  pskFingerprint: z.string().nullable().default(null),
  linkId: z.string(),
  linkExpiresAt: z.string(),
});

const tunnelRecord = z.object({
  id: z.string(),
  oracleIp: z.string(),
  status: z.string().nullable(),
  lifecycleState: z.string().nullable(),
  bgpState: z.string().nullable(),
});

/** The `rotation` section (PSK rotation, shared/core/rotation): per-tunnel rotation times and fingerprints. */
const rotationRecord = z.object({
  tunnels: z
    .record(
      z.string(),
      z.object({
        rotatedAt: z.string(),
        pskFingerprint: z.string().nullable().default(null),
        forced: z.boolean().default(false),
        previousPskFingerprint: z.string().nullable().default(null),
      }),
    )
    .default({}),
  inProgress: z
    .object({
      tunnelId: z.string(),
      startedAt: z.string(),
      pskFingerprint: z.string().nullable().default(null),
      forced: z.boolean().default(false),
      phase: z.enum(["updating", "rendering"]),
      invocationId: z.string(),
      previousPskFingerprint: z.string().nullable().default(null),
    })
    .nullable()
    .default(null),
});

export const stateSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  connectionId: z.string(),
  cpeId: z.string().nullable().default(null),
  status: z.enum(["rendered", "pending", "new"]).default("rendered"),
  announced: z.boolean().default(true),
  lastEventId: z.string().nullable().default(null),
  lastEventType: z.string().nullable().default(null),
  handledAt: z.string().nullable().default(null),
  renderedAt: z.string().nullable().default(null),
  pendingReason: z.string().nullable().default(null),
  files: z.array(fileRecord).default([]),
  revokeLater: z.array(z.string()).default([]),
  tunnels: z.array(tunnelRecord).default([]),
  lease: z.object({ holder: z.string(), expiresAt: z.string() }).nullable().default(null),
  watch: watchField,
  rotation: rotationRecord.optional(),
  linkGeneration: z.string().nullable().default(null),
  announcement: z
    .object({
      key: z.string(),
      messageId: z.string().nullable(),
      outcome: z.enum(["sent", "unknown"]),
      at: z.string(),
    })
    .nullable()
    .default(null),
  agent: agentSectionSchema.optional(),
}) satisfies z.ZodType<ConnectionState, unknown>;

/** A fresh state for a connection tunnelsmith has not handled before. */
export function newState(connectionId: string): ConnectionState {
  return stateSchema.parse({ connectionId, status: "new", announced: false });
}

/** The connection's state (parsed) and its version token; `state` is null when none exists or it is invalid. */
export interface CurrentState {
  state: ConnectionState | null;
  etag: string | null;
}

/** Reads and validates `state.json`. */
export async function readState(
  store: ConfigStore,
  connectionId: string,
  logger: Logger,
): Promise<CurrentState> {
  const current = await store.getState(connectionId);
  if (current === null) return { state: null, etag: null };
  const parsed = stateSchema.safeParse(current.state);
  if (parsed.success && parsed.data.connectionId === connectionId)
    return { state: confined(parsed.data, logger), etag: current.etag };
  logger.warn("state.json is not valid; treating the connection as new", {
    issues: parsed.success ? ["connectionId does not match"] : parsed.error.issues.map((i) => i.message),
  });
  return { state: null, etag: current.etag };
}

/** True when `eventId` was already handled to completion (a pending connection is retried on redelivery). */
export function alreadyHandled(state: ConnectionState | null, eventId: string): boolean {
  return state !== null && state.lastEventId === eventId && state.status === "rendered";
}

/**
 * Drops file records that name an object outside the connection's own prefix (or not at the place their vendor
 * and name say): a tampered `state.json` must not make us overwrite or delete another connection's PSK file.
 * Link ids are opaque, so they are confined where they are used: only links listed under the connection's prefix
 * are ever revoked (see links.ts).
 */
function confined(state: ConnectionState, logger: Logger): ConnectionState {
  const prefix = connectionPrefix(state.connectionId);
  const own = state.files.filter(
    (f) =>
      f.objectName.startsWith(prefix) &&
      !f.objectName.includes("..") &&
      f.objectName === objectNameFor(state.connectionId, f.vendor, f.name),
  );
  if (own.length === state.files.length) return state;
  logger.error("state.json names objects outside this connection's folder; ignoring them (was it edited?)", {
    ignored: state.files.filter((f) => !own.includes(f)).map((f) => f.objectName),
  });
  // The links of those records are not kept either: the next render creates its own.
  return { ...state, files: own, announced: false };
}
