import type { ConnectionState } from "../../ports.ts";
import { pskFingerprint } from "../fingerprint.ts";
import type { LiveConnection, LiveTunnel } from "./live.ts";
import { revertReasons } from "./revert.ts";
import { rotationInfo } from "./rotation-info.ts";
import type { ConnectionFacts, TunnelFacts } from "./types.ts";

/**
 * Drift: a change made outside tunnelsmith (Console, CLI, Terraform, OCI itself) that makes the stored configs
 * wrong. Compared per tunnel: the Oracle headend IP (against what the render recorded), the routing (mode, BGP
 * session, static routes, policy selectors), the IKE version, the configured phase 1 and phase 2 settings, and
 * the PSK (as a keyed fingerprint, against the stored files' fingerprint or the previous sweep's).
 */

/** Why a connection should be rendered again by the sweep. */
export interface DriftFinding {
  /** Human-readable reasons, e.g. `tunnel 1 headend IP 203.0.113.10 -> 203.0.113.11`. */
  reasons: string[];
  /** A short summary for the notification title, e.g. `headend IP, PSK`. */
  summary: string;
}

export interface DriftCheck {
  /** Null: the stored configs match what OCI has now (as far as can be told). */
  finding: DriftFinding | null;
  /** The facts to record as the new baseline when nothing drifted (null: keep the recorded one). */
  baseline: ConnectionFacts | null;
}

/** Whether the sweep should read the PSKs of a connection: only when there are stored files to compare. */
export function wantsPskCheck(state: ConnectionState | null, fingerprintKey: string | null): boolean {
  return (
    fingerprintKey !== null &&
    state !== null &&
    state.status === "rendered" &&
    rotationInfo(state).inProgress === null &&
    state.files.some((f) => f.pskFingerprint !== null)
  );
}

/** The config-relevant facts of a live connection, as comparable strings (PSKs only as fingerprints). */
export function factsOf(live: LiveConnection, fingerprintKey: string | null): ConnectionFacts {
  return {
    staticRoutes: [...live.staticRoutes].sort().join(","),
    tunnels: live.tunnels.map((t) => tunnelFacts(t, fingerprintKey, live.sharedSecrets?.[t.id] ?? null)),
  };
}

/**
 * Checks one connection for drift. Only connections tunnelsmith rendered (`status: rendered`) are checked,
 * and none while a PSK rotation is in progress (rotation changes the key on purpose and renders afterwards).
 * The routing / IKE / phase baseline is what the previous sweep saw: it is re-recorded whenever a render
 * happened since, so the first sweep after a render records it and later sweeps compare with it.
 */
export function checkDrift(
  state: ConnectionState | null,
  live: LiveConnection,
  fingerprintKey: string | null,
): DriftCheck {
  if (state === null || state.status !== "rendered" || rotationInfo(state).inProgress !== null) {
    return { finding: null, baseline: null };
  }
  const current = factsOf(live, fingerprintKey);
  const reasons: string[] = [];
  const recordedIps = new Map(state.tunnels.map((t) => [t.id, t.oracleIp]));
  live.tunnels.forEach((t, i) => {
    const recorded = recordedIps.get(t.id);
    if (recorded === undefined)
      reasons.push(`tunnel ${i + 1} (${t.id}) is not a tunnel the configs were rendered for`);
    else if (recorded !== t.vpnIp)
      reasons.push(`tunnel ${i + 1} headend IP ${recorded} -> ${t.vpnIp ?? "none"}`);
  });

  const watch = state.watch ?? null;
  const stale =
    watch?.facts === null ||
    watch?.facts === undefined ||
    (state.renderedAt !== null && watch.factsAt !== null && state.renderedAt > watch.factsAt);
  const baseline = stale ? null : (watch?.facts ?? null);
  if (baseline !== null) {
    reasons.push(...compareFacts(baseline, current));
  } else if (fingerprintKey !== null && live.sharedSecrets !== null) {
    // No baseline yet: the stored files' fingerprint is what the PSK must match.
    const stored = state.files.find((f) => f.pskFingerprint !== null)?.pskFingerprint ?? null;
    if (stored !== null && stored !== pskFingerprint(fingerprintKey, live.sharedSecrets)) {
      reasons.push("PSK changed outside tunnelsmith (the stored configs carry another key)");
    }
  }
  if (reasons.length === 0) return { finding: null, baseline: current };
  const explained = revertReasons(state, current, reasons);
  return { finding: { reasons: explained, summary: summarize(explained) }, baseline: null };
}

