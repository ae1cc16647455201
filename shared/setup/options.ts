import { ValidationError, type ValidationIssue } from "../errors.ts";
import { DEFAULT_BUCKET, DEFAULT_INSTALL_NAME } from "./names.ts";

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
  /** Also create the dynamic group and policy (tenancy administrators only). */
  iam: boolean;
  dryRun: boolean;
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

const INSTALL = /^[a-z][a-z0-9-]{1,30}$/;
const BUCKET = /^[A-Za-z0-9_.-]{1,63}$/;
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[A-Za-z]{2,}$/;
const CRON_FIELD = /^[0-9*/,-]+$/;
const OCID_OF = (type: string) => new RegExp(`^ocid1\\.${type}\\.[a-z0-9-]+\\.[a-z0-9-]*\\.[a-z0-9._-]+$`);
const COMPARTMENT = /^ocid1\.(compartment|tenancy)\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/;

/** Collects problems instead of throwing at the first one. */
class Checker {
  readonly issues: ValidationIssue[] = [];
  constructor(private readonly raw: RawOptions) {}

  problem(flag: string, message: string): void {
    this.issues.push({ path: `--${flag}`, message });
  }

  text(flag: string): string | null {
    const v = this.raw[flag];
    if (typeof v === "string" && v.trim()) return v.trim();
    return null;
  }

  list(flag: string): string[] {
    const v = this.raw[flag];
    const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return values.filter((x): x is string => typeof x === "string").map((x) => x.trim());
  }

  flag(name: string): boolean {
    return this.raw[name] === true;
  }

  matching(flag: string, pattern: RegExp, what: string, required: boolean): string {
    const value = this.text(flag);
    if (value === null) {
      if (required) this.problem(flag, `is required (${what})`);
      return "";
    }
    if (!pattern.test(value)) this.problem(flag, `must be ${what} (got "${value}")`);
    return value;
  }

  urls(flag: string): string[] {
    const out: string[] = [];
    for (const value of this.list(flag)) {
      let url: URL | null = null;
      try {
        url = new URL(value);
      } catch {
        // reported below
      }
      // Notifications delivers to https endpoints only; the URL is a credential, so do not echo it back.
      if (url === null || url.protocol !== "https:" || /\s/.test(value)) {
        this.problem(flag, "must be an https:// URL");
        continue;
      }
      out.push(value);
    }
    return out;
  }

  cron(flag: string, fallback: string): string {
    const value = this.text(flag) ?? fallback;
    const fields = value.split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
      this.problem(flag, `must be a 5-field cron expression like "${fallback}" (got "${value}")`);
    }
    return value;
  }
}

function common(c: Checker) {
  const install = c.text("name") ?? DEFAULT_INSTALL_NAME;
  if (!INSTALL.test(install))
    c.problem("name", "must be 2-31 lower-case letters, digits and hyphens, starting with a letter");
  const compartmentId = c.matching(
    "compartment",
    COMPARTMENT,
    "a compartment OCID (ocid1.compartment.…)",
    true,
  );
  const networks = c.list("network-compartment");
  for (const n of networks) {
    if (!COMPARTMENT.test(n)) c.problem("network-compartment", `must be a compartment OCID (got "${n}")`);
  }
  const networkCompartmentIds = networks.length > 0 ? [...new Set(networks)] : [compartmentId];
  const bucket = c.text("bucket") ?? DEFAULT_BUCKET;
  if (!BUCKET.test(bucket)) c.problem("bucket", "must be a bucket name (letters, digits, - _ .; at most 63)");
  return {
    install,
    compartmentId,
    networkCompartmentIds,
    bucket,
    iam: c.flag("iam"),
    dryRun: c.flag("dry-run"),
  };
}

/** Validates `tunnelsmith setup` flags; every problem is reported at once. */
export function parseSetupOptions(raw: RawOptions): SetupInput {
  const c = new Checker(raw);
  const base = common(c);
  const functionId = c.matching("function-id", OCID_OF("fnfunc"), "a function OCID (ocid1.fnfunc.…)", true);
  const kmsKeyId = c.text("kms-key-id");
  if (kmsKeyId !== null && !OCID_OF("key").test(kmsKeyId))
    c.problem("kms-key-id", "must be a Vault key OCID (ocid1.key.…)");
  const emails = c.list("email");
  for (const e of emails) if (!EMAIL.test(e)) c.problem("email", `"${e}" is not an e-mail address`);

  const pending = c.text("alarm-pending") ?? "5m";
  const pendingMatch = /^(\d{1,2})m$/.exec(pending);
  const alarmPendingMinutes = pendingMatch ? Number(pendingMatch[1]) : 0;
  if (alarmPendingMinutes < 1 || alarmPendingMinutes > 60)
    c.problem("alarm-pending", `must be minutes from 1m to 60m, e.g. 5m (got "${pending}")`);

  const rotateEvery = c.text("rotate-every");
  const rotateCron = c.cron("rotate-cron", "0 3 * * *");
  let rotation: RotationOption = null;
  if (rotateEvery === "off") rotation = "off";
  else if (rotateEvery !== null) {
    const days = /^(\d{1,4})d$/.exec(rotateEvery);
    const maxAgeDays = days ? Number(days[1]) : 0;
    if (maxAgeDays < 1 || maxAgeDays > 3650)
      c.problem("rotate-every", `must be a number of days like 90d, or off (got "${rotateEvery}")`);
    rotation = { maxAgeDays, cron: rotateCron };
  }

  const input: SetupInput = {
    ...base,
    functionId,
    kmsKeyId,
    emails: [...new Set(emails)],
    slackUrls: [...new Set(c.urls("slack-url"))],
    httpsUrls: [...new Set(c.urls("https-url"))],
    pagerDutyUrls: [...new Set(c.urls("pagerduty-url"))],
    rotation,
    sweepCron: c.cron("sweep-cron", "*/15 * * * *"),
    alarmPendingMinutes,
  };
  if (c.issues.length > 0) throw new SetupOptionsError(c.issues);
  return input;
}

/** Validates `tunnelsmith teardown` flags. */
export function parseTeardownOptions(raw: RawOptions): TeardownInput {
  const c = new Checker(raw);
  const base = common(c);
  const input: TeardownInput = { ...base, keepBucket: c.flag("keep-bucket") };
  if (c.issues.length > 0) throw new SetupOptionsError(c.issues);
  return input;
}
