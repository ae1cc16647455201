import type { SlotCandidate } from "../model/slots.ts";
import type { Snapshot } from "../snapshot/schema.ts";
import type { ConnectionSummary, LiveRead, LiveReadOptions } from "./live.ts";

/** What the reader found for a connection, as a snapshot to render. */
export type ConnectionRead =
  | {
      status: "ready";
      snapshot: Snapshot;
      /** Every connection on the same CPE (including this one), for interface/mark allocation. */
      siblings: SlotCandidate[];
    }
  /** The connection exists but cannot be rendered yet (e.g. PROVISIONING, tunnels without vpnIp). */
  | { status: "pending"; reason: string }
  /** The connection does not exist (any more), or is TERMINATING/TERMINATED. */
  | { status: "gone"; reason: string };

export interface ReadOptions {
  /**
   * Wait (with backoff, inside the invocation's deadline) while the connection is still provisioning. False for
   * callers that only need to know whether it exists (deletion) or that should not block (the CLI).
   */
  waitForProvisioning?: boolean;
}

/**
 * Reads IPSec connections (their tunnels, PSKs and CPE) and lists them: the one port every flow reads the
 * provider through (render, tunnel watch, PSK rotation, status). Writing a PSK is the rotator's job.
 */
export interface ConnectionReader {
  /** The connection as a validated snapshot to render, with its siblings on the same CPE. */
  readConnection(connectionId: string, options?: ReadOptions): Promise<ConnectionRead>;
  /** The connection's tunnels as they are now (IPsec, BGP, settings), PSKs only when asked. */
  readLive(connectionId: string, options?: LiveReadOptions): Promise<LiveRead>;
  /** One tunnel's PSK now, or null when the tunnel no longer exists. */
  sharedSecret(connectionId: string, tunnelId: string): Promise<string | null>;
  /** One tunnel's lifecycle state now (`AVAILABLE` once reprovisioned), or null when it no longer exists. */
  tunnelLifecycle(connectionId: string, tunnelId: string): Promise<string | null>;
  /**
   * Every IPSec connection in a compartment (not TERMINATING/TERMINATED), and with `includeSubcompartments` in
   * every active compartment below it. `compartments` is how many compartments were searched.
   */
  listConnections(
    compartmentId: string,
    includeSubcompartments: boolean,
  ): Promise<{ connections: ConnectionSummary[]; compartments: number }>;
  /**
   * Ids of the connections that terminate on a CPE (not TERMINATING/TERMINATED). `compartmentId` is where the
   * event says the CPE lives; readers that cannot search everywhere search there.
   */
  listConnectionsOfCpe(cpeId: string, compartmentId: string | null): Promise<string[]>;
  /**
   * Oracle's own CPE configuration for the connection (the Console's "CPE configuration helper" text, PSKs
   * included), or null when the provider has none (no device shape on the CPE, or a reader without OCI).
   */
  readOracleCpeConfig(connectionId: string): Promise<string | null>;
}

/** The reader's snapshot side (render); the name the render path was written against. */
export type NetworkReader = Pick<
  ConnectionReader,
  "readConnection" | "listConnectionsOfCpe" | "readOracleCpeConfig"
>;
