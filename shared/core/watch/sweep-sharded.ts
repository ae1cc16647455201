import { ConfigError } from "../../errors.ts";
import type { Dependencies } from "../../ports.ts";
import type { WatchQueues } from "../queue/ports.ts";
import { tunnelReaderOf } from "./live.ts";
import { watchSettingsOf } from "./settings.ts";
import { type ShardWork, workShards } from "./shard-worker.ts";
import { cutShards, rotate, type ShardMessage } from "./shards.ts";

/** What the sweep action asks for (sweep.ts validates it). */
export interface SweepScope {
  compartmentId: string;
  includeSubcompartments: boolean;
}

/** The response to a sweep that fanned out on the queue. */
export interface ShardedSweepOutcome {
  outcome: "sweep-sharded";
  sweepId: string;
  compartmentId: string;
  includeSubcompartments: boolean;
  compartments: number;
  connections: number;
  /** Shards put on the queue. */
  shards: number;
  /** What this invocation then checked itself, as one of the workers. */
  work: ShardWork;
}

/** The response to `{"action": "sweep-shard"}`: one worker's run. */
export interface ShardWorkOutcome extends ShardWork {
  outcome: "shards-worked";
}

/**
 * The sweep's coordinator when a queue is configured: lists the connections (the only per-sweep work that grows
 * with the fleet: one list call per compartment and page), puts them on the queue as shards, and then works
 * shards itself until its deadline like any other worker. More workers (`{"action": "sweep-shard"}`, from
 * schedules of their own) share the queue; each shard is leased by one of them at a time.
 */
export async function handleShardedSweep(
  action: SweepScope,
  queue: WatchQueues,
  deps: Dependencies,
): Promise<ShardedSweepOutcome> {
  const sweepId = `${deps.clock.now().toISOString()}-${deps.invocationId}`;
  const logger = deps.logger.child({ action: "sweep", compartmentId: action.compartmentId, sweepId });
  const scoped = { ...deps, logger };
  const { connections, compartments } = await tunnelReaderOf(deps).listConnections(
    action.compartmentId,
    action.includeSubcompartments,
  );
  const shards = cutShards(rotate(connections, null), watchSettingsOf(deps).shardSize);
  const messages = shards.map(
    (list, i): ShardMessage => ({
      kind: "sweep-shard",
      version: 1,
      sweepId,
      compartmentId: action.compartmentId,
      shard: i + 1,
      shards: shards.length,
      connections: list,
    }),
  );
  await queue.shards.put(messages.map((m) => JSON.stringify(m)));
  logger.info("sweep shards queued", {
    connections: connections.length,
    compartments,
    shards: shards.length,
  });
  const work = await workShards(queue, scoped);
  logger.info("sweep coordinator finished its share", { ...work, failed: work.failed.length });
  return {
    outcome: "sweep-sharded",
    sweepId,
    compartmentId: action.compartmentId,
    includeSubcompartments: action.includeSubcompartments,
    compartments,
    connections: connections.length,
    shards: shards.length,
    work,
  };
}

/** `{"action": "sweep-shard"}`: works shards from the queue until the deadline. */
export async function handleShardWork(deps: Dependencies): Promise<ShardWorkOutcome> {
  const queue = deps.scale?.queue;
  if (!queue) {
    throw new ConfigError([
      { path: "TUNNELSMITH_QUEUE_ID", message: "is not set: sweep-shard needs the work queue (docs/oci.md)" },
    ]);
  }
  const logger = deps.logger.child({ action: "sweep-shard" });
  const work = await workShards(queue, { ...deps, logger });
  logger.info("sweep worker finished", { ...work, failed: work.failed.length });
  return { outcome: "shards-worked", ...work };
}
