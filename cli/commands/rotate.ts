import { dependencyFactoryFor } from "../../shared/adapters/for-mode.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import type { KeyAge } from "../../shared/core/rotation/key-age.ts";
import type { RotationOutcome } from "../../shared/core/rotation/outcome.ts";
import { rotateConnection } from "../../shared/core/rotation/rotate-connection.ts";
import { TunnelsmithError } from "../../shared/errors.ts";
import type { DependencyFactory } from "../../shared/ports.ts";
import { ocid } from "../../shared/snapshot/fields.ts";
import type { CliIo } from "../io.ts";
import { createCliLogger } from "../log.ts";
import { UsageError } from "../usage.ts";

/** How long a CLI rotation may take in all (waiting for OCI to reprovision the tunnel included). */
const CLI_TIMEOUT_MS = 10 * 60_000;

export interface RotateCliOptions {
  ipsec: string | undefined;
  tunnel: string | undefined;
  dryRun: boolean;
  force: boolean;
}

/** A rotation that was refused: exit code 2 with the reasons. Nothing was changed. */
export class RotationRefusedError extends TunnelsmithError {
  constructor(message: string) {
    super("ROTATION_REFUSED", message, { expose: true });
    this.name = "RotationRefusedError";
  }
}

/**
 * `tunnelsmith rotate --ipsec OCID [--tunnel OCID] [--dry-run] [--force]`: one rotation run for one connection,
 * with the same core and adapters as the function (TUNNELSMITH_MODE=oci: the OCI config file plus the function's
 * bucket, topic and fingerprint key; local: the snapshot folder). `factory` is for tests.
 */
export async function rotateCommand(
  options: RotateCliOptions,
  io: CliIo,
  factory?: DependencyFactory,
): Promise<void> {
  if (!options.ipsec) throw new UsageError("rotate needs --ipsec OCID");
  if (!ocid("ipsecconnection").safeParse(options.ipsec).success) {
    throw new UsageError(
      `--ipsec "${options.ipsec}" is not an IPSec connection OCID (ocid1.ipsecconnection.…)`,
    );
  }
  if (options.tunnel !== undefined && !ocid("ipsectunnel").safeParse(options.tunnel).success) {
    throw new UsageError(`--tunnel "${options.tunnel}" is not a tunnel OCID (ocid1.ipsectunnel.…)`);
  }
  const deps = (factory ?? (await buildFactory(io))).forInvocation({
    callId: `cli-rotate-${Date.now()}`,
    deadline: new Date(Date.now() + CLI_TIMEOUT_MS),
    logger: (factory?.logger ?? createCliLogger(io)).child({ command: "rotate" }),
  });
  const outcome = await rotateConnection(
    options.ipsec,
    {
      request: { tunnelId: options.tunnel ?? null, force: options.force, maxAgeDays: null },
      dryRun: options.dryRun,
    },
    deps,
  );
  if (outcome.outcome === "refused") {
    throw new RotationRefusedError(
      `rotation refused, nothing changed: ${outcome.reasons.join("; ")}${outcome.forceable ? " (--force overrides)" : ""}`,
    );
  }
  if (outcome.outcome === "ignored") {
    // Nothing was rotated because there is nothing to rotate (a mistyped or deleted connection): not a success.
    throw new TunnelsmithError("NOT_FOUND", `nothing rotated: ${outcome.reason}`, { expose: true });
  }
  for (const line of describe(outcome)) io.out(line);
}

function buildFactory(io: CliIo): Promise<DependencyFactory> {
  const settings = loadSettings(io.env);
  const logger = createCliLogger(io, settings.logLevel);
  return dependencyFactoryFor(settings, { logger, print: io.out });
}

function keyLine(k: KeyAge): string {
  const age =
    k.source === "recorded"
      ? `set by tunnelsmith at ${k.rotatedAt} (${(k.ageDays ?? 0).toFixed(1)} days ago)`
      : k.source === "changed"
        ? "changed outside tunnelsmith (age unknown)"
        : `never rotated by tunnelsmith (age unknown${k.atMostDays !== null ? `, at most ${k.atMostDays.toFixed(1)} days` : ""})`;
  return `  tunnel ${k.index} ${k.oracleIp} (${k.tunnelId}): ${age}`;
}

/** The outcome for a person; links are printed (they are the point), keys never exist in an outcome. */
export function describe(o: RotationOutcome): string[] {
  switch (o.outcome) {
    case "rotated":
      return [
        `rotated the pre-shared key of tunnel ${o.index} (${o.oracleIp}) of ${o.connectionId} at ${o.rotatedAt}`,
        ...(o.overridden.length > 0 ? [`FORCED over: ${o.overridden.join("; ")}`] : []),
        `revoked ${o.revokedLinks} old links; new files:`,
        ...o.files.map((f) => `  ${f.vendor}/${f.name}  ${f.url}  (expires ${f.expiresAt})`),
        `tunnel ${o.index} is down until the CPE has the new key: see the notification for what to change`,
      ];
    case "rotation-incomplete":
      return [
        `changed the pre-shared key of tunnel ${o.index} (${o.oracleIp}) of ${o.connectionId} at ${o.rotatedAt}, but ${o.reason}`,
        "run the same command again to store and announce the configs with the new key",
      ];
    case "repaired":
      return [
        `finished earlier work instead of rotating: ${o.reason} (render: ${o.render})`,
        ...o.files.map((f) => `  ${f.vendor}/${f.name}  ${f.url}  (expires ${f.expiresAt})`),
        "run the command again to rotate",
      ];
    case "refused":
      return [`refused: ${o.reasons.join("; ")}`];
    case "not-due":
      return [`not due: the key of tunnel ${o.tunnel.index} is younger than ${o.maxAgeDays} days`];
    case "dry-run":
      return [
        `dry run: would ${o.wouldDo === "nothing" ? "do nothing" : o.wouldDo}${o.tunnel ? ` (tunnel ${o.tunnel.index}, ${o.tunnel.oracleIp})` : ""}: ${o.reasons.join("; ")}`,
        ...(o.overridden.length > 0
          ? [
              `${o.wouldDo === "rotate" ? "overriding (--force)" : "--force would override"}: ${o.overridden.join("; ")}`,
            ]
          : []),
        "keys:",
        ...o.keys.map(keyLine),
        "nothing was changed",
      ];
    case "ignored":
      return [`nothing to do: ${o.reason}`];
  }
}
