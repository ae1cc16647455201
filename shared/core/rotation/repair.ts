import type { Dependencies } from "../../ports.ts";
import type { Snapshot } from "../../snapshot/schema.ts";
import { renderConnectionFor } from "../render-connection.ts";
import { incomplete, rotationContext } from "./change-key.ts";
import { tunnelFingerprint } from "./key-age.ts";
import type { RotationOutcome } from "./outcome.ts";
import type { RotationPlan } from "./plan.ts";
import { type HeldState, withRotation } from "./record.ts";
import { ROTATION_EVENT_TYPE, storeRotatedConfigs } from "./store-configs.ts";
import { type ReprovisionWait, waitForTunnel } from "./wait.ts";

/**
 * Brings the stored configs back in line with the keys OCI holds, instead of rotating (one change per run):
 * - an earlier rotation whose key OCI holds: wait for the tunnel, store and announce the configs with the
 *   rotation message, close the record (a render that already happened is recognised by its event id);
 * - an earlier rotation whose key never reached OCI: close the record, nothing else changed;
 * - stale configs without a rotation of ours (a key changed outside tunnelsmith) or unannounced links: a plain
 *   re-render through the render flow.
 * The caller holds the lease; the render flow takes it over (and gives it up).
 */
export async function repair(
  connectionId: string,
  snapshot: Snapshot,
  plan: Extract<RotationPlan, { kind: "repair" }>,
  held: HeldState,
  wait: ReprovisionWait,
  deps: Dependencies,
): Promise<RotationOutcome> {
  const { logger, settings } = deps;
  const open = plan.inProgress;
  logger.info("repairing before any rotation", { reason: plan.reason });
  const tunnel = open ? plan.ages.find((a) => a.tunnelId === open.tunnelId) : undefined;

  if (open && tunnel) {
    const current = tunnelFingerprint(
      settings.pskFingerprintKey,
      open.tunnelId,
      snapshot.sharedSecrets[open.tunnelId] ?? "",
    );
    const known = open.pskFingerprint !== null && current !== null;
    if (!known || open.pskFingerprint === current) {
      // OCI holds the key the earlier run set (or it cannot be told without fingerprints: storing is harmless).
      const setting = { ...open, phase: "rendering" as const };
      await held.save(
        withRotation(held.state, (r) => ({
          tunnels: {
            ...r.tunnels,
            [open.tunnelId]: {
              rotatedAt: open.startedAt,
              pskFingerprint: open.pskFingerprint,
              forced: open.forced,
              previousPskFingerprint:
                open.previousPskFingerprint ??
                (r.tunnels[open.tunnelId]?.pskFingerprint === open.pskFingerprint
                  ? (r.tunnels[open.tunnelId]?.previousPskFingerprint ?? null)
                  : null),
            },
          },
          inProgress: setting,
        })),
      );
      const overridden = open.forced
        ? ["the run that changed this key overrode the safety checks with --force"]
        : [];
      const ctx = rotationContext(snapshot, tunnel, open.startedAt, overridden, plan.reason);
      const ready = await waitForTunnel(connectionId, open.tunnelId, wait, deps, false);
      if (ready !== "available") {
        await held.release();
        return incomplete(connectionId, ctx, tunnel, "the tunnel is still being reprovisioned", deps);
      }
      const stored = await storeRotatedConfigs(connectionId, held, setting, ctx, deps);
      if (stored.kind === "gone") return { outcome: "ignored", connectionId, reason: stored.reason };
      if (stored.kind === "incomplete") return incomplete(connectionId, ctx, tunnel, stored.reason, deps);
      return {
        outcome: "repaired",
        connectionId,
        reason: plan.reason,
        render: stored.render,
        files: stored.files,
        messageId: stored.messageId,
      };
    }
    if (open.phase === "updating") {
      await held.release(withRotation(held.state, (r) => ({ ...r, inProgress: null })));
      logger.warn("the earlier rotation never reached the provider; nothing changed", {
        tunnelId: open.tunnelId,
      });
      return {
        outcome: "repaired",
        connectionId,
        reason: `${plan.reason}; its key change never reached OCI, so nothing changed (the next run rotates)`,
        render: "none",
        files: [],
        messageId: null,
      };
    }
    // OCI took the earlier key but holds yet another one now: changed outside tunnelsmith. Store what OCI has.
    await held.save(withRotation(held.state, (r) => ({ ...r, inProgress: null })));
  }

  const render = await renderConnectionFor(
    connectionId,
    {
      eventId: `rotate-psk-check/${deps.invocationId}`,
      eventType: ROTATION_EVENT_TYPE,
      what: "re-rendered because the stored configs did not match OCI",
      resourceName: null,
    },
    deps,
    { lease: held.handOver() },
  );
  return {
    outcome: "repaired",
    connectionId,
    reason: plan.reason,
    render: render.outcome,
    files: render.outcome === "rendered" ? render.files : [],
    messageId: render.outcome === "rendered" ? render.messageId : null,
  };
}
