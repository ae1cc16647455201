import { describe, expect, it } from "vitest";
import { applyPlan } from "../../shared/setup/execute.ts";
import { planSetup, planTeardown } from "../../shared/setup/plan.ts";
import type { ResourceAdapter, SetupPorts } from "../../shared/setup/ports.ts";
import { ref } from "../../shared/setup/refs.ts";
import type { FoundResource, ResourceKind, ResourceSpec } from "../../shared/setup/types.ts";

const TAGS = { "tunnelsmith-setup": "t", "tunnelsmith-role": "r" };

function spec(
  key: string,
  kind: ResourceKind,
  fields: ResourceSpec["fields"],
  extra: Partial<ResourceSpec> = {},
) {
  return {
    key,
    kind,
    name: key,
    compartmentId: "c",
    purpose: "",
    fields,
    tags: TAGS,
    creatable: true,
    mutable: true,
    ...extra,
  };
}
function found(
  kind: ResourceKind,
  id: string,
  fields: FoundResource["fields"],
  extra: Partial<FoundResource> = {},
) {
  return {
    id,
    kind,
    name: id,
    compartmentId: "c",
    fields,
    tags: TAGS,
    lifecycleState: "ACTIVE",
    matchedBy: "tag" as const,
    ...extra,
  };
}

describe("planSetup (pure)", () => {
  const topic = spec("topic", "topic", {});
  const sub = spec(
    "sub",
    "subscription",
    { topicId: ref("topic"), endpoint: "a@example.com" },
    { mutable: false },
  );

  it("creates what is missing, with references to new resources as placeholders", () => {
    const plan = planSetup([topic, sub], new Map());
    expect(plan.actions.map((a) => [a.type, a.key])).toEqual([
      ["create", "topic"],
      ["create", "sub"],
    ]);
    expect(plan.actions[1]?.changes.find((c) => c.field === "topicId")?.to).toBe("(new topic)");
  });

  it("keeps what matches, resolving references to found OCIDs", () => {
    const state = new Map([
      ["topic", found("topic", "ocid1.topic.x", {})],
      ["sub", found("subscription", "ocid1.sub.x", { topicId: "ocid1.topic.x", endpoint: "a@example.com" })],
    ]);
    expect(planSetup([topic, sub], state).actions.map((a) => a.type)).toEqual(["keep", "keep"]);
  });

  it("never updates an immutable resource, and adds missing tags to a mutable one", () => {
    const state = new Map([
      ["topic", found("topic", "ocid1.topic.x", {}, { tags: { team: "net" }, matchedBy: "name" })],
      ["sub", found("subscription", "ocid1.sub.x", { topicId: "other", endpoint: "x" }, { tags: {} })],
    ]);
    const [t, s] = planSetup([topic, sub], state).actions;
    expect(t?.type).toBe("update");
    expect(t?.changes).toEqual([
      { field: "freeformTags", from: { team: "net" }, to: { team: "net", ...TAGS }, options: {} },
    ]);
    expect(s?.type).toBe("keep");
  });

  it("sets a generated value only when it is missing", () => {
    const fn = spec(
      "fn",
      "function",
      { "config.KEY": "generated", "config.MODE": "oci" },
      {
        tags: {},
        creatable: false,
        fieldOptions: { "config.KEY": { secret: true, onlyIfMissing: true } },
      },
    );
    const existing = new Map([
      ["fn", found("function", "f", { "config.KEY": "kept", "config.MODE": "oci" }, { tags: {} })],
    ]);
    expect(planSetup([fn], existing).actions[0]?.type).toBe("keep");
    const empty = new Map([["fn", found("function", "f", { "config.MODE": "local" }, { tags: {} })]]);
    const update = planSetup([fn], empty).actions[0];
    expect(update?.changes.map((c) => [c.field, c.to])).toEqual([
      ["config.KEY", "generated"],
      ["config.MODE", "oci"],
    ]);
    expect(planSetup([fn], new Map()).actions[0]).toMatchObject({
      type: "skip",
      reason: "function fn not found",
    });
  });

  it("deletes an absent resource that exists and only looks at an observed one", () => {
    const gone = spec("old", "schedule", {}, { ensure: "absent" });
    const seen = spec("seen", "schedule", { x: 1 }, { ensure: "observed" });
    const state = new Map([
      ["old", found("schedule", "s1", {})],
      ["seen", found("schedule", "s2", { x: 2 })],
    ]);
    expect(planSetup([gone, seen], state).actions.map((a) => a.type)).toEqual(["delete", "keep"]);
    expect(planSetup([gone, seen], new Map()).actions).toEqual([]);
  });
});

