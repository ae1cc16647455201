import { describe, expect, it } from "vitest";
import { COMPARTMENT, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const TAGS = { "tunnelsmith-setup": "tunnelsmith", "tunnelsmith-role": "alerts-topic" };

/** A topic as an earlier run (tagged) or a person (untagged) left it. */
function addTopic(name: string, freeformTags: Record<string, string>, compartmentId = COMPARTMENT): string {
  const topicId = h.fake.control.newId("onstopic");
  h.fake.control.topics.set(topicId, {
    topicId,
    name,
    compartmentId,
    description: "made earlier",
    lifecycleState: "ACTIVE",
    apiEndpoint: "https://notification.oci.invalid/20181201",
    timeCreated: "2026-11-01T00:00:00.000Z",
    freeformTags,
  });
  h.fake.topics.add(topicId);
  return topicId;
}

describe("tunnelsmith setup on a partly set up tenancy", () => {
  it("creates only the missing pieces when the topic exists and the rule does not", async () => {
    expect((await h.setup()).code).toBe(0);
    const cp = h.fake.control;
    const [ruleId] = [...cp.rules.keys()];
    cp.rules.clear();
    const topicsBefore = new Map(cp.topics);
    const before = h.fake.requests.length;

    const run = await h.setup();

    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.writesSince(before)).toEqual(["POST events /rules"]);
    expect(run.text).toContain("Plan: 1 to create, 0 to change, 0 to delete, 8 unchanged.");
    expect(cp.rules.size).toBe(1);
    expect([...cp.rules.keys()][0]).not.toBe(ruleId);
    expect(cp.topics).toEqual(topicsBefore);
  });

  it("uses a topic tagged by an earlier run even after it was renamed", async () => {
    const topicId = addTopic("renamed-by-someone", TAGS);
    const run = await h.setup();
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.fake.control.functions.get(h.functionId)?.config).toMatchObject({
      TUNNELSMITH_TOPIC_ID: topicId,
    });
    expect([...h.fake.control.topics.values()].filter((t) => t.name === "tunnelsmith-alerts")).toHaveLength(
      0,
    );
  });

  it("adopts an untagged topic with the right name by tagging it, instead of creating another", async () => {
    const topicId = addTopic("tunnelsmith-alerts", { team: "network" });
    const run = await h.setup();
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(run.text).toContain("freeformTags: add tunnelsmith's tags");
    expect(h.writesSince(0)).toContain(`PUT ons /topics/${topicId}`);
    expect(h.fake.control.topics.get(topicId)?.freeformTags).toEqual({ team: "network", ...TAGS });
    expect([...h.fake.control.topics.values()].filter((t) => t.name === "tunnelsmith-alerts")).toHaveLength(
      1,
    );
  });

  it("does not take over a resource tagged for another install", async () => {
    addTopic("tunnelsmith-alerts", { ...TAGS, "tunnelsmith-setup": "staging" });
    const run = await h.setup();
    // Topic names are unique in the tenancy: the create is refused and the run says why.
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/failed +topic tunnelsmith-alerts: .*HTTP 409/);
    expect(run.text).toContain("choose another --name");
  });

  it("warns about duplicates and uses the first", async () => {
    const first = addTopic("tunnelsmith-alerts", TAGS);
    addTopic("tunnelsmith-alerts-copy", TAGS);
    const run = await h.setup();
    expect(run.code, run.err.join("\n")).toBe(0);
    expect(run.text).toMatch(
      /Warning: topic tunnelsmith-alerts: 2 match, using ocid1\.onstopic[^;]*; left alone: /,
    );
    expect(h.fake.control.functions.get(h.functionId)?.config).toMatchObject({ TUNNELSMITH_TOPIC_ID: first });
  });
});
