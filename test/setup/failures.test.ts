import { describe, expect, it } from "vitest";
import { SETUP_ORIGINS } from "../msw/setup-server.ts";
import { COMPARTMENT, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const NOTIFICATIONS = "https://notification.oci.invalid/20181201";

describe("tunnelsmith setup when OCI answers with errors", () => {
  it("retries a 429 and carries on", async () => {
    h.server.use(
      h.fault("events", "post", `${SETUP_ORIGINS.events}/20181201/rules`, 429, "TooManyRequests", 2),
    );
    const run = await h.setup();
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.fake.requestsTo("POST", /^\/rules$/).map((r) => r.status)).toEqual([429, 429, 200]);
    expect(h.fake.control.rules.size).toBe(1);
    expect(h.fake.control.alarms.size).toBe(1); // and went on after it
  });

  it("retries an action whose resource is busy (409 IncorrectState)", async () => {
    expect((await h.setup()).code).toBe(0);
    const [alarm] = [...h.fake.control.alarms.values()];
    if (alarm) alarm.severity = "WARNING";
    h.server.use(
      h.fault(
        "monitoring",
        "put",
        `${SETUP_ORIGINS.monitoring}/20180401/alarms/:id`,
        409,
        "IncorrectState",
        2,
      ),
    );
    const run = await h.setup();
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.fake.requestsTo("PUT", /^\/alarms\//).map((r) => r.status)).toEqual([409, 409, 200]);
    expect(h.fake.control.alarms.get(String(alarm?.id))?.severity).toBe("CRITICAL");
  });

  it("stops at a 409 on create, says what to do, and continues there on the next run", async () => {
    // A topic with the same name in another compartment: topic names are unique in the whole tenancy.
    const otherId = h.fake.control.newId("onstopic");
    h.fake.control.topics.set(otherId, {
      topicId: otherId,
      name: "tunnelsmith-alarms",
      compartmentId: "ocid1.compartment.oc1..aaaaaaaasomeoneelse",
      lifecycleState: "ACTIVE",
      freeformTags: {},
    });

    const run = await h.setup();

    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      "tunnelsmith: setup stopped before the end (see above); run the same command again after fixing the cause",
    ]);
    expect(run.text).toMatch(
      /failed +topic tunnelsmith-alarms: OCI Notifications: CreateTopic failed \(HTTP 409, Conflict/,
    );
    expect(run.text).toContain("topic names are unique in the whole tenancy");
    expect(run.text).toMatch(/not run +rule tunnelsmith-ipsec-events/);
    expect(run.text).toMatch(
      /Stopped at topic tunnelsmith-alarms: 2 created, 0 changed, 0 deleted before it/,
    );
    // What came before it exists; nothing after it was attempted.
    expect(h.fake.buckets.has("tunnelsmith-configs")).toBe(true);
    expect(h.fake.control.rules.size + h.fake.control.alarms.size + h.fake.control.schedules.size).toBe(0);

    h.fake.control.topics.delete(otherId);
    const before = h.fake.requests.length;
    const again = await h.setup();
    expect(again.code, again.err.join("\n")).toBe(0);
    // The bucket is not redone; its lifecycle rule (after everything else) is created now.
    const bucketWrites = h.writesSince(before).filter((w) => w.includes("/n/tsfakens/b"));
    expect(bucketWrites).toEqual(["PUT objectstorage /n/tsfakens/b/tunnelsmith-configs/l"]);
    expect(h.fake.control.rules.size).toBe(1);
    expect(h.fake.control.alarms.size).toBe(1);
  });

  it("reports a request that keeps failing after the SDK's retries", async () => {
    h.server.use(h.fault("ons", "post", `${NOTIFICATIONS}/subscriptions`, 503, "ServiceUnavailable", 100));
    const run = await h.setup();
    expect(run.code).toBe(1);
    expect(h.fake.requestsTo("POST", /^\/subscriptions$/)).toHaveLength(5); // TUNNELSMITH_RETRY_MAX_ATTEMPTS
    expect(run.text).toMatch(/failed +subscription ORACLE_FUNCTIONS .*CreateSubscription failed \(HTTP 503/);
  });

  it("exits 2 with one line when the function does not exist, before changing anything", async () => {
    const run = await h.cli([
      "setup",
      "--compartment",
      COMPARTMENT,
      "--function-id",
      "ocid1.fnfunc.oc1.ap-tokyo-1.aaaaaaaadoesnotexist",
    ]);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      "tunnelsmith: function ocid1.fnfunc.oc1.ap-tokyo-1.aaaaaaaadoesnotexist (deploy it with fn deploy first) not found",
    ]);
    expect(h.writesSince(0)).toEqual([]);
  });

  it.each([
    [["setup"], /--compartment: is required.*--function-id: is required/],
    [["setup", "--compartment", "x", "--function-id", "ocid1.fnfunc.oc1.r.aaaa"], /--compartment: must be/],
    [
      [
        "setup",
        "--compartment",
        COMPARTMENT,
        "--function-id",
        "ocid1.fnfunc.oc1.r.a",
        "--rotate-every",
        "3m",
      ],
      /--rotate-every/,
    ],
    [
      [
        "setup",
        "--compartment",
        COMPARTMENT,
        "--function-id",
        "ocid1.fnfunc.oc1.r.a",
        "--slack-url",
        "http://x",
      ],
      /--slack-url: must be an https/,
    ],
    [
      ["setup", "--compartment", COMPARTMENT, "--function-id", "ocid1.fnfunc.oc1.r.a", "--email", "nobody"],
      /--email: "nobody"/,
    ],
    [
      [
        "setup",
        "--compartment",
        COMPARTMENT,
        "--function-id",
        "ocid1.fnfunc.oc1.r.a",
        "--sweep-cron",
        "hourly",
      ],
      /--sweep-cron/,
    ],
    [
      [
        "setup",
        "--compartment",
        COMPARTMENT,
        "--function-id",
        "ocid1.fnfunc.oc1.r.a",
        "--dry-run",
        "--print-policies",
      ],
      /--print-policies: cannot be combined with --dry-run/,
    ],
    [["teardown"], /--compartment: is required/],
  ])("%j is a usage error (exit 2) and calls nothing", async (argv, message) => {
    const run = await h.cli(argv);
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toMatch(message);
    expect(h.fake.requests).toEqual([]);
  });
});