function compareFacts(before: ConnectionFacts, after: ConnectionFacts): string[] {
  const reasons: string[] = [];
  if (before.staticRoutes !== after.staticRoutes) {
    reasons.push(
      `routing: on-premises CIDRs ${before.staticRoutes || "none"} -> ${after.staticRoutes || "none"}`,
    );
  }
  const old = new Map(before.tunnels.map((t) => [t.id, t]));
  after.tunnels.forEach((t, i) => {
    const b = old.get(t.id);
    if (b === undefined) return; // a new tunnel id is reported against the render's record
    const n = i + 1;
    const diff = (what: string, x: string | null, y: string | null) => {
      if (x !== y) reasons.push(`tunnel ${n} ${what} ${x ?? "none"} -> ${y ?? "none"}`);
    };
    diff("routing", b.routing, t.routing);
    diff("BGP session", b.bgp, t.bgp);
    diff("policy selectors", b.selectors, t.selectors);
    diff("IKE version", b.ikeVersion, t.ikeVersion);
    diff("phase 1 settings", b.phaseOne, t.phaseOne);
    diff("phase 2 settings", b.phaseTwo, t.phaseTwo);
    if (b.pskFingerprint !== null && t.pskFingerprint !== null && b.pskFingerprint !== t.pskFingerprint) {
      reasons.push(`tunnel ${n} PSK changed outside tunnelsmith`);
    }
  });
  return reasons;
}

/** `headend IP, PSK`: the kinds of change, for a short title. */
function summarize(reasons: readonly string[]): string {
  const kinds = [
    ["headend IP", /headend IP|not a tunnel/],
    ["routing", /routing|BGP session|selectors/],
    ["IKE version", /IKE version/],
    ["phase settings", /phase [12] settings/],
    ["PSK reverted (Terraform?)", /PSK reverted/],
    ["PSK", /PSK changed/],
  ] as const;
  return kinds
    .filter(([, pattern]) => reasons.some((r) => pattern.test(r)))
    .map(([name]) => name)
    .join(", ");
}

function tunnelFacts(t: LiveTunnel, key: string | null, psk: string | null): TunnelFacts {
  const b = t.bgp;
  return {
    id: t.id,
    oracleIp: t.vpnIp,
    routing: t.routing,
    ikeVersion: t.ikeVersion,
    phaseOne: phaseOneText(t.phaseOne),
    phaseTwo: phaseTwoText(t.phaseTwo),
    bgp:
      t.routing === "BGP" && b
        ? `AS${b.customerBgpAsn ?? "?"} ${b.customerInterfaceIp ?? "?"} <-> AS${b.oracleBgpAsn ?? "?"} ${b.oracleInterfaceIp ?? "?"}`
        : null,
    selectors: t.encryptionDomain
      ? `${[...t.encryptionDomain.oracle].sort().join(",")} <-> ${[...t.encryptionDomain.cpe].sort().join(",")}`
      : null,
    pskFingerprint: key !== null && psk !== null ? pskFingerprint(key, { [t.id]: psk }) : null,
  };
}

const text = (v: unknown): string | null =>
  typeof v === "string" || typeof v === "number" ? String(v) : null;

/** Only the configured settings: `negotiated…` and `remainingLifetime…` change by themselves. */
function phaseOneText(p: Record<string, unknown> | null): string {
  const custom = p?.isCustomPhaseOneConfig === true;
  const algorithms = custom
    ? `custom ${text(p?.customEncryptionAlgorithm)}/${text(p?.customAuthenticationAlgorithm)}/${text(p?.customDhGroup)}`
    : "Oracle defaults";
  return `${algorithms}, lifetime ${text(p?.lifetime) ?? "default"}`;
}

function phaseTwoText(p: Record<string, unknown> | null): string {
  const custom = p?.isCustomPhaseTwoConfig === true;
  const auth = text(p?.customAuthenticationAlgorithm);
  const algorithms = custom
    ? `custom ${text(p?.customEncryptionAlgorithm)}${auth ? `/${auth}` : ""}`
    : "Oracle defaults";
  const pfs = p?.isPfsEnabled === false ? "off" : (text(p?.dhGroup) ?? "default");
  return `${algorithms}, PFS ${pfs}, lifetime ${text(p?.lifetime) ?? "default"}`;
}

/**
 * Whether this look must read the PSKs (given that {@link wantsPskCheck}): never read before, a render since the
 * last read, the interval (`hours`; 0: every look) passed, or a tunnel recorded down. A tunnel that is found
 * down by the look itself is checked at once as well (check-connection.ts): a key reverted by Terraform takes
 * its tunnel down, so the revert is found when it matters, and the daily read finds one that did not.
 */
export function pskCheckDue(state: ConnectionState, hours: number, now: Date): boolean {
  const last = state.watch?.pskCheckedAt ?? null;
  if (last === null || hours <= 0) return true;
  if (state.renderedAt !== null && state.renderedAt > last) return true;
  if (now.getTime() - Date.parse(last) >= hours * 3_600_000) return true;
  return (state.watch?.tunnels ?? []).some((t) => !t.healthy);
}

/** The new baseline with the PSK fingerprints of the old one kept where this look did not read the keys. */
export function keepPskFingerprints(
  baseline: ConnectionFacts,
  previous: ConnectionFacts | null,
): ConnectionFacts {
  const old = new Map((previous?.tunnels ?? []).map((t) => [t.id, t.pskFingerprint]));
  return {
    ...baseline,
    tunnels: baseline.tunnels.map((t) =>
      t.pskFingerprint === null ? { ...t, pskFingerprint: old.get(t.id) ?? null } : t,
    ),
  };
}
