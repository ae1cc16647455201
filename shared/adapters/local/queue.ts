import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { GetOptions, QueueMessage, WorkQueue } from "../../core/queue/ports.ts";
import type { Clock } from "../../ports.ts";

interface Stored {
  id: string;
  content: string;
  deliveryCount: number;
  /** Epoch ms from which the message can be handed out. */
  visibleAt: number;
  receipt: string | null;
}

/** An in-process queue with channels, as OCI Queue behaves: leases, redelivery, a dead-letter queue per channel. */
export interface LocalQueue {
  channel(name: string): WorkQueue;
  /** Contents dead-lettered from a channel, oldest first. */
  deadLetters(name: string): string[];
  /** Messages of a channel not yet deleted (visible or leased). */
  pending(name: string): number;
}

/**
 * The local stand-in for OCI Queue (and what tests of the core run on). A message leased and neither deleted nor
 * released before its lease ends is handed out again (a `file` keeps it across processes, for the CLI); a message that would be handed out for the
 * `maxDeliveries + 1`-th time moves to the channel's dead-letter list instead. Lease times follow the injected
 * clock, so a test advances time instead of waiting.
 */
export function createLocalQueue(clock: Clock, maxDeliveries = 5, file: string | null = null): LocalQueue {
  const channels = new Map<string, Stored[]>();
  const dead = new Map<string, string[]>();
  let seq = 0;
  // With a file, the queue outlives the process (each CLI command is one): read once, written after each change.
  if (file !== null) {
    try {
      const saved = JSON.parse(readFileSync(file, "utf8")) as {
        seq: number;
        channels: [string, Stored[]][];
        dead: [string, string[]][];
      };
      seq = saved.seq;
      for (const [k, v] of saved.channels) channels.set(k, v);
      for (const [k, v] of saved.dead) dead.set(k, v);
    } catch {
      // no queue yet (or an unreadable one): start empty
    }
  }
  const save = () => {
    if (file === null) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ seq, channels: [...channels], dead: [...dead] }));
  };
  const of = (name: string) => {
    let list = channels.get(name);
    if (!list) {
      list = [];
      channels.set(name, list);
    }
    return list;
  };
  const byReceipt = (name: string, receipt: string): Stored => {
    const m = of(name).find((s) => s.receipt === receipt);
    // OCI answers an expired or unknown receipt with 404: the lease is lost, the message may be someone else's.
    if (!m) throw new Error(`queue ${name}: receipt is not (or no longer) valid`);
    return m;
  };

  const channel = (name: string): WorkQueue => ({
    maxDeliveries,
    async put(contents) {
      const now = clock.now().getTime();
      for (const content of contents)
        of(name).push({ id: String(++seq), content, deliveryCount: 0, visibleAt: now, receipt: null });
      save();
    },
    async get(options: GetOptions): Promise<QueueMessage[]> {
      const now = clock.now().getTime();
      const list = of(name);
      const out: QueueMessage[] = [];
      for (const m of [...list]) {
        if (out.length >= options.limit) break;
        if (m.visibleAt > now) continue;
        if (m.deliveryCount >= maxDeliveries) {
          list.splice(list.indexOf(m), 1);
          dead.set(name, [...(dead.get(name) ?? []), m.content]);
          continue;
        }
        m.deliveryCount += 1;
        m.receipt = randomUUID();
        m.visibleAt = now + options.visibilitySeconds * 1000;
        out.push({ id: m.id, receipt: m.receipt, content: m.content, deliveryCount: m.deliveryCount });
      }
      save();
      return out;
    },
    async delete(receipts) {
      const list = of(name);
      for (const receipt of receipts) list.splice(list.indexOf(byReceipt(name, receipt)), 1);
      save();
    },
    async release(receipt, visibilitySeconds) {
      const m = byReceipt(name, receipt);
      m.visibleAt = clock.now().getTime() + visibilitySeconds * 1000;
      m.receipt = null;
      save();
    },
  });

  return {
    channel,
    deadLetters: (name) => [...(dead.get(name) ?? [])],
    pending: (name) => of(name).length,
  };
}
