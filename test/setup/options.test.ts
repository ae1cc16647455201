import { describe, expect, it } from "vitest";
import { cronProblem } from "../../shared/setup/option-schema.ts";
import { parseSetupOptions, SetupOptionsError } from "../../shared/setup/options.ts";
import { COMPARTMENT } from "./harness.ts";

const FN = "ocid1.fnfunc.oc1.ap-tokyo-1.aaaaaaaafn";
const base = { compartment: COMPARTMENT, "function-id": FN };

function problems(raw: Record<string, string | boolean | string[]>): string[] {
  try {
    parseSetupOptions({ ...base, ...raw });
  } catch (error) {
    if (error instanceof SetupOptionsError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe("setup options (one zod schema)", () => {
  it("fills every default from one place", () => {
    const input = parseSetupOptions(base);
    expect(input).toMatchObject({
      install: "tunnelsmith",
      bucket: "tunnelsmith-configs",
      networkCompartmentIds: [COMPARTMENT],
      sweepCron: "*/15 * * * *",
      alarmPendingMinutes: 5,
      detachedTimeoutSeconds: 900,
      rotation: null,
      subcompartments: false,
    });
  });

  it.each([
    ["99 99 * * *", /minute must be within 0-59 \(got "99"\)/],
    ["0 24 * * *", /hour must be within 0-23/],
    ["0 3 0 * *", /day of month must be within 1-31/],
    ["0 3 * 13 *", /month must be within 1-12/],
    ["0 3 * * 8", /day of week must be within 0-7/],
    ["*/0 * * * *", /step must be at least 1/],
    ["5-1 * * * *", /minute must be within/],
    ["hourly", /needs 5 fields/],
    ["0 3 * * MON", /is not a number/],
  ])("rejects the cron %j", (cron, message) => {
    expect(cronProblem(cron)).toMatch(message);
    expect(problems({ "sweep-cron": cron }).join("\n")).toMatch(/^--sweep-cron: must be a cron expression/);
  });

  it.each(["*/15 * * * *", "0 3 * * *", "0,30 8-18/2 1-31 1-12 0-7", "59 23 31 12 7"])(
    "accepts %j",
    (cron) => {
      expect(cronProblem(cron)).toBeNull();
    },
  );

  it("parses amounts and rotation", () => {
    const input = parseSetupOptions({
      ...base,
      "rotate-every": "90d",
      "alarm-pending": "10m",
      "detached-timeout": "1800s",
    });
    expect(input.rotation).toEqual({ maxAgeDays: 90, cron: "0 3 * * *" });
    expect(input.alarmPendingMinutes).toBe(10);
    expect(input.detachedTimeoutSeconds).toBe(1800);
    expect(parseSetupOptions({ ...base, "rotate-every": "off" }).rotation).toBe("off");
    expect(problems({ "detached-timeout": "3601s" })).toEqual([
      '--detached-timeout: must be seconds from 1 to 3600, e.g. 900s (got "3601s")',
    ]);
    expect(problems({ "alarm-pending": "61m" })).toEqual([
      '--alarm-pending: must be minutes from 1m to 60m, e.g. 5m (got "61m")',
    ]);
  });

  it("lists every problem at once and never echoes a webhook URL", () => {
    const found = problems({
      "function-id": "nope",
      "slack-url": ["http://hooks.example/secret"],
      email: ["x"],
    });
    expect(found).toHaveLength(3);
    expect(found.join("\n")).not.toContain("secret");
  });

  it("refuses --dry-run together with --print-policies", () => {
    expect(problems({ "dry-run": true, "print-policies": true })).toEqual([
      expect.stringMatching(/^--print-policies: cannot be combined with --dry-run/),
    ]);
  });
});
