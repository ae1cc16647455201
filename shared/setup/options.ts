import { z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors.ts";
import { commonFlags, setupFlags } from "./option-schema.ts";

/** Setup or teardown flags that are missing or malformed (exit code 2, every problem listed). */
export class SetupOptionsError extends ValidationError {
  constructor(issues: readonly ValidationIssue[]) {
    super("SETUP_OPTIONS_INVALID", "invalid options", issues);
    this.name = "SetupOptionsError";
  }
}

/** PSK rotation as setup should leave it. */
export type RotationOption =
  /** Schedule `{"action":"rotate-psk",…,"maxAgeDays":N}` on `cron`. */
  | { maxAgeDays: number; cron: string }
  /** Remove the rotation schedules (`--rotate-every off`). */
  | "off"
  /** Not mentioned: leave whatever exists (rotation is off unless a previous run turned it on). */
  | null;

/** What `tunnelsmith setup` is asked to do, validated. */
export interface SetupInput {
  /** Install name: prefix of every resource name and value of the `tunnelsmith-setup` tag. */
  install: string;
  /** Where the bucket, topics, alarms and schedules live. */
  compartmentId: string;
  /** Compartments holding IPSec connections: one Events rule, alarm and sweep schedule each. */
  networkCompartmentIds: string[];
  /** The deployed function (`fn deploy` prints it; `fn inspect function APP tunnelsmith id`). */
  functionId: string;
  /** `--function-compartment`: where the function lives, for `--print-policies` (which reads nothing). */
  functionCompartmentId: string | null;
  /** `--region`: the region for `--print-policies` (default: from the function's OCID). */
  region: string | null;
  bucket: string;
  /** Vault key for the bucket's encryption; null: Oracle-managed keys. */
  kmsKeyId: string | null;
  emails: string[];
  slackUrls: string[];
  httpsUrls: string[];
  pagerDutyUrls: string[];
  rotation: RotationOption;
  sweepCron: string;
  /** How long a tunnel must be down before the alarm fires. */
  alarmPendingMinutes: number;
  /** The function's limit for detached (scheduled) invocations. */
  detachedTimeoutSeconds: number;
  /** Alarms also watch the network compartments' subcompartments. */
  subcompartments: boolean;
  /** `--queue`: the sharded sweep's work queue, and the deliveries before a shard is dead-lettered; null: none. */
  queue: { maxDeliveries: number; workerCron: string; publishCron: string } | null;
  /** Ask OCI to send the confirmation message again to subscriptions still PENDING. */
  resendConfirmations: boolean;
  /** Also create the dynamic groups and policy (tenancy administrators only). */
  iam: boolean;
  dryRun: boolean;
  /** Print the IAM to create, offline. */
  printPolicies: boolean;
}

/** What `tunnelsmith teardown` is asked to do. */
export interface TeardownInput {
  install: string;
  compartmentId: string;
  networkCompartmentIds: string[];
  bucket: string;
  keepBucket: boolean;
  iam: boolean;
  dryRun: boolean;
}

/** Flag values as `node:util` parseArgs returns them. */
export type RawOptions = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** zod's issues as flag problems: `--flag: message`. */
function parse<T extends z.ZodType>(schema: T, raw: RawOptions): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new SetupOptionsError(
    result.error.issues.map((issue) => ({
      path: `--${String(issue.path[0] ?? "")}`,
      message: issue.message,
    })),
  );
}

const setupSchema = z.object(setupFlags).superRefine((v, ctx) => {
  if (v["print-policies"] && v["dry-run"]) {
    ctx.addIssue({
      code: "custom",
      path: ["print-policies"],
      message: "cannot be combined with --dry-run (--print-policies changes nothing and reads nothing)",
    });
  }
});

const teardownSchema = z.object({ ...commonFlags, "keep-bucket": z.boolean().default(false) });

/** Validates `tunnelsmith setup` flags; every problem is reported at once. */
export function parseSetupOptions(raw: RawOptions): SetupInput {
  const v = parse(setupSchema, raw);
  const rotateEvery = v["rotate-every"];
  return {
    install: v.name,
    compartmentId: v.compartment,
    networkCompartmentIds: v["network-compartment"].length > 0 ? v["network-compartment"] : [v.compartment],
    functionId: v["function-id"],
    functionCompartmentId: v["function-compartment"] ?? null,
    region: v.region ?? null,
    bucket: v.bucket,
    kmsKeyId: v["kms-key-id"] ?? null,
    emails: v.email,
    slackUrls: v["slack-url"],
    httpsUrls: v["https-url"],
    pagerDutyUrls: v["pagerduty-url"],
    rotation:
      rotateEvery === undefined
        ? null
        : rotateEvery === "off"
          ? "off"
          : { maxAgeDays: rotateEvery, cron: v["rotate-cron"] },
    sweepCron: v["sweep-cron"],
    alarmPendingMinutes: v["alarm-pending"],
    detachedTimeoutSeconds: v["detached-timeout"],
    subcompartments: v.subcompartments,
    queue: v.queue
      ? {
          maxDeliveries: v["queue-max-deliveries"],
          workerCron: v["queue-worker-cron"],
          publishCron: v["publish-cron"],
        }
      : null,
    resendConfirmations: v["resend-confirmations"],
    iam: v.iam,
    dryRun: v["dry-run"],
    printPolicies: v["print-policies"],
  };
}

/** Validates `tunnelsmith teardown` flags. */
export function parseTeardownOptions(raw: RawOptions): TeardownInput {
  const v = parse(teardownSchema, raw);
  return {
    install: v.name,
    compartmentId: v.compartment,
    networkCompartmentIds: v["network-compartment"].length > 0 ? v["network-compartment"] : [v.compartment],
    bucket: v.bucket,
    keepBucket: v["keep-bucket"],
    iam: v.iam,
    dryRun: v["dry-run"],
  };
}
