import { TunnelsmithError } from "../shared/errors.ts";

/** A command-line usage error: exit code 2, one line. */
export class UsageError extends TunnelsmithError {
  constructor(message: string) {
    super("USAGE", message, { expose: true });
    this.name = "UsageError";
  }
}

/**
 * Each command's usage, as `tunnelsmith <command> --help` prints it; `tunnelsmith help` prints them all. Keep the
 * flags here in step with the option tables in main.ts (a test checks that every flag is documented).
 */
export const COMMAND_USAGE: Readonly<Record<string, string>> = {
  render: `  tunnelsmith render --snapshot FILE [--snapshot FILE]… [--vendor ID]… [--out DIR]
      Render CPE configurations from connection snapshot files. Without --out, files are
      printed to stdout. Several snapshots for one CPE get distinct interfaces and marks.
  tunnelsmith render --ipsec OCID [--ipsec OCID]… [--vendor ID]… [--out DIR]
      Render straight from OCI (OCI config file; OCI_CONFIG_FILE, OCI_CLI_PROFILE);
      --vendor oci-helper fetches Oracle's own CPE configuration.`,
  check: `  tunnelsmith check --snapshot FILE [--vendor ID]…
      List every problem that keeps a vendor from rendering, each with the OCI or site change to make.`,
  snapshot: `  tunnelsmith snapshot --ipsec OCID [--out FILE]
      Fetch an IPSec connection from OCI as a snapshot file (it contains the PSKs: mode 0600).`,
  vendors: `  tunnelsmith vendors
      List the vendors that can be rendered.`,
  mss: `  tunnelsmith mss --mtu N [--nat-t] [--phase2 ENC] [--phase2-auth A] [--ipv6]
      Tunnel MTU and TCP MSS for ESP tunnel mode. ENC: AES_256_GCM (default), AES_128_CBC, …;
      A: HMAC_SHA2_256_128 or HMAC_SHA1_128 (CBC only); --ipv6: outer header is IPv6.`,
  rotate: `  tunnelsmith rotate --ipsec OCID [--tunnel OCID] [--dry-run] [--force]
      Rotate one tunnel's pre-shared key (the oldest, or --tunnel), store the new configs and
      announce them. Refused unless the other tunnel (and its BGP session) is UP; --force
      overrides that, loudly. --dry-run only reports. Uses TUNNELSMITH_MODE's adapters
      (oci: the function's bucket, topic and fingerprint key, and the OCI config file).`,
  sweep: `  tunnelsmith sweep --compartment OCID [--subcompartments] [--json] [--timeout S]
      Check every IPSec connection's tunnels and BGP sessions against the recorded state, alert
      on changes (one digest when many), and render again connections whose configs drifted from
      OCI. Same adapters as rotate (TUNNELSMITH_MODE); the scheduled {"action": "sweep"} does the same.`,
  status: `  tunnelsmith status [--ipsec OCID | --compartment OCID]
      One table per connection: tunnels (IPsec status, IKE, BGP, last alert), last render (time,
      vendors, files, link expiry) and rotation state, from OCI and the function's state.json. Same
      adapters as rotate (TUNNELSMITH_MODE); locally, without a flag, every snapshot's connection.`,
  invoke: `  tunnelsmith invoke EVENT.json
      Run one event through the function handler on the local adapters (snapshots from
      TUNNELSMITH_SNAPSHOT_DIR, default events/snapshots; output in TUNNELSMITH_STATE_DIR, default .tunnelsmith).`,
  setup: `  tunnelsmith setup --compartment OCID --function-id OCID [--network-compartment OCID]… [--bucket NAME]
      [--kms-key-id OCID] [--email ADDR]… [--slack-url URL]… [--https-url URL]… [--pagerduty-url URL]…
      [--rotate-every 90d|off] [--rotate-cron CRON] [--sweep-cron CRON] [--alarm-pending 5m] [--name NAME]
      [--queue [--queue-max-deliveries N] [--queue-worker-cron CRON] [--publish-cron CRON]] [--iam]
      [--dry-run | --print-policies]
      Create or update the bucket, topics, subscriptions, Events rule, tunnel alarm, schedules and the
      function's configuration (idempotent). --dry-run prints the plan; --print-policies the IAM to create.`,
  teardown: `  tunnelsmith teardown --compartment OCID [--network-compartment OCID]… [--bucket NAME] [--name NAME]
      [--keep-bucket] [--iam] [--dry-run]
      Delete what setup created (found by its tags); the function is left to fn.`,
};

/** Options every command takes. */
export const COMMON_OPTIONS_USAGE =
  "Every command: --help (its usage), --log-format text|json (default text; or TUNNELSMITH_LOG_FORMAT=json).";

export const EXIT_CODES_USAGE = "Exit codes: 0 ok, 2 usage or validation error, 1 anything else.";

export const USAGE = `tunnelsmith — OCI Site-to-Site VPN CPE configurations

Usage:
${Object.values(COMMAND_USAGE).join("\n")}
  tunnelsmith --version
      Print the version.

${COMMON_OPTIONS_USAGE}
${EXIT_CODES_USAGE}`;

/** `tunnelsmith <command> --help`. */
export function commandUsage(command: string): string {
  return `Usage:\n${COMMAND_USAGE[command] ?? ""}\n\n${COMMON_OPTIONS_USAGE}\n${EXIT_CODES_USAGE}`;
}
