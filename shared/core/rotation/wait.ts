import type { Dependencies } from "../../ports.ts";
import { createBackoff } from "../backoff.ts";

/** Backoff while a tunnel reprovisions after its key changed. */
export interface ReprovisionWait {
  /** Wait before the first look: right after the change OCI may still report the tunnel as it was. */
  settleMs: number;
  firstMs: number;
  maxMs: number;
  /** Stop waiting this long before the deadline: rendering, storing, linking and notifying still need time. */
  reserveMs: number;
  /** Jitter source (core/backoff.ts); tests pin it. Default Math.random. */
  random?: () => number;
}

/** The default backoff; `settleMs` is the rotator's own (the provider's lag after a change). */
export const REPROVISION_WAIT: Omit<ReprovisionWait, "settleMs"> = {
  firstMs: 2_000,
  maxMs: 15_000,
  reserveMs: 20_000,
};

/** The least time left for a rotation to start: it must be able to see the tunnel back and store the configs. */
export function timeNeeded(wait: ReprovisionWait): number {
  return wait.settleMs + wait.firstMs + wait.reserveMs;
}

/**
 * Waits until the tunnel is `AVAILABLE` again, with backoff, never past `deadline − reserveMs`. `gone` when the
 * tunnel disappeared, `timeout` when it was still reprovisioning when time ran out (the next run finishes it).
 */
export async function waitForTunnel(
  connectionId: string,
  tunnelId: string,
  wait: ReprovisionWait,
  deps: Pick<Dependencies, "network" | "clock" | "deadline" | "logger">,
  settle: boolean,
): Promise<"available" | "gone" | "timeout"> {
  const { network, clock, deadline, logger } = deps;
  const stopAt = deadline.getTime() - wait.reserveMs;
  if (settle && wait.settleMs > 0) {
    if (clock.now().getTime() + wait.settleMs > stopAt) return "timeout";
    await clock.sleep(wait.settleMs);
  }
  const backoff = createBackoff({ firstMs: wait.firstMs, maxMs: wait.maxMs, random: wait.random });
  let waitMs = backoff.next();
  for (;;) {
    const state = await network.tunnelLifecycle(connectionId, tunnelId);
    if (state === null) return "gone";
    if (state === "AVAILABLE") return "available";
    if (clock.now().getTime() + waitMs > stopAt) return "timeout";
    logger.info("tunnel still reprovisioning after its key changed; waiting", { tunnelId, state, waitMs });
    await clock.sleep(waitMs);
    waitMs = backoff.next();
  }
}
