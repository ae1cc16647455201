import { z } from "zod";
import type { ConnectionState } from "../../ports.ts";

/**
 * What the PSK rotation records in `state.json` (its `rotation` section, shared/core/rotation) that alerts show:
 * when a tunnel's key was last rotated, and whether a rotation is running. Read structurally, so the watch
 * keeps working whatever else that section holds.
 */
const rotationView = z.looseObject({
  rotation: z
    .looseObject({
      tunnels: z.record(z.string(), z.looseObject({ rotatedAt: z.string() })).optional(),
      inProgress: z.looseObject({ tunnelId: z.string() }).nullish(),
    })
    .nullish(),
});

export interface RotationInfo {
  /** Tunnel id → when tunnelsmith last rotated its PSK (ISO). */
  lastRotated: Map<string, string>;
  /** The tunnel whose rotation is in progress, or null. */
  inProgress: string | null;
}

export function rotationInfo(state: ConnectionState | null): RotationInfo {
  const parsed = rotationView.safeParse(state ?? {});
  const rotation = parsed.success ? parsed.data.rotation : null;
  return {
    lastRotated: new Map(Object.entries(rotation?.tunnels ?? {}).map(([id, t]) => [id, t.rotatedAt])),
    inProgress: rotation?.inProgress?.tunnelId ?? null,
  };
}
