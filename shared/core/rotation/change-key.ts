import { toLabel } from "../../model/label.ts";
import type { Dependencies, RotationInProgress } from "../../ports.ts";
import type { Snapshot } from "../../snapshot/schema.ts";
import type { KeyAge } from "./key-age.ts";
import { tunnelFingerprint } from "./key-age.ts";
import { type RotationContext, rotationIncompleteNotification } from "./notification.ts";
import { notifyBestEffort } from "./notify.ts";
import { type RotationOutcome, tunnelOf } from "./outcome.ts";
import type { RotationPlan } from "./plan.ts";
import { generatePsk, type RandomSource } from "./psk-generator.ts";
import { type HeldState, withRotation } from "./record.ts";
import { storeRotatedConfigs } from "./store-configs.ts";
import { type ReprovisionWait, waitForTunnel } from "./wait.ts";

/** The message context for a tunnel of a connection. */
export function rotationContext(
  snapshot: Snapshot,
  tunnel: KeyAge,
  rotatedAt: string,
  overridden: readonly string[],
  repairOf: string | null,
): RotationContext {
  return {
    tunnelId: tunnel.tunnelId,
    tunnelIndex: tunnel.index,
    oracleIp: tunnel.oracleIp,
    label: toLabel(snapshot.ipsecConnection.displayName, "ipsec-connection"),
    rotatedAt,
    overridden,
    repairOf,
  };
}

/**
 * Changes the planned tunnel's key and carries the rotation through to announced configs: record the start,
 * set the key, record it as set, wait for the tunnel to be AVAILABLE, store the configs. The new key lives only
 * in memory here and in the rendered files; the logger redacts it from the moment it exists.
 */
export async function changeKey(
  connectionId: string,
  snapshot: Snapshot,
  plan: Extract<RotationPlan, { kind: "rotate" }>,
  held: HeldState,
  options: { random?: RandomSource; requested: boolean; agentVendors?: readonly string[] },
  wait: ReprovisionWait,
  deps: Dependencies,
): Promise<RotationOutcome> {
  const { rotator, network, clock, settings, logger, invocationId } = deps;
  const { tunnel } = plan;
  const tunnelId = tunnel.tunnelId;
  const newKey = generatePsk(settings.pskLength, options.random);
  logger.addSecret(newKey);
  const fingerprint = tunnelFingerprint(settings.pskFingerprintKey, tunnelId, newKey);
  const forced = plan.overridden.length > 0;
  const startedAt = clock.now().toISOString();
  const oldKey = snapshot.sharedSecrets[tunnelId];
  // Kept so the sweep can tell a revert to this key (Terraform re-applying its value) from any other change.
  const previousPskFingerprint =
    oldKey === undefined ? null : tunnelFingerprint(settings.pskFingerprintKey, tunnelId, oldKey);
  const inProgress: RotationInProgress = {
    tunnelId,
    startedAt,
    pskFingerprint: fingerprint,
    forced,
    phase: "updating",
    invocationId,
    previousPskFingerprint,
  };

  // Recorded before the provider is touched: if this invocation dies after the change, the next run knows.
  await held.save(withRotation(held.state, (r) => ({ ...r, inProgress })));
  if (forced) {
    logger.warn("FORCED rotation: --force overrides failed safety checks", {
      tunnelId,
      overridden: plan.overridden,
    });
  }
  logger.info("changing the tunnel's pre-shared key", {
    tunnelId,
    tunnel: tunnel.index,
    oracleIp: tunnel.oracleIp,
    why: options.requested ? "requested" : `oldest key (${tunnel.source})`,
  });
  try {
    await rotator.setSharedSecret(connectionId, tunnelId, newKey);
  } catch (error) {
    // A retried request whose first attempt landed fails (OCI refuses changes while reprovisioning): look.
    const holds = await network.sharedSecret(connectionId, tunnelId).then(
      (value) => ({ read: true as const, value }),
      (readError: unknown) => ({ read: false as const, readError }),
    );
    if (!holds.read) {
      // Unknown, not "OCI kept the old key": the record stays open (phase `updating`, with the new key's
      // fingerprint), so the next run compares what OCI holds and finishes or closes it.
      logger.error("the key change failed and reading the key back failed too; the rotation record is kept", {
        tunnelId,
        error,
        readError: holds.readError,
      });
      await held.release();
      throw error;
    }
    if (holds.value !== newKey) {
      await held.release(withRotation(held.state, (r) => ({ ...r, inProgress: null })));
      throw error; // the provider kept the old key: nothing changed, nothing to finish
    }
    logger.warn("the key change answered an error but the provider holds the new key; carrying on", {
      error,
    });
  }
  const setting = { ...inProgress, phase: "rendering" as const };
  await held.save(
    withRotation(held.state, (r) => ({
      tunnels: {
        ...r.tunnels,
        [tunnelId]: { rotatedAt: startedAt, pskFingerprint: fingerprint, forced, previousPskFingerprint },
      },
      inProgress: setting,
    })),
  );
  logger.info("pre-shared key changed; waiting for the tunnel to be reprovisioned", { tunnelId });
  const vault = await archiveKey(snapshot, tunnelId, newKey, deps);

  const ctx = {
    ...rotationContext(snapshot, tunnel, startedAt, plan.overridden, null),
    vault,
    agentVendors: options.agentVendors ?? [],
  };
  const ready = await waitForTunnel(connectionId, tunnelId, wait, deps, true);
  if (ready !== "available") {
    await held.release();
    const reason =
      ready === "gone"
        ? "the tunnel disappeared while it was reprovisioned"
        : "the tunnel was still reprovisioning when this run's time ran out";
    return incomplete(connectionId, ctx, tunnel, reason, deps);
  }

  const stored = await storeRotatedConfigs(connectionId, held, setting, ctx, deps);
  if (stored.kind === "gone") return { outcome: "ignored", connectionId, reason: stored.reason };
  if (stored.kind === "incomplete") return incomplete(connectionId, ctx, tunnel, stored.reason, deps);
  logger.info("rotation finished", { tunnelId, forced, render: stored.render });
  return {
    outcome: "rotated",
    connectionId,
    ...tunnelOf(tunnel),
    rotatedAt: startedAt,
    overridden: [...plan.overridden],
    files: stored.files,
    revokedLinks: stored.revokedLinks,
    messageId: stored.messageId ?? "",
  };
}

