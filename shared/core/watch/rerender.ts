import type { Dependencies } from "../../ports.ts";
import { withLease } from "../lease.ts";
import { renderConnectionFor } from "../render-connection.ts";
import type { RerenderNeed } from "./check-connection.ts";
import { factsOf } from "./drift.ts";
import type { LiveConnection } from "./live.ts";
import type { RerenderResult } from "./outcome.ts";

/** Time a drift re-render needs at least (reads, render, objects, links, one message). */
const RERENDER_RESERVE_MS = 20_000;

/**
 * Renders one connection again through the normal render flow (its lease, idempotency and notification), then
 * records the facts it was rendered from as the drift baseline.
 */
export async function rerender(
  connectionId: string,
  live: LiveConnection,
  need: RerenderNeed,
  deps: Dependencies,
): Promise<RerenderResult> {
  const logger = deps.logger.child({ connectionId });
  const result = (outcome: string): RerenderResult => ({
    connectionId,
    reasons: need.reasons,
    outcome,
    ...(need.adopt ? { adopted: true as const } : {}),
  });
  if (deps.clock.now().getTime() > deps.deadline.getTime() - RERENDER_RESERVE_MS) {
    logger.warn("connection needs a new render but no time is left; the next sweep does it", {
      reasons: need.reasons,
    });
    return result("deferred");
  }
  logger.info("rendering the connection again", { reasons: need.reasons });
  try {
    const outcome = await renderConnectionFor(
      connectionId,
      {
        // Unique per sweep: a render the same event id already completed would be skipped as a duplicate.
        eventId: `sweep-${deps.clock.now().toISOString()}-${deps.invocationId}`,
        eventType: "tunnelsmith.sweep",
        what: need.what,
        resourceName: live.displayName,
      },
      { ...deps, logger },
    );
    if (outcome.outcome === "rendered" || outcome.outcome === "unchanged") {
      await recordBaseline(connectionId, factsOf(live, deps.settings.pskFingerprintKey), deps);
    }
    return result(outcome.outcome);
  } catch (error) {
    logger.error("rendering the connection again failed; the next sweep retries", { error });
    return result("failed");
  }
}

/** Records the drift baseline after a successful render, so the same difference is not reported again. */
async function recordBaseline(
  connectionId: string,
  facts: ReturnType<typeof factsOf>,
  deps: Dependencies,
): Promise<void> {
  await withLease(connectionId, deps, async (lease) => {
    const watch = lease.held.watch;
    const next = watch
      ? { ...lease.held, watch: { ...watch, facts, factsAt: deps.clock.now().toISOString() } }
      : lease.held;
    return { value: undefined, end: { state: next } };
  });
}
