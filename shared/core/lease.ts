import { ConflictError, TunnelsmithError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { ConnectionState, Dependencies } from "../ports.ts";
import { createBackoff } from "./backoff.ts";
import { type CurrentState, newState, readState } from "./state.ts";

/** The connection is being handled by another invocation for longer than this one can wait. */
export class ConnectionBusyError extends TunnelsmithError {
  constructor(connectionId: string, holder: string, until: string) {
    super(
      "BUSY",
      `connection ${connectionId} is being handled by invocation ${holder} until ${until}; it will be picked up again by the next event or sweep`,
      { expose: true },
    );
    this.name = "ConnectionBusyError";
  }
}

/** A held lease: the state as it was before (null: none or invalid) and the token to write it back with. */
export interface Lease {
  connectionId: string;
  previous: ConnectionState | null;
  /** The state document as written when the lease was taken (previous state + lease). */
  held: ConnectionState;
  etag: string;
  /**
   * True when the lease was written over the caller's `alreadyRead` itself (If-Match on its etag): nothing wrote
   * `state.json` between that read and the lease, so what the caller decided from it still holds.
   */
  onAlreadyRead?: boolean;
}

/** Time kept free after waiting for a lease, for the work itself. */
const WORK_RESERVE_MS = 5_000;
const FIRST_WAIT_MS = 250;
const MAX_WAIT_MS = 4_000;

type LeaseDeps = Pick<Dependencies, "store" | "clock" | "deadline" | "invocationId"> & {
  logger: Logger;
  /** Jitter source for the waits (tests pin it); default Math.random. */
  random?: () => number;
};

/**
 * Takes the per-connection lease in `state.json`: writes the current state plus `lease` with If-Match (or
 * If-None-Match when there is none). A 409/412 means another invocation wrote it first: read again and retry.
 * A lease held by someone else is waited for with backoff until its expiry or this invocation's deadline.
 * `alreadyRead` is the state the caller has just read, used for the first attempt instead of reading it again
 * (a stale copy only costs a 412 and a fresh read).
 */
export async function acquireLease(
  connectionId: string,
  deps: LeaseDeps,
  alreadyRead?: CurrentState,
): Promise<Lease> {
  const { store, clock, deadline, invocationId, logger } = deps;
  const backoff = createBackoff({ firstMs: FIRST_WAIT_MS, maxMs: MAX_WAIT_MS, random: deps.random });
  let waitMs = backoff.next();
  let reuse = alreadyRead;
  for (;;) {
    const current = reuse ?? (await readState(store, connectionId, logger));
    const onAlreadyRead = reuse !== undefined;
    reuse = undefined;
    const now = clock.now();
    const lease = current.state?.lease;
    const heldByOther =
      lease !== null &&
      lease !== undefined &&
      lease.holder !== invocationId &&
      Date.parse(lease.expiresAt) > now.getTime();
    if (!heldByOther) {
      const held: ConnectionState = {
        ...(current.state ?? newState(connectionId)),
        lease: { holder: invocationId, expiresAt: deadline.toISOString() },
      };
      try {
        const etag = await store.putState(connectionId, held, current.etag);
        return { connectionId, previous: current.state, held, etag, onAlreadyRead };
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        logger.info("state.json changed while taking the lease; reading it again");
      }
    } else {
      logger.info("another invocation is handling this connection; waiting", {
        holder: lease.holder,
        until: lease.expiresAt,
      });
    }
    if (now.getTime() + waitMs > deadline.getTime() - WORK_RESERVE_MS) {
      throw new ConnectionBusyError(connectionId, lease?.holder ?? "unknown", lease?.expiresAt ?? "unknown");
    }
    await clock.sleep(waitMs);
    waitMs = backoff.next();
  }
}

/** Writes the final state and gives the lease up. A conflict here means the lease expired and was taken over. */
export async function releaseLease(
  lease: Lease,
  state: ConnectionState,
  store: Dependencies["store"],
): Promise<void> {
  try {
    await store.putState(lease.connectionId, { ...state, lease: null }, lease.etag);
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new ConflictError(
        `lost the lease on ${lease.connectionId} (it expired and another invocation took over); its state is kept`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Removes the state document (the connection is gone) while holding the lease. */
export async function releaseByDeleting(lease: Lease, store: Dependencies["store"]): Promise<void> {
  await store.deleteState(lease.connectionId, lease.etag);
}

/** How a {@link withLease} scope ends: the state to write back, or `delete` to remove `state.json`. */
export type LeaseEnd = { state: ConnectionState } | { delete: true };

/** What the work inside {@link withLease} returns: its result and how the lease ends. */
export interface LeaseWork<T> {
  value: T;
  end: LeaseEnd;
}

export interface WithLeaseOptions {
  /** A lease this invocation already holds (PSK rotation): used, and given up, instead of taking one. */
  lease?: Lease;
  /** The state the caller has just read, for the first attempt at the lease. */
  alreadyRead?: CurrentState;
  /**
   * How the lease ends when the work throws (default: the state as it was when the lease was taken). Its own
   * failure is logged, never hides the work's error: the lease then expires at the invocation deadline.
   */
  onFailure?: (lease: Lease, error: unknown) => Promise<LeaseEnd> | LeaseEnd;
}

/**
 * The one lease scope: takes the connection's lease (or uses the given one), runs `work` under it, and always
 * gives it up, in one place: with what the work returned, or after a failure with `onFailure`'s state. So a
 * flow reads top to bottom and no branch can forget to release.
 */
export async function withLease<T>(
  connectionId: string,
  deps: LeaseDeps,
  work: (lease: Lease) => Promise<LeaseWork<T>>,
  options: WithLeaseOptions = {},
): Promise<T> {
  const lease = options.lease ?? (await acquireLease(connectionId, deps, options.alreadyRead));
  try {
    const done = await work(lease);
    // Inside the try: a final write that fails (a 5xx) is a failure like any other, ended by `onFailure`.
    await endLease(lease, done.end, deps.store);
    return done.value;
  } catch (error) {
    try {
      const end = options.onFailure ? await options.onFailure(lease, error) : { state: lease.held };
      await endLease(lease, end, deps.store);
    } catch (releaseError) {
      deps.logger.error(
        "could not give up the lease after a failure; it expires at the invocation deadline",
        {
          error: releaseError,
        },
      );
    }
    throw error;
  }
}

async function endLease(lease: Lease, end: LeaseEnd, store: Dependencies["store"]): Promise<void> {
  if ("delete" in end) await releaseByDeleting(lease, store);
  else await releaseLease(lease, end.state, store);
}
