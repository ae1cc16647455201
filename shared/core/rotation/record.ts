import type { Logger } from "../../logger.ts";
import type { ConnectionState, Dependencies, RotationRecord } from "../../ports.ts";
import { acquireLease, type Lease, releaseLease } from "../lease.ts";
import type { CurrentState } from "../state.ts";

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
 * A held lease whose state this run keeps writing (the rotation record) before giving it up or handing it to the
 * render flow. Every write is conditional on the last one (the etag each write answered), so a lease lost to
 * expiry shows up as a ConflictError instead of a lost update, and no write needs a read before it.
 */
export class HeldState {
  private etag: string;
  private handedOver = false;
  state: ConnectionState;
  /**
   * True when the lease was written over the `state.json` the run read before planning: nothing wrote it in
   * between, so no other run rotated or repaired meanwhile and the plan still holds.
   */
  readonly unchangedSinceRead: boolean;

  constructor(
    private readonly lease: Lease,
    private readonly store: Dependencies["store"],
  ) {
    this.etag = lease.etag;
    this.state = lease.held;
    this.unchangedSinceRead = lease.onAlreadyRead === true;
  }

  /** Writes the changed state, keeping the lease. */
  async save(next: ConnectionState): Promise<void> {
    this.assertHeld();
    this.etag = await this.store.putState(this.lease.connectionId, next, this.etag);
    this.state = next;
  }

  /** Writes the final state and gives the lease up. */
  async release(final: ConnectionState = this.state): Promise<void> {
    this.assertHeld();
    await releaseLease({ ...this.lease, etag: this.etag }, final, this.store);
  }

  /**
   * The lease as the render flow takes it over (`RenderOptions.lease`): it writes the next state and gives the
   * lease up, so this object must not write again. `previous` is the state as it stands, never null: a render
   * that fails must keep the rotation record, not delete a state document it thinks it created.
   */
  handOver(): Lease {
    this.assertHeld();
    this.handedOver = true;
    return { connectionId: this.lease.connectionId, previous: this.state, held: this.state, etag: this.etag };
  }

  private assertHeld(): void {
    if (this.handedOver) throw new Error("the lease was handed over to the render flow");
  }
}

/**
 * Takes the lease and wraps it. With `alreadyRead` (the state the run planned from) the lease is written over
 * that read, with no second read, and {@link HeldState.unchangedSinceRead} tells whether it still held.
 */
export async function hold(
  connectionId: string,
  deps: Pick<Dependencies, "store" | "clock" | "deadline" | "invocationId"> & { logger: Logger },
  alreadyRead?: CurrentState,
): Promise<HeldState> {
  return new HeldState(await acquireLease(connectionId, deps, alreadyRead), deps.store);
}