describe("planTeardown (pure)", () => {
  it("deletes dependents first and keeps a bucket that is not empty", () => {
    const plan = planTeardown(
      [
        found("bucket", "b", { empty: false }),
        found("topic", "t", {}),
        found("alarm", "a", {}),
        found("subscription", "s", {}),
        found("rule", "r", {}),
      ],
      { keepBucket: false },
    );
    expect(plan.actions.map((a) => `${a.type} ${a.kind}`)).toEqual([
      "delete alarm",
      "delete rule",
      "delete subscription",
      "delete topic",
      "skip bucket",
    ]);
    expect(
      planTeardown([found("bucket", "b", { empty: true })], { keepBucket: false }).actions[0]?.type,
    ).toBe("delete");
  });
});

describe("applyPlan", () => {
  function ports(failOn?: string, busy = 0) {
    const calls: string[] = [];
    let busyLeft = busy;
    const adapter = (kind: ResourceKind): ResourceAdapter => ({
      find: async () => null,
      create: async (s) => {
        calls.push(`create ${s.key} ${JSON.stringify(s.fields)}`);
        if (s.key === failOn) throw new Error(`boom ${s.key}`);
        if (busyLeft > 0) {
          busyLeft -= 1;
          throw Object.assign(new Error("busy"), { busy: true });
        }
        return `ocid1.${kind}.new`;
      },
      update: async () => {},
      delete: async () => {},
      listTagged: async () => [],
    });
    const adapters = Object.fromEntries(
      (
        [
          "bucket",
          "topic",
          "subscription",
          "function",
          "schedule",
          "dynamic-group",
          "policy",
          "rule",
          "alarm",
          "lifecycle",
        ] as const
      ).map((k) => [k, adapter(k)]),
    ) as SetupPorts["adapters"];
    const p: SetupPorts = {
      environment: {
        tenancyId: "t",
        region: "r",
        namespace: async () => "n",
        getFunction: async () => {
          throw new Error("unused");
        },
        topicCompartmentId: async () => null,
        resendConfirmation: async () => {},
        listSubcompartments: async () => [],
      },
      adapters,
      isBusy: (e) => (e as { busy?: boolean }).busy === true,
    };
    return { p, calls };
  }
  const opts = { clock: { sleep: async () => {} }, busyAttempts: 3, maxDelaySeconds: 0 };
  const topic = spec("topic", "topic", {});
  const sub = spec("sub", "subscription", { topicId: ref("topic") });
  const rule = spec("rule", "rule", {});

  it("passes the OCID of a resource it just created to the ones that refer to it", async () => {
    const { p, calls } = ports();
    const specs = [topic, sub];
    const report = await applyPlan(
      planSetup(specs, new Map()),
      { specs: new Map(specs.map((s) => [s.key, s])), found: new Map() },
      p,
      opts,
    );
    expect(report.failed).toBeNull();
    expect(calls).toEqual(["create topic {}", 'create sub {"topicId":"ocid1.topic.new"}']);
  });

  it("stops at the first failure and does not attempt the rest", async () => {
    const { p, calls } = ports("sub");
    const specs = [topic, sub, rule];
    const report = await applyPlan(
      planSetup(specs, new Map()),
      { specs: new Map(specs.map((s) => [s.key, s])), found: new Map() },
      p,
      opts,
    );
    expect(report.results.map((r) => r.outcome)).toEqual(["created", "failed", "not run"]);
    expect(report.failed?.error).toBe("boom sub");
    expect(calls).toHaveLength(2);
  });

  it("retries a busy resource up to the limit", async () => {
    const twice = ports(undefined, 2);
    const specs = [topic];
    const targets = { specs: new Map(specs.map((s) => [s.key, s])), found: new Map() };
    expect((await applyPlan(planSetup(specs, new Map()), targets, twice.p, opts)).failed).toBeNull();
    expect(twice.calls).toHaveLength(3);
    const thrice = ports(undefined, 3);
    expect((await applyPlan(planSetup(specs, new Map()), targets, thrice.p, opts)).failed?.error).toBe(
      "busy",
    );
  });
});
