import { describe, expect, it } from "vitest";
import { useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const SLACK = "https://hooks.slack.com/services/T000/B000/secretpart";
const FLAGS = ["--email", "ops@example.com", "--slack-url", SLACK];

const sub = (protocol: string) =>
  [...h.fake.control.subscriptions.values()].find((s) => s.protocol === protocol);

describe("subscriptions that wait for confirmation", () => {
  it("says which new subscriptions wait for their endpoint, and not the function's", async () => {
    const run = await h.setup(FLAGS);
    expect(run.code, run.err.join("\n")).toBe(0);
    const waiting = run.out.filter((l) => l.includes("waits for confirmation"));
    expect(waiting).toHaveLength(2);
    expect(waiting.join("\n")).toContain(`EMAIL ops@example.com (${sub("EMAIL")?.id})`);
    expect(waiting.join("\n")).toContain(`SLACK https://hooks.slack.com (${sub("SLACK")?.id})`);
    expect(run.text).not.toContain("secretpart");
    expect(sub("ORACLE_FUNCTIONS")?.lifecycleState).toBe("ACTIVE");
  });

  it("warns about PENDING ones on later runs and stops once they are confirmed", async () => {
    expect((await h.setup(FLAGS)).code).toBe(0);
    const again = await h.setup(FLAGS);
    expect(
      again.out.filter((l) => l.startsWith("Warning:") && l.includes("waits for confirmation")),
    ).toHaveLength(2);
    expect(again.text).toContain("--resend-confirmations");
    for (const s of h.fake.control.subscriptions.values()) s.lifecycleState = "ACTIVE";
    const confirmed = await h.setup(FLAGS);
    expect(confirmed.text).not.toContain("waits for confirmation");
  });

  it("--resend-confirmations asks OCI again for each PENDING subscription only", async () => {
    expect((await h.setup(FLAGS)).code).toBe(0);
    const email = sub("EMAIL");
    if (email) email.lifecycleState = "ACTIVE";
    const before = h.fake.requests.length;
    const run = await h.setup([...FLAGS, "--resend-confirmations"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.writesSince(before)).toEqual([`POST ons /subscriptions/${sub("SLACK")?.id}/resendConfirmation`]);
    expect(sub("SLACK")?.confirmationsSent).toBe(2);
    expect(sub("EMAIL")?.confirmationsSent).toBe(1);
    expect(run.text).toContain("Confirmation sent again: subscription SLACK https://hooks.slack.com");
  });

  it("--dry-run with --resend-confirmations sends nothing", async () => {
    expect((await h.setup(FLAGS)).code).toBe(0);
    const before = h.fake.requests.length;
    expect((await h.setup([...FLAGS, "--resend-confirmations", "--dry-run"])).code).toBe(0);
    expect(h.writesSince(before)).toEqual([]);
  });
});
