import { describe, expect, it } from "vitest";
import { COMPARTMENT, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const RULE = "tunnelsmith-delete-old-versions";
const rules = () =>
  (h.fake.control.lifecyclePolicies.get("tunnelsmith-configs")?.items ?? []) as Record<string, unknown>[];

describe("the config bucket's lifecycle rule (old PSK versions)", () => {
  it("deletes previous versions after the link lifetime, rounded up to whole days", async () => {
    const fn = h.fake.control.functions.get(h.functionId);
    if (fn) fn.config = { TUNNELSMITH_LINK_TTL_DAYS: "2.5" };
    const run = await h.setup();
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(rules()).toEqual([
      {
        name: RULE,
        target: "previous-object-versions",
        action: "DELETE",
        timeAmount: 3,
        timeUnit: "DAYS",
        isEnabled: true,
      },
    ]);
    expect(run.text).toMatch(/created +lifecycle +tunnelsmith-delete-old-versions/);
  });

  it("keeps rules someone else put on the bucket, and updates only its own", async () => {
    expect((await h.setup()).code).toBe(0);
    const theirs = {
      name: "archive-logs",
      target: "objects",
      action: "ARCHIVE",
      timeAmount: 30,
      timeUnit: "DAYS",
      isEnabled: true,
    };
    h.fake.control.lifecyclePolicies.set("tunnelsmith-configs", {
      items: [theirs, { ...rules()[0], timeAmount: 99 }],
    });
    const run = await h.setup();
    expect(run.text).toMatch(/~ update lifecycle/);
    expect(rules()).toEqual([theirs, expect.objectContaining({ name: RULE, timeAmount: 7 })]);
    const before = h.fake.requests.length;
    expect((await h.setup()).code).toBe(0);
    expect(h.writesSince(before)).toEqual([]);

    expect((await h.cli(["teardown", "--compartment", COMPARTMENT])).code).toBe(0);
    // Its own rule goes; the other rule (and so the policy) stays.
    expect(rules()).toEqual([theirs]);
  });

  it("without Object Storage's permission it stops last and says which statement is missing", async () => {
    h.fake.control.objectStorageServiceAllowed = false;
    const run = await h.setup();
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/failed +lifecycle tunnelsmith-delete-old-versions: .*HTTP 400/);
    expect(run.text).toContain("to manage object-family");
    // Everything else is in place already.
    expect(h.fake.control.alarms.size).toBe(1);
    expect(h.fake.control.rules.size).toBe(1);
    h.fake.control.objectStorageServiceAllowed = true;
    expect((await h.setup()).code).toBe(0);
    expect(rules()).toHaveLength(1);
  });

  it("teardown removes the policy with the bucket when only its rule is on it", async () => {
    expect((await h.setup()).code).toBe(0);
    const run = await h.cli(["teardown", "--compartment", COMPARTMENT]);
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.fake.control.lifecyclePolicies.size).toBe(0);
    expect(h.fake.buckets.has("tunnelsmith-configs")).toBe(false);
  });
});
