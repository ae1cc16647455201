/**
 * The ports of tenancy-scale work (docs/oci.md "Sweeping a tenancy"): a durable work queue with leases,
 * redelivery and a dead-letter queue (OCI Queue; in-process locally), and a small ledger of versioned JSON
 * documents (Object Storage; in memory locally) for the sweep's rotating cursor and the fleet's alert budget.
 * Kept out of `shared/ports.ts` so that file stays the render flow's.
 */

/** One leased message. */
export interface QueueMessage {
  /** The queue's message id (a number in OCI, kept as text). */
  id: string;
  /** The lease: deleting or releasing the message needs it. Valid until the visibility timeout expires. */
  receipt: string;
  content: string;
  /** How many times the message has been handed out, this time included (1 the first time). */
  deliveryCount: number;
}

/** What one `get` asks for. */
export interface GetOptions {
  /** At most this many messages (OCI Queue: 1 to 20). */
  limit: number;
  /** The lease: the messages stay hidden from other consumers this long unless deleted or released. */
  visibilitySeconds: number;
  /** Long polling: wait up to this long for a message (0: answer at once). */
  waitSeconds: number;
}

/**
 * A durable work queue (one channel of a queue). At least once: a message that is neither deleted nor released
 * before its lease ends is handed out again, and after {@link WorkQueue.maxDeliveries} deliveries it moves to the
 * dead-letter queue instead.
 */
export interface WorkQueue {
  /** Deliveries after which a message is dead-lettered (the queue's `deadLetterQueueDeliveryCount`). */
  readonly maxDeliveries: number;
  /** Adds messages (batched as the service allows). */
  put(contents: readonly string[]): Promise<void>;
  get(options: GetOptions): Promise<QueueMessage[]>;
  /** Done with them: the messages are gone (batched as the service allows). */
  delete(receipts: readonly string[]): Promise<void>;
  /** Hands a leased message back: visible again after `visibilitySeconds` (0: now), delivery count kept. */
  release(receipt: string, visibilitySeconds: number): Promise<void>;
}

/** A ledger document and the version to write it back with. */
export interface LedgerEntry {
  value: unknown;
  etag: string;
}

/**
 * Small versioned JSON documents by name (`sweep-cursor`, `alert-budget`), written with If-Match (null: only if
 * none exists) so two invocations cannot both spend one budget; a lost race throws ConflictError.
 */
export interface Ledger {
  read(name: string): Promise<LedgerEntry | null>;
  write(name: string, value: unknown, ifMatch: string | null): Promise<string>;
}

/** The two channels of the tunnelsmith queue. */
export interface WatchQueues {
  /** Sweep shards (channel `sweep-shards`). */
  shards: WorkQueue;
  /** Tunnel alerts waiting for the budgeted publisher (channel `alerts`). */
  alerts: WorkQueue;
}

/** The ports of the scaled sweep and the alert budget. */
export interface ScalePorts {
  /** The sweep cursor and the alert budget (always available where there is a bucket). */
  ledger: Ledger;
  /** Null when no queue is configured: the sweep runs in one invocation and alerts are published directly. */
  queue: WatchQueues | null;
}
