import { dependencyFactoryFor } from "../../shared/adapters/for-mode.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { readState } from "../../shared/core/state.ts";
import type { LiveConnection, LiveRead } from "../../shared/core/watch/live.ts";
import type { ConnectionState, Dependencies, DependencyFactory } from "../../shared/ports.ts";
import { ocid } from "../../shared/snapshot/fields.ts";
import type { CliIo } from "../io.ts";
import { createCliLogger } from "../log.ts";
import { UsageError } from "../usage.ts";

export interface StatusCliOptions {
  ipsec: string | undefined;
  compartment: string | undefined;
}

/**
 * `tunnelsmith status [--ipsec OCID | --compartment OCID]`: one table per connection from what OCI says now (the
 * tunnels' IPsec status, IKE version, BGP state) and what the function recorded in `state.json` (last render,
 * rotation, last alert per tunnel). Same adapters as rotate and sweep (TUNNELSMITH_MODE); read-only. Locally,
 * without either flag, every connection of the snapshot folder. `factory` is for tests.
 */
export async function statusCommand(options: StatusCliOptions, io: CliIo, factory?: DependencyFactory) {
  if (options.ipsec !== undefined && options.compartment !== undefined)
    throw new UsageError("status takes --ipsec or --compartment, not both");
  if (options.ipsec !== undefined && !ocid("ipsecconnection").safeParse(options.ipsec).success)
    throw new UsageError(
      `--ipsec "${options.ipsec}" is not an IPSec connection OCID (ocid1.ipsecconnection.…)`,
    );
  const settings = loadSettings(io.env);
  if (options.ipsec === undefined && options.compartment === undefined && settings.mode !== "local")
    throw new UsageError("status needs --ipsec OCID or --compartment OCID");
  const built =
    factory ??
    (await dependencyFactoryFor(settings, { logger: createCliLogger(io, settings.logLevel), print: io.out }));
  const deps = built.forInvocation({
    callId: `cli-status-${Date.now()}`,
    deadline: new Date(built.clock.now().getTime() + 120_000),
    logger: built.logger.child({ command: "status" }),
  });
  const reader = deps.network;
  const ids =
    options.ipsec !== undefined
      ? [options.ipsec]
      : (
          await reader.listConnections(options.compartment ?? "", options.compartment === undefined)
        ).connections
          .map((c) => c.id)
          .sort();
  if (ids.length === 0) io.out("no IPSec connections found");
  for (const [i, id] of ids.entries()) {
    const live = await reader.readLive(id);
    const { state } = await readState(deps.store, id, deps.logger);
    if (live.status === "gone" && state === null && options.ipsec !== undefined)
      throw new UsageError(`IPSec connection ${id} not found (${live.reason})`);
    if (i > 0) io.out("");
    for (const line of statusTable(id, live, state, deps)) io.out(line);
  }
}

/** One connection's table, for a person. No secret is in either input. */
export function statusTable(
  id: string,
  live: LiveRead,
  state: ConnectionState | null,
  deps: Pick<Dependencies, "clock">,
): string[] {
  const connection = live.status === "found" ? live.connection : null;
  const lines = [
    `IPSec connection ${connection?.displayName ? `"${connection.displayName}" ` : ""}(${id})${live.status === "found" ? "" : `: ${live.status}, ${live.reason}`}`,
    ...tunnelRows(connection, state),
    `  last render: ${renderText(state, deps.clock.now())}`,
    `  rotation:    ${rotationText(state)}`,
  ];
  return lines;
}

function tunnelRows(connection: LiveConnection | null, state: ConnectionState | null): string[] {
  const recorded = state?.watch?.tunnels ?? [];
  const tunnels =
    connection?.tunnels.map((t) => ({
      id: t.id,
      ip: t.vpnIp ?? "?",
      status: t.status ?? "?",
      ike: t.ikeVersion ? t.ikeVersion.toLowerCase() : "?",
      bgp: t.routing === "BGP" ? (t.bgp?.state ?? "?") : "-",
    })) ??
    (state?.tunnels ?? []).map((t) => ({
      id: t.id,
      ip: t.oracleIp,
      status: `${t.status ?? "?"} (recorded)`,
      ike: "?",
      bgp: t.bgpState ?? "-",
    }));
  if (tunnels.length === 0) return ["  tunnels:     none known"];
  const rows = tunnels.map((t, i) => {
    const w = recorded.find((r) => r.id === t.id);
    // A state recorded as a baseline (no alert sent) has no time: nothing was announced.
    const alert =
      w?.announcedAt && w.announced !== "none" ? `${w.announced.toUpperCase()} at ${w.announcedAt}` : "none";
    return [`${i + 1}`, t.ip, t.status, t.ike, t.bgp, alert];
  });
  const table = [["tunnel", "headend", "IPsec", "IKE", "BGP", "last alert"], ...rows];
  const widths = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length))) ?? [];
  return table.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  ")}`.trimEnd());
}

function renderText(state: ConnectionState | null, now: Date): string {
  if (!state?.renderedAt)
    return state?.status === "pending" ? `pending: ${state.pendingReason ?? "?"}` : "never";
  const vendors = [...new Set(state.files.map((f) => f.vendor))];
  const expiry = state.files.map((f) => f.linkExpiresAt).sort()[0];
  const expired = expiry !== undefined && Date.parse(expiry) <= now.getTime();
  return `${state.renderedAt}; vendors ${vendors.join(", ") || "none"}; ${state.files.length} files; links ${expiry ? `${expired ? "expired" : "expire"} ${expiry}` : "none"}${state.announced ? "" : " (not announced yet)"}`;
}

function rotationText(state: ConnectionState | null): string {
  const r = state?.rotation;
  if (!r) return "never rotated by tunnelsmith";
  const tunnels = state?.tunnels ?? [];
  const keys = Object.entries(r.tunnels).map(([id, t]) => {
    const index = tunnels.findIndex((x) => x.id === id);
    return `tunnel ${index >= 0 ? index + 1 : id} at ${t.rotatedAt}${t.forced ? " (forced)" : ""}`;
  });
  const progress = r.inProgress
    ? `; IN PROGRESS since ${r.inProgress.startedAt} (${r.inProgress.phase})`
    : "";
  return `${keys.join(", ") || "no key rotated yet"}${progress}`;
}
