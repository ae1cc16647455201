import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUCKET, COMPARTMENT, NETWORK, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();

describe("tunnelsmith setup --dry-run and --print-policies", () => {
  it("--dry-run on a fresh tenancy prints the plan and writes nothing", async () => {
    const run = await h.setup(["--dry-run", "--email", "ops@example.com", "--iam", "--rotate-every", "90d"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.writesSince(0)).toEqual([]);
    expect(h.fake.requests.length).toBeGreaterThan(5);
    expect(run.text).toContain("Plan: 12 to create, 1 to change, 0 to delete, 0 unchanged.");
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
    expect(run.text).toContain("Plan: 0 to create, 1 to change, 0 to delete, 8 unchanged.");
  });

  it("--print-policies reads no OCI config and calls no API", async () => {
    const run = await h.cli(
      [
        "setup",
        "--compartment",
        COMPARTMENT,
        "--network-compartment",
        NETWORK,
        "--function-id",
        h.functionId,
        "--print-policies",
      ],
      { OCI_CONFIG_FILE: "/nonexistent/oci/config" },
    );
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.fake.requests).toEqual([]);
    expect(run.out).toContain(`ALL {resource.type = 'fnfunc', resource.compartment.id = '${COMPARTMENT}'}`);
    expect(run.out).toContain(
      `Allow dynamic-group tunnelsmith-fn to use ons-topics in compartment id ${COMPARTMENT}`,
    );
    expect(run.out).toContain(
      `Allow dynamic-group tunnelsmith-fn to read ipsec-connections in compartment id ${NETWORK}`,
    );
    expect(run.out).toContain(
      `Allow dynamic-group tunnelsmith-fn to manage buckets in compartment id ${COMPARTMENT} where all {target.bucket.name = '${BUCKET}', request.permission = 'PAR_MANAGE'}`,
    );
    expect(run.out).toContain(`Allow group <group> to inspect objects in compartment id ${COMPARTMENT}`);
    expect(run.text).not.toContain("target.topic.id");
    // No rotation: no permission to change shared secrets.
    expect(run.out.filter((l) => l.startsWith("Allow") && l.includes("DEVICE_CONFIG_UPDATE"))).toEqual([]);
  });

  it("setup --iam creates exactly what --print-policies prints, with the same link generation", async () => {
    const flags = ["--network-compartment", NETWORK, "--rotate-every", "90d", "--iam"];
    const kms = ["--kms-key-id", "ocid1.key.oc1.ap-tokyo-1.vault.aaaakey"];
    expect((await h.setup([...flags, ...kms])).code).toBe(0);
    const printed = await h.setup([...flags, ...kms, "--print-policies"]);
    const policy = [...h.fake.control.policies.values()][0];
    const group = [...h.fake.control.dynamicGroups.values()][0];
    const start = printed.out.findIndex((l) => l.startsWith("# Policy"));
    const end = printed.out.indexOf("", start);
    expect(printed.out.slice(start + 1, end)).toEqual(policy?.statements);
    expect(printed.out).toContain(group?.matchingRule);
    expect(printed.text).toContain(
      "Allow service objectstorage-ap-tokyo-1 to use keys in tenancy where target.key.id = 'ocid1.key.oc1.ap-tokyo-1.vault.aaaakey'",
    );
    const fn = h.fake.control.functions.get(h.functionId);
    const generation = (fn?.config as Record<string, string> | undefined)?.TUNNELSMITH_LINK_GENERATION;
    expect(generation).toMatch(/^[0-9a-f]{16}$/);
    expect(printed.text).toContain(`TUNNELSMITH_LINK_GENERATION=${generation}`);
  });
});

/** The fenced blocks after `marker` in a Markdown file: the command, then what it prints. */
function exampleAfter(doc: string, marker: string): { argv: string[]; output: string[] } {
  const at = doc.indexOf(marker);
  expect(at, `${marker} in the docs`).toBeGreaterThan(-1);
  const blocks = [...doc.slice(at).matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const command = (blocks[0] ?? "").replace(/\\\n/g, " ").trim().split(/\s+/);
  expect(command.slice(0, 2)).toEqual(["npx", "tunnelsmith"]);
  return { argv: command.slice(2), output: (blocks[1] ?? "").replace(/\n$/, "").split("\n") };
}

describe("docs/oci.md's IAM section", () => {
  const doc = readFileSync("docs/oci.md", "utf8");

  it("shows exactly what its setup --print-policies command prints", async () => {
    const { argv, output } = exampleAfter(doc, "<!-- print-policies example: test/setup/dry-run.test.ts -->");
    const run = await h.cli(argv, { OCI_CONFIG_FILE: "/nonexistent" });
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(output).toEqual(run.out);
    expect(h.fake.requests).toEqual([]);
  });
});
