import { z } from "zod";
import type { Logger } from "../../logger.ts";
import type { Ledger } from "../queue/ports.ts";
import type { ConnectionSummary } from "./live.ts";

/**
 * Sweep shards: the connections of one sweep cut into messages of a few hundred, in the order of a rotating
 * cursor, so that connections a run could not reach are the first ones the next run checks (no connection is
 * starved by always sitting in the tail that the deadline cuts off).
 */

/** One shard as it travels on the queue: the connections as listed (saves a GetIPSecConnection each). */
export interface ShardMessage {
  kind: "sweep-shard";
  version: 1;
  sweepId: string;
  compartmentId: string;
  /** 1-based position and count, for logs and the dead-letter alert. */
  shard: number;
  shards: number;
  connections: ConnectionSummary[];
}

/**
 * Bytes of one shard message at most. OCI Queue's message size limit is not in oci-facts.md (unconfirmed; the
 * docs' figure is larger): staying far under it costs nothing but a few more messages.
 */
export const MAX_SHARD_BYTES = 100_000;

/** Cuts the connections into shards of at most `size` connections and {@link MAX_SHARD_BYTES}. */
export function cutShards(
  connections: readonly ConnectionSummary[],
  size: number,
  maxBytes = MAX_SHARD_BYTES,
): ConnectionSummary[][] {
  const shards: ConnectionSummary[][] = [];
  let current: ConnectionSummary[] = [];
  let bytes = 0;
  for (const c of connections) {
    const b = Buffer.byteLength(JSON.stringify(c), "utf8") + 1;
    if (current.length > 0 && (current.length >= size || bytes + b > maxBytes)) {
      shards.push(current);
      current = [];
      bytes = 0;
    }
    current.push(c);
    bytes += b;
  }
  if (current.length > 0) shards.push(current);
  return shards;
}

/** The connections in id order, starting at the first id at or after `cursor` (wrapping round). */
export function rotate<T extends { id: string }>(connections: readonly T[], cursor: string | null): T[] {
  const sorted = [...connections].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (cursor === null) return sorted;
  const at = sorted.findIndex((c) => c.id >= cursor);
  return at <= 0 ? sorted : [...sorted.slice(at), ...sorted.slice(0, at)];
}

const cursorDoc = z.object({ next: z.string().nullable(), at: z.string() });
const cursorName = (compartmentId: string) => `sweep-cursor/${compartmentId}`;

/** The sweep cursor as read at the start of a run: where to start, and the version to write the next one over. */
export interface CursorRead {
  next: string | null;
  /** Null: no cursor document exists (or it could not be read: the write then only creates one). */
  etag: string | null;
}

/** Where the last run of this compartment's sweep stopped (`next` null: it finished, or no cursor is kept). */
export async function readCursor(ledger: Ledger, compartmentId: string, logger: Logger): Promise<CursorRead> {
  try {
    const entry = await ledger.read(cursorName(compartmentId));
    const doc = cursorDoc.safeParse(entry?.value);
    return { next: doc.success ? doc.data.next : null, etag: entry?.etag ?? null };
  } catch (error) {
    logger.warn("could not read the sweep cursor; starting at the first connection", { error });
    return { next: null, etag: null };
  }
}

/**
 * Records where the next run starts: the first connection this run could not check, or null when it checked
 * them all. Written over the version read at the start (`read`), without reading it again; unchanged: no write.
 * A sweep of the same compartment that wrote in between wins (its If-Match fails here; the two agree closely
 * enough); a failure is logged.
 */
export async function writeCursor(
  ledger: Ledger,
  compartmentId: string,
  read: CursorRead,
  next: string | null,
  now: Date,
  logger: Logger,
): Promise<void> {
  if (read.next === next) return;
  try {
    await ledger.write(cursorName(compartmentId), { next, at: now.toISOString() }, read.etag);
  } catch (error) {
    logger.warn("could not record the sweep cursor; the next sweep starts at the first connection", {
      error,
    });
  }
}

const summary = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  compartmentId: z.string(),
  cpeId: z.string().nullable(),
  lifecycleState: z.string().nullable(),
  staticRoutes: z.array(z.string()),
});
const shardSchema = z.object({
  kind: z.literal("sweep-shard"),
  version: z.literal(1),
  sweepId: z.string(),
  compartmentId: z.string(),
  shard: z.number().int().min(1),
  shards: z.number().int().min(1),
  connections: z.array(summary),
});

/** A shard message read back, or null when the content is not one. */
export function parseShard(content: string): ShardMessage | null {
  try {
    const parsed = shardSchema.safeParse(JSON.parse(content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
