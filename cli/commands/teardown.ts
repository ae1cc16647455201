import { parseArgs } from "node:util";
import { systemClock } from "../../shared/core/clock.ts";
import { parseTeardownOptions } from "../../shared/setup/options.ts";
import { runTeardown } from "../../shared/setup/run.ts";
import type { CliIo } from "../io.ts";
import { BUSY_ATTEMPTS, RunFailedError } from "./setup.ts";

const TEARDOWN_FLAGS = {
  compartment: { type: "string" },
  "network-compartment": { type: "string", multiple: true },
  bucket: { type: "string" },
  name: { type: "string" },
  "keep-bucket": { type: "boolean", default: false },
  iam: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
} as const;

/**
 * `tunnelsmith teardown`: deletes what setup created, recognised by its `tunnelsmith-setup` tag only (never by
 * name). The function is left to fn; a bucket that still holds objects is kept.
 */
export async function teardownCommand(args: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: TEARDOWN_FLAGS, strict: true });
  const input = parseTeardownOptions(values);
  const { createOciSetupPorts } = await import("../../shared/adapters/oci/setup/index.ts");
  const { ports, settings } = createOciSetupPorts(io.env);
  const ok = await runTeardown(input, ports, {
    out: io.out,
    clock: systemClock,
    busyAttempts: BUSY_ATTEMPTS,
    maxDelaySeconds: settings.retryMaxDelaySeconds,
  });
  if (!ok)
    throw new RunFailedError(
      "teardown stopped before the end (see above); run it again after fixing the cause",
    );
}
