import { z } from "zod";
import { DEFAULT_BUCKET, DEFAULT_INSTALL_NAME } from "./names.ts";

/**
 * The zod pieces behind `tunnelsmith setup` / `teardown` flags, and every default in one place. Messages name what
 * a flag must be and echo the value, except for URLs (a Slack or PagerDuty URL is a credential).
 */

/** Every default of a setup or teardown flag. */
export const SETUP_DEFAULTS = {
  name: DEFAULT_INSTALL_NAME,
  bucket: DEFAULT_BUCKET,
  sweepCron: "*/15 * * * *",
  rotateCron: "0 3 * * *",
  alarmPending: "5m",
  /** Detached (scheduled) invocations: a sweep of many connections can take longer than the 300 s sync limit. */
  detachedTimeoutSeconds: 900,
  /** Deliveries before a shard goes to the dead-letter queue: the function's TUNNELSMITH_QUEUE_MAX_DELIVERIES default. */
  queueMaxDeliveries: 5,
  /** How long a shard stays in the queue unprocessed (OCI allows 10 s to 7 days; a sweep repeats sooner). */
  queueRetentionSeconds: 86_400,
  /** The shard workers' schedule (`sweep-shard`): one extra worker every 5 minutes beside the sweep itself. */
  queueWorkerCron: "*/5 * * * *",
  /** The alert publisher (`publish-alerts`): every minute; Resource Scheduler's shortest interval is unconfirmed. */
  publishCron: "* * * * *",
} as const;

const INSTALL = /^[a-z][a-z0-9-]{1,30}$/;
const BUCKET = /^[A-Za-z0-9_.-]{1,63}$/;
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[A-Za-z]{2,}$/;
const REGION = /^[a-z]+-[a-z]+-\d+$/;
const ocidOf = (types: string) => new RegExp(`^ocid1\\.(${types})\\.[a-z0-9-]+\\.[a-z0-9-]*\\.[a-z0-9._-]+$`);
/** A compartment or the tenancy (root compartment). */
export const COMPARTMENT_OCID = ocidOf("compartment|tenancy");

const got = (input: unknown) => `(got "${String(input)}")`;

/** A required (or, with `.optional()`, optional) string matching `re`. */
function matching(re: RegExp, what: string) {
  return z
    .string({ error: `is required (${what})` })
    .trim()
    .regex(re, { error: (iss) => `must be ${what} ${got(iss.input)}` });
}

/** A repeatable flag: every value, trimmed, duplicates dropped. */
function repeated<T extends z.ZodType<string>>(item: T) {
  return z
    .array(item)
    .default([])
    .transform((values) => [...new Set(values)]);
}

/** Notifications delivers to https endpoints only; the URL is a credential, so the message does not echo it. */
const httpsUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && new URL(v).protocol === "https:" && !/\s/.test(v), {
    error: "must be an https:// URL",
  });

const CRON_FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

/** What is wrong with a 5-field cron expression (numbers, `*`, ranges, lists, steps), or null. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length)
    return "needs 5 fields: minute hour day-of-month month day-of-week";
  for (const [i, field] of fields.entries()) {
    const { name, min, max } = CRON_FIELDS[i] ?? CRON_FIELDS[0];
    for (const part of field.split(",")) {
      const m = /^(?:\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return `${name} "${part}" is not a number, *, range, list or step`;
      const from = m[1] === undefined ? min : Number(m[1]);
      const to = m[2] === undefined ? (m[1] === undefined ? max : from) : Number(m[2]);
      if (from < min || to > max || from > to) return `${name} must be within ${min}-${max} (got "${part}")`;
      if (m[3] !== undefined && Number(m[3]) < 1) return `${name} step must be at least 1`;
    }
  }
  return null;
}

function cron(fallback: string) {
  return z
    .string()
    .trim()
    .default(fallback)
    .superRefine((value, ctx) => {
      const problem = cronProblem(value);
      if (problem)
        ctx.addIssue({ code: "custom", message: `must be a cron expression like "${fallback}": ${problem}` });
    });
}

/** `Nm` minutes, `Nd` days or `Ns` seconds within [min, max]. */
function amount(unit: "m" | "d" | "s", min: number, max: number, what: string) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      const m = new RegExp(`^(\\d{1,5})${unit}${unit === "s" ? "?" : ""}$`).exec(value);
      const n = m ? Number(m[1]) : Number.NaN;
      if (!(n >= min && n <= max)) {
        ctx.addIssue({ code: "custom", message: `must be ${what} ${got(value)}` });
        return z.NEVER;
      }
      return n;
    });
}

/** The flags setup and teardown share. */
export const commonFlags = {
  name: z
    .string()
    .trim()
    .default(SETUP_DEFAULTS.name)
    .pipe(
      z.string().regex(INSTALL, {
        error: "must be 2-31 lower-case letters, digits and hyphens, starting with a letter",
      }),
    ),
  compartment: matching(COMPARTMENT_OCID, "a compartment OCID (ocid1.compartment.…)"),
  "network-compartment": repeated(matching(COMPARTMENT_OCID, "a compartment OCID")),
  bucket: z
    .string()
    .trim()
    .default(SETUP_DEFAULTS.bucket)
    .pipe(z.string().regex(BUCKET, { error: "must be a bucket name (letters, digits, - _ .; at most 63)" })),
  iam: z.boolean().default(false),
  "dry-run": z.boolean().default(false),
};

/** The flags only setup has. */
export const setupFlags = {
  ...commonFlags,
  "function-id": matching(ocidOf("fnfunc"), "a function OCID (ocid1.fnfunc.…)"),
  "function-compartment": matching(COMPARTMENT_OCID, "a compartment OCID").optional(),
  region: matching(REGION, "a region identifier like ap-tokyo-1").optional(),
  "kms-key-id": matching(ocidOf("key"), "a Vault key OCID (ocid1.key.…)").optional(),
  email: repeated(
    z
      .string()
      .trim()
      .regex(EMAIL, { error: (iss) => `"${String(iss.input)}" is not an e-mail address` }),
  ),
  "slack-url": repeated(httpsUrl),
  "https-url": repeated(httpsUrl),
  "pagerduty-url": repeated(httpsUrl),
  "rotate-every": z
    .string()
    .trim()
    .pipe(z.union([z.literal("off"), amount("d", 1, 3650, "a number of days like 90d, or off")]))
    .optional(),
  "rotate-cron": cron(SETUP_DEFAULTS.rotateCron),
  "sweep-cron": cron(SETUP_DEFAULTS.sweepCron),
  "alarm-pending": z
    .string()
    .trim()
    .default(SETUP_DEFAULTS.alarmPending)
    .pipe(amount("m", 1, 60, "minutes from 1m to 60m, e.g. 5m")),
  "detached-timeout": amount("s", 1, 3600, "seconds from 1 to 3600, e.g. 900s").default(
    SETUP_DEFAULTS.detachedTimeoutSeconds,
  ),
  subcompartments: z.boolean().default(false),
  queue: z.boolean().default(false),
  "queue-max-deliveries": z.coerce
    .number({ error: "must be a whole number from 1 to 20" })
    .int({ error: "must be a whole number from 1 to 20" })
    .min(1, { error: "must be a whole number from 1 to 20" })
    .max(20, { error: "must be a whole number from 1 to 20" })
    .default(SETUP_DEFAULTS.queueMaxDeliveries),
  "queue-worker-cron": cron(SETUP_DEFAULTS.queueWorkerCron),
  "publish-cron": cron(SETUP_DEFAULTS.publishCron),
  "resend-confirmations": z.boolean().default(false),
  "print-policies": z.boolean().default(false),
};
