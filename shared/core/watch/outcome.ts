import type { AlarmType } from "../../events/alarm.ts";
import type { AlertSummary } from "./alert.ts";

/** What handling an alarm message did, per connection it named. */
export interface AlarmConnectionResult {
  connectionId: string;
  /** `gone`: deleted (or deleting) by the time the alarm was handled; nothing is sent for it. */
  status: "checked" | "gone" | "pending" | "failed";
  reason: string | null;
  /** Headend IPs the alarm named that no tunnel of the connection has. */
  unmatchedIps: string[];
  alerts: number;
}

/** The response to an alarm message. */
export interface AlarmOutcome {
  outcome: "alarm-handled";
  type: AlarmType;
  dedupeKey: string;
  connections: AlarmConnectionResult[];
  alerts: AlertSummary[];
  /** True when nothing changed since the last alert (e.g. a REPEAT): no message was sent. */
  suppressed: boolean;
  digest: boolean;
  messageIds: string[];
  /** With the queue: alerts put on the outbox for the publisher (`messageIds` is then empty). */
  queued?: number;
}

/** A connection the sweep rendered again, and why. */
export interface RerenderResult {
  connectionId: string;
  reasons: string[];
  /** The render flow's outcome (`rendered`, `unchanged`, …), `deferred` (no time left) or `failed`. */
  outcome: string;
  /** Present (true) when the connection had no state: the sweep adopted it (rendered it for the first time). */
  adopted?: true;
}

/** The response to a sweep. */
export interface SweepOutcome {
  outcome: "swept";
  compartmentId: string;
  includeSubcompartments: boolean;
  compartments: number;
  connections: number;
  checked: number;
  alerts: AlertSummary[];
  digest: boolean;
  messageIds: string[];
  rerendered: RerenderResult[];
  /** Connections in scope that had no state and were rendered for the first time by this sweep. */
  adopted: number;
  skipped: { connectionId: string; reason: string }[];
  failed: { connectionId: string; error: string }[];
}

export type WatchOutcome = AlarmOutcome | SweepOutcome;
