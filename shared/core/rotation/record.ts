import type { Logger } from "../../logger.ts";
import type { ConnectionState, Dependencies, RotationRecord } from "../../ports.ts";
import { acquireLease, type Lease, releaseLease } from "../lease.ts";

/** The rotation section of a state, or an empty one. */
export function rotationOf(state: ConnectionState | null): RotationRecord {
  return state?.rotation ?? { tunnels: {}, inProgress: null };
}

/** The state with its rotation section replaced. */
export function withRotation(
  state: ConnectionState,
  change: (rotation: RotationRecord) => RotationRecord,
): ConnectionState {
  return { ...state, rotation: change(rotationOf(state)) };
}

/**
 * A held lease whose state this run keeps writing (the rotation record) before giving it up. Every write is
 * conditional on the last one, so a lease lost to expiry shows up as a ConflictError instead of a lost update.
 */
export class HeldState {
  private etag: string;
  state: ConnectionState;

  constructor(
    private readonly lease: Lease,
    private readonly store: Dependencies["store"],
  ) {
    this.etag = lease.etag;
    this.state = lease.held;
  }

  /** Writes the changed state, keeping the lease. */
  async save(next: ConnectionState): Promise<void> {
    this.etag = await this.store.putState(this.lease.connectionId, next, this.etag);
    this.state = next;
  }

  /** Writes the final state and gives the lease up. */
  async release(final: ConnectionState = this.state): Promise<void> {
    await releaseLease({ ...this.lease, etag: this.etag }, final, this.store);
  }
}

/** Takes the lease and wraps it. */
export async function hold(
  connectionId: string,
  deps: Pick<Dependencies, "store" | "clock" | "deadline" | "invocationId"> & { logger: Logger },
): Promise<HeldState> {
  return new HeldState(await acquireLease(connectionId, deps), deps.store);
}
