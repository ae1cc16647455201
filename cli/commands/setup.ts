import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { systemClock } from "../../shared/core/clock.ts";
import { TunnelsmithError } from "../../shared/errors.ts";
import { parseSetupOptions } from "../../shared/setup/options.ts";
import { policyLines } from "../../shared/setup/print-policies.ts";
import { runSetup } from "../../shared/setup/run.ts";
import type { CliIo } from "../io.ts";

/** A setup or teardown run that stopped at a failed action (exit code 1; the report is already printed). */
export class RunFailedError extends TunnelsmithError {
  constructor(message: string) {
    super("RUN_FAILED", message, { expose: true });
    this.name = "RunFailedError";
  }
}

/** Attempts for an action whose resource is still busy (409 IncorrectState), e.g. a topic being created. */
export const BUSY_ATTEMPTS = 4;

const SETUP_FLAGS = {
  compartment: { type: "string" },
  "network-compartment": { type: "string", multiple: true },
  "function-id": { type: "string" },
  "function-compartment": { type: "string" },
  region: { type: "string" },
  bucket: { type: "string" },
  "kms-key-id": { type: "string" },
  email: { type: "string", multiple: true },
  "slack-url": { type: "string", multiple: true },
  "https-url": { type: "string", multiple: true },
  "pagerduty-url": { type: "string", multiple: true },
  "rotate-every": { type: "string" },
  "rotate-cron": { type: "string" },
  "sweep-cron": { type: "string" },
  "alarm-pending": { type: "string" },
  "detached-timeout": { type: "string" },
  name: { type: "string" },
  subcompartments: { type: "boolean", default: false },
  queue: { type: "boolean", default: false },
  "queue-max-deliveries": { type: "string" },
  "queue-worker-cron": { type: "string" },
  "publish-cron": { type: "string" },
  "resend-confirmations": { type: "boolean", default: false },
  iam: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
  "print-policies": { type: "boolean", default: false },
} as const;

/**
 * `tunnelsmith setup`: creates or updates everything the function needs around it (bucket, topics,
 * subscriptions, Events rule, alarm, schedules, its configuration; IAM with --iam), idempotently. `--dry-run`
 * prints the plan only; `--print-policies` prints the IAM to create, offline. OCI access: the OCI config file
 * (`OCI_CONFIG_FILE`, `OCI_CLI_PROFILE`); the SDK is loaded only here.
 */
export async function setupCommand(args: readonly string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: SETUP_FLAGS, strict: true });
  const input = parseSetupOptions(values);
  if (input.printPolicies) {
    // Offline: no OCI config is read and no API is called.
    for (const line of policyLines(input)) io.out(line);
    return;
  }
  const { createOciSetupPorts } = await import("../../shared/adapters/oci/setup/index.ts");
  const { ports, settings } = createOciSetupPorts(io.env);
  const options = {
    out: io.out,
    env: io.env,
    // Only used when the function has no key yet; never printed.
    fingerprintKey: randomBytes(32).toString("base64url"),
    clock: systemClock,
    busyAttempts: BUSY_ATTEMPTS,
    maxDelaySeconds: settings.retryMaxDelaySeconds,
  };
  if (!(await runSetup(input, ports, options))) {
    throw new RunFailedError(
      "setup stopped before the end (see above); run the same command again after fixing the cause",
    );
  }
}
