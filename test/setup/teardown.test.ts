import { describe, expect, it } from "vitest";
import { COMPARTMENT, NETWORK, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const SETUP = [
  "--network-compartment",
  NETWORK,
  "--email",
  "ops@example.com",
  "--rotate-every",
  "90d",
  "--iam",
];
const TEARDOWN = ["teardown", "--compartment", COMPARTMENT, "--network-compartment", NETWORK, "--iam"];

/** A rule and a topic somebody made by hand next to tunnelsmith's: teardown must not touch them. */
function addBystanders(): string[] {
  const cp = h.fake.control;
  const ruleId = cp.newId("eventrule");
  cp.rules.set(ruleId, {
    id: ruleId,
    displayName: "tunnelsmith-ipsec-events", // even with tunnelsmith's name: untagged means not ours
    compartmentId: NETWORK,
    condition: "{}",
    isEnabled: true,
    lifecycleState: "ACTIVE",
    freeformTags: {},
    actions: { actions: [] },
  });
  const topicId = cp.newId("onstopic");
  cp.topics.set(topicId, {
    topicId,
    name: "network-team",
    compartmentId: COMPARTMENT,
    lifecycleState: "ACTIVE",
    freeformTags: { team: "network" },
  });
  return [ruleId, topicId];
}

describe("tunnelsmith teardown", () => {
  it("deletes everything setup created, found by its tags, dependents first", async () => {
    expect((await h.setup(SETUP)).code).toBe(0);
    const bystanders = addBystanders();
    const config = { ...(h.fake.control.functions.get(h.functionId)?.config as Record<string, string>) };
    const before = h.fake.requests.length;

    const run = await h.cli(TEARDOWN);

    expect(run.code, run.err.join("\n")).toBe(0);
    const deletes = h.writesSince(before);
    expect(deletes.every((w) => w.startsWith("DELETE "))).toBe(true);
    expect(deletes.map((w) => w.split(" ")[2]?.split("/")[1])).toEqual([
      "alarms",
      "rules",
      "policies",
      "dynamicGroups",
      "schedules",
      "schedules",
      "subscriptions",
      "subscriptions",
      "topics",
      "topics",
      "n", // the bucket's lifecycle policy (/n/…/b/…/l)
      "n",
    ]);
    const cp = h.fake.control;
    expect(
      cp
        .all()
        .map((r) => r.id ?? r.topicId)
        .sort(),
    ).toEqual([...bystanders].sort());
    expect(h.fake.buckets.has("tunnelsmith-configs")).toBe(false);
    // The function and its configuration are fn's business.
    expect(cp.functions.get(h.functionId)?.config).toEqual(config);
    expect(run.text).toContain("Done: 0 created, 0 changed, 12 deleted, 0 unchanged.");
    expect(run.text).toContain("The function itself and its configuration are left as they are");
  });

  it("keeps a bucket that still holds configs, and says how to empty it", async () => {
    expect((await h.setup(SETUP)).code).toBe(0);
    h.fake.buckets.get("tunnelsmith-configs")?.objects.set("connections/x/state.json", {
      body: "{}",
      etag: '"1"',
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });
    const run = await h.cli(TEARDOWN);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.fake.buckets.has("tunnelsmith-configs")).toBe(true);
    expect(run.text).toMatch(/! skip +bucket +tunnelsmith-configs +\(not empty: .*oci os object bulk-delete/);
    expect(h.fake.control.topics.size).toBe(0);
  });

  it("--keep-bucket keeps even an empty bucket; without --iam IAM is not looked at", async () => {
    expect((await h.setup(SETUP)).code).toBe(0);
    const run = await h.cli([
      "teardown",
      "--compartment",
      COMPARTMENT,
      "--network-compartment",
      NETWORK,
      "--keep-bucket",
    ]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.fake.buckets.has("tunnelsmith-configs")).toBe(true);
    expect(h.fake.control.policies.size).toBe(1);
    expect(h.fake.control.dynamicGroups.size).toBe(1);
    expect(h.fake.requests.filter((r) => r.service === "identity" && r.method === "GET")).toHaveLength(2); // setup's
    expect(run.text).toContain("IAM (dynamic group, policy) was not looked at");
  });

  it("--dry-run lists what would go and deletes nothing", async () => {
    expect((await h.setup(SETUP)).code).toBe(0);
    const before = h.fake.requests.length;
    const run = await h.cli([...TEARDOWN, "--dry-run"]);
    expect(run.code).toBe(0);
    expect(h.writesSince(before)).toEqual([]);
    expect(run.text).toContain("Plan: 0 to create, 0 to change, 12 to delete, 0 unchanged.");
    expect(run.text).toMatch(/- delete +alarm +tunnelsmith-tunnel-down/);
    expect(run.text).toContain("Dry run: nothing was changed.");
  });

  it("finds nothing to do on a tenancy setup never touched, and a second teardown is a no-op", async () => {
    addBystanders();
    const run = await h.cli(TEARDOWN);
    expect(run.code).toBe(0);
    expect(run.text).toContain("Nothing to delete.");
    expect(h.writesSince(0)).toEqual([]);
  });
});