/**
 * Stores the new key in the vault when one is configured. A failure there does not stop the rotation (OCI has
 * the key, the CPE needs its configs): it is logged and the message says so.
 */
async function archiveKey(
  snapshot: Snapshot,
  tunnelId: string,
  key: string,
  deps: Dependencies,
): Promise<string | null> {
  if (!deps.keyArchive) return null;
  try {
    const stored = await deps.keyArchive.store(
      {
        connectionId: snapshot.ipsecConnection.id,
        compartmentId: snapshot.ipsecConnection.compartmentId,
        tunnelId,
      },
      key,
    );
    deps.logger.info("new key stored in the vault", { tunnelId, ...stored });
    return `The new key is also in Vault secret ${stored.secretId}${stored.version !== null ? ` (version ${stored.version})` : ""}.`;
  } catch (error) {
    deps.logger.error("could not store the new key in the vault; the rotation goes on", { tunnelId, error });
    return "Storing the new key in the Vault FAILED (see the function log); the configs below hold it.";
  }
}

/** Tells the CPE admin the tunnel is down with nothing to install yet, and returns the outcome saying so. */
export async function incomplete(
  connectionId: string,
  ctx: RotationContext,
  tunnel: KeyAge,
  reason: string,
  deps: Dependencies,
): Promise<RotationOutcome> {
  const messageId = await notifyBestEffort(deps, rotationIncompleteNotification(connectionId, ctx, reason));
  deps.logger.warn("rotation incomplete; the next run stores the configs", {
    tunnelId: tunnel.tunnelId,
    reason,
  });
  return {
    outcome: "rotation-incomplete",
    connectionId,
    ...tunnelOf(tunnel),
    rotatedAt: ctx.rotatedAt,
    reason,
    messageId,
  };
}
