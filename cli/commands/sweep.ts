import { dependencyFactoryFor } from "../../shared/adapters/for-mode.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import type { SweepOutcome } from "../../shared/core/watch/outcome.ts";
import { handleSweep, parseSweepAction } from "../../shared/core/watch/sweep.ts";
import type { ShardedSweepOutcome } from "../../shared/core/watch/sweep-sharded.ts";
import type { DependencyFactory } from "../../shared/ports.ts";
import type { CliIo } from "../io.ts";
import { createCliLogger } from "../log.ts";
import { UsageError } from "../usage.ts";

export interface SweepCliOptions {
  compartment: string | undefined;
  subcompartments: boolean;
  json: boolean;
  /** Seconds the whole sweep may take (default 300, like the longest function timeout). */
  timeout: string | undefined;
}

const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * `tunnelsmith sweep --compartment OCID [--subcompartments] [--json] [--timeout S]`: the same sweep the scheduled
 * `{"action": "sweep"}` runs, on the same core and adapters (TUNNELSMITH_MODE=oci: the OCI config file plus the
 * function's bucket, topic and fingerprint key; local: the snapshot folder). Alerts go to the topic (or the local
 * outbox); the summary is printed. `factory` is for tests.
 */
export async function sweepCommand(
  options: SweepCliOptions,
  io: CliIo,
  factory?: DependencyFactory,
): Promise<void> {
  if (!options.compartment)
    throw new UsageError("sweep needs --compartment OCID (a compartment or the tenancy)");
  const timeout = options.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(options.timeout);
  if (!Number.isFinite(timeout) || timeout < 10 || timeout > 3600) {
    throw new UsageError(`--timeout "${options.timeout}" must be a number of seconds from 10 to 3600`);
  }
  const action = parseSweepAction({
    action: "sweep",
    compartmentId: options.compartment,
    includeSubcompartments: options.subcompartments,
  });
  const built = factory ?? (await buildFactory(io));
  const deps = built.forInvocation({
    callId: `cli-sweep-${Date.now()}`,
    deadline: new Date(built.clock.now().getTime() + timeout * 1000),
    logger: built.logger.child({ command: "sweep" }),
  });
  const outcome = await handleSweep(action, deps);
  if (options.json) io.out(JSON.stringify(outcome, null, 2));
  else for (const line of describeSweep(outcome)) io.out(line);
}

function buildFactory(io: CliIo): Promise<DependencyFactory> {
  const settings = loadSettings(io.env);
  const logger = createCliLogger(io, settings.logLevel);
  return dependencyFactoryFor(settings, { logger, print: io.out });
}

/** The sweep's outcome for a person. */
export function describeSweep(o: SweepOutcome | ShardedSweepOutcome): string[] {
  if (o.outcome === "sweep-sharded") {
    const w = o.work;
    return [
      `queued ${o.connections} IPSec connections of ${o.compartmentId} as ${o.shards} shards (sweep ${o.sweepId})`,
      `this run worked ${w.shards} shards: ${w.checked} checked, ${w.alertsQueued} alerts queued, ${w.requeued} requeued, ${w.retried} retried, ${w.failed.length} failed`,
    ];
  }
  const scope = o.includeSubcompartments ? `${o.compartments} compartments under` : "compartment";
  const lines = [
    `swept ${o.connections} IPSec connections in ${scope} ${o.compartmentId}: ${o.checked} checked`,
    o.alerts.length === 0
      ? "no tunnel changed"
      : `${o.alerts.length} tunnel alerts, sent as ${o.digest ? "one digest" : `${o.messageIds.length} messages`}:`,
    ...o.alerts.map(
      (a) =>
        `  ${a.state} ${a.severity} ${a.connectionId} tunnel ${a.tunnelIndex} ${a.oracleIp ?? "?"}${a.down ? ` (${a.down} down)` : ""}`,
    ),
  ];
  for (const r of o.rerendered)
    lines.push(`rendered again: ${r.connectionId}: ${r.outcome} (${r.reasons.join("; ")})`);
  for (const s of o.skipped) lines.push(`not checked: ${s.connectionId}: ${s.reason}`);
  return lines;
}
