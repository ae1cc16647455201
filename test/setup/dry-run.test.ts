import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dynamicGroupRule, POLICY_NOTES, policyStatements } from "../../shared/setup/policies.ts";
import { BUCKET, COMPARTMENT, NETWORK, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();

describe("tunnelsmith setup --dry-run and --print-policies", () => {
  it("--dry-run on a fresh tenancy prints the plan and writes nothing", async () => {
    const run = await h.setup(["--dry-run", "--email", "ops@example.com", "--iam", "--rotate-every", "90d"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.writesSince(0)).toEqual([]);
    expect(h.fake.requests.length).toBeGreaterThan(5);
    expect(run.text).toContain("Plan: 11 to create, 1 to change, 0 to delete, 0 unchanged.");
    expect(run.text).toMatch(/\+ create bucket +tunnelsmith-configs/);
    expect(run.text).toContain("versioning: Enabled");
    expect(run.text).toContain("config.TUNNELSMITH_TOPIC_ID: (unset) → (new topic:alerts)");
    expect(run.text).toContain("Dry run: nothing was changed.");
    expect(h.fake.buckets.size).toBe(0);
    expect(h.fake.control.all()).toEqual([]);
  });

  it("--dry-run after a change shows exactly the change", async () => {
    expect((await h.setup()).code).toBe(0);
    const before = h.fake.requests.length;
    const run = await h.setup(["--dry-run", "--alarm-pending", "10m"]);
    expect(h.writesSince(before)).toEqual([]);
    expect(run.text).toMatch(/~ update alarm +tunnelsmith-tunnel-down/);
    expect(run.text).toContain("pendingDuration: PT5M → PT10M");
    expect(run.text).toContain("Plan: 0 to create, 1 to change, 0 to delete, 7 unchanged.");
  });

  it("prints the dynamic group and policy with the OCIDs setup created, and writes nothing", async () => {
    expect((await h.setup(["--network-compartment", NETWORK])).code).toBe(0);
    const before = h.fake.requests.length;
    const run = await h.setup(["--network-compartment", NETWORK, "--print-policies"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.writesSince(before)).toEqual([]);
    const alerts = [...h.fake.control.topics.values()].find((t) => t.name === "tunnelsmith-alerts");
    const [sweep] = [...h.fake.control.schedules.keys()];
    expect(run.out).toContain(`ALL {resource.type = 'fnfunc', resource.id = '${h.functionId}'}`);
    expect(run.out).toContain(
      `Allow dynamic-group tunnelsmith-fn to use ons-topics in compartment id ${COMPARTMENT} where target.topic.id = '${alerts?.topicId}'`,
    );
    expect(run.out).toContain(
      `Allow dynamic-group tunnelsmith-fn to read ipsec-connections in compartment id ${NETWORK}`,
    );
    expect(run.out).toContain(
      `Allow dynamic-group tunnelsmith-fn to manage buckets in compartment id ${COMPARTMENT} where all {target.bucket.name = '${BUCKET}', request.permission = 'PAR_MANAGE'}`,
    );
    expect(run.text).toContain(`request.principal.id = '${sweep}'`);
    // No rotation: no permission to change shared secrets.
    expect(run.out.filter((l) => l.startsWith("Allow") && l.includes("DEVICE_CONFIG_UPDATE"))).toEqual([]);
  });

  it("prints placeholders for what does not exist yet", async () => {
    const run = await h.setup(["--print-policies", "--kms-key-id", "ocid1.key.oc1.ap-tokyo-1.vault.aaaakey"]);
    expect(run.code).toBe(0);
    expect(run.text).toContain("where target.topic.id = '<OCID of topic: run setup first>'");
    expect(run.text).toContain(
      "Allow service objectstorage-ap-tokyo-1 to use keys in tenancy where target.key.id = 'ocid1.key.oc1.ap-tokyo-1.vault.aaaakey'",
    );
    expect(h.writesSince(0)).toEqual([]);
  });
});

describe("docs/oci.md's IAM section", () => {
  const doc = readFileSync("docs/oci.md", "utf8");
  const iam = doc.slice(doc.indexOf("## IAM"), doc.indexOf("\n## ", doc.indexOf("## IAM") + 1));

  it("shows the statements setup --print-policies prints", () => {
    const statements = policyStatements({
      install: "tunnelsmith",
      functionId: "<function OCID>",
      functionCompartmentId: "<function compartment OCID>",
      networkCompartmentIds: ["<network compartment OCID>"],
      bucket: "<bucket>",
      bucketCompartmentId: "<bucket compartment OCID>",
      alertsTopicId: "<alerts topic OCID>",
      topicCompartmentId: "<topic compartment OCID>",
      kmsKeyId: "<key OCID>",
      region: "<region>",
      rotation: true,
      scheduleIds: ["<schedule OCID>"],
    });
    for (const s of statements) expect(iam).toContain(s);
    expect(iam).toContain(dynamicGroupRule("<function OCID>"));
  });

  it("carries the notes on unconfirmed permissions", () => {
    for (const note of POLICY_NOTES) expect(iam.replace(/\s+/g, " ")).toContain(note.slice(0, 60));
  });
});
