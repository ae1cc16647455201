import type { ConnectionState } from "../../ports.ts";
import type { Snapshot } from "../../snapshot/schema.ts";
import { pskFingerprint } from "../fingerprint.ts";

const DAY_MS = 86_400_000;

/** How old one tunnel's key is, as far as tunnelsmith can tell. No secret: only times and where they came from. */
export interface KeyAge {
  tunnelId: string;
  /** 1 or 2, the tunnel's position in the snapshot (tunnels are ordered by OCID). */
  index: number;
  oracleIp: string;
  /** When tunnelsmith set the current key; null when it did not (or the key changed since). */
  rotatedAt: string | null;
  /**
   * `recorded`: tunnelsmith set this key at `rotatedAt`; `never`: tunnelsmith never rotated it; `changed`:
   * tunnelsmith set a key once but OCI now holds a different one (changed outside tunnelsmith, time unknown).
   */
  source: "recorded" | "never" | "changed";
  /** Age in days when known, else null (unknown counts as oldest). */
  ageDays: number | null;
  /**
   * An upper bound of the age in days when it is unknown: the key cannot be older than the tunnel. Null when the
   * tunnel's creation time is unknown too.
   */
  atMostDays: number | null;
}

/** The fingerprint rotation stores per tunnel: the connection fingerprint over that tunnel alone. */
export function tunnelFingerprint(key: string | null, tunnelId: string, psk: string): string | null {
  return key === null ? null : pskFingerprint(key, { [tunnelId]: psk });
}

/** Every tunnel's key age, in snapshot order. */
export function keyAges(
  snapshot: Snapshot,
  state: ConnectionState | null,
  now: Date,
  fingerprintKey: string | null,
): KeyAge[] {
  const records = state?.rotation?.tunnels ?? {};
  return snapshot.tunnels.map((t, i) => {
    const record = records[t.id];
    const psk = snapshot.sharedSecrets[t.id] ?? "";
    const current = tunnelFingerprint(fingerprintKey, t.id, psk);
    const base = { tunnelId: t.id, index: i + 1, oracleIp: t.vpnIp };
    const created = Date.parse(String((t as { timeCreated?: unknown }).timeCreated ?? ""));
    const createdFallback = Date.parse(snapshot.ipsecConnection.timeCreated ?? "");
    const since = Number.isNaN(created) ? createdFallback : created;
    const atMostDays = Number.isNaN(since) ? null : Math.max(0, (now.getTime() - since) / DAY_MS);
    if (!record) return { ...base, rotatedAt: null, source: "never", ageDays: null, atMostDays };
    // Without a fingerprint on either side the record cannot be checked against OCI; trust it.
    const same = record.pskFingerprint === null || current === null || record.pskFingerprint === current;
    if (!same) return { ...base, rotatedAt: null, source: "changed", ageDays: null, atMostDays: null };
    const ageDays = Math.max(0, (now.getTime() - Date.parse(record.rotatedAt)) / DAY_MS);
    return {
      ...base,
      rotatedAt: record.rotatedAt,
      source: "recorded",
      ageDays: Number.isNaN(ageDays) ? null : ageDays,
      atMostDays: null,
    };
  });
}

/**
 * The tunnel whose key is oldest: unknown ages count as oldest; ties (two unknown, or equal times) go to the
 * lower index, so the choice is deterministic.
 */
export function oldestKey(ages: readonly KeyAge[]): KeyAge | undefined {
  return [...ages].sort((a, b) => {
    const ageA = a.ageDays ?? Number.POSITIVE_INFINITY;
    const ageB = b.ageDays ?? Number.POSITIVE_INFINITY;
    if (ageA !== ageB) return ageB - ageA;
    return a.index - b.index;
  })[0];
}

/**
 * Whether a key is due for rotation at `maxAgeDays`: a known age at or above it, or an unknown age unless the
 * tunnel is younger than `maxAgeDays` (its key cannot be older than the tunnel).
 */
export function isDue(age: KeyAge, maxAgeDays: number): boolean {
  if (age.ageDays !== null) return age.ageDays >= maxAgeDays;
  return age.atMostDays === null || age.atMostDays >= maxAgeDays;
}
