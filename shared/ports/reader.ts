import type { SlotCandidate } from "../model/slots.ts";
import type { Snapshot } from "../snapshot/schema.ts";

/** What the network reader found for a connection. */
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

/** Reads IPSec connections, their tunnels, PSKs and CPE. */
export interface NetworkReader {
  readConnection(connectionId: string, options?: ReadOptions): Promise<ConnectionRead>;
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
