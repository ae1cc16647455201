import type { OutcomeFile } from "../outcome.ts";
import type { KeyAge } from "./key-age.ts";

/** Which tunnel a rotation is about (no secret). */
export interface RotationTunnel {
  tunnelId: string;
  index: number;
  oracleIp: string;
}

/** What a rotate-psk run did for one connection; the function returns it (links are bearer URLs: no logs). */
export type RotationOutcome =
  | ({
      outcome: "rotated";
      connectionId: string;
      rotatedAt: string;
      /** Safety rules `--force` overrode (empty: none). */
      overridden: string[];
      files: OutcomeFile[];
      revokedLinks: number;
      messageId: string;
    } & RotationTunnel)
  /** OCI has the new key, the configs holding it are not stored yet: the next run stores them. */
  | ({
      outcome: "rotation-incomplete";
      connectionId: string;
      rotatedAt: string;
      reason: string;
      messageId: string | null;
    } & RotationTunnel)
  /** An earlier rotation was finished, or stale configs were re-rendered; no key was changed by this run. */
  | {
      outcome: "repaired";
      connectionId: string;
      reason: string;
      /** What the render did: `rendered` (new files and links), `unchanged`, … */
      render: string;
      files: OutcomeFile[];
      messageId: string | null;
    }
  | {
      outcome: "refused";
      connectionId: string;
      tunnel: RotationTunnel | null;
      reasons: string[];
      /** True when `--force` would override every reason. */
      forceable: boolean;
    }
  | {
      outcome: "not-due";
      connectionId: string;
      tunnel: RotationTunnel;
      ageDays: number | null;
      /** When the age is unknown: at most this old (the tunnel is younger than `maxAgeDays`). */
      atMostDays: number | null;
      maxAgeDays: number;
    }
  /** `--dry-run`: what a real run would do now; nothing was written. */
  | {
      outcome: "dry-run";
      connectionId: string;
      wouldDo: "rotate" | "repair" | "refuse" | "nothing";
      tunnel: RotationTunnel | null;
      reasons: string[];
      /** Safety rules a real run with `--force` overrides (rotate) or would have to (refuse). */
      overridden: string[];
      keys: KeyAge[];
    }
  | { outcome: "ignored"; connectionId: string; reason: string };

/** A scheduled run over a compartment. */
export interface RotationSweepOutcome {
  outcome: "rotation-sweep";
  compartmentId: string;
  maxAgeDays: number;
  connections: RotationOutcome[];
  /** Connections not looked at because the invocation's deadline was too close; the next run takes them. */
  deferred: string[];
}

/** The tunnel part of an outcome, from a key age. */
export function tunnelOf(age: KeyAge): RotationTunnel {
  return { tunnelId: age.tunnelId, index: age.index, oracleIp: age.oracleIp };
}
