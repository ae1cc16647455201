import { describe, expect, it } from "vitest";
import type { Json } from "../msw/fake-oci.ts";
import { NETWORK, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const FLAGS = [
  "--network-compartment",
  NETWORK,
  "--email",
  "ops@example.com",
  "--rotate-every",
  "90d",
  "--iam",
];
const config = () => h.fake.control.functions.get(h.functionId)?.config as Record<string, string>;
const only = (items: Iterable<Json>): Json => {
  const all = [...items];
  expect(all).toHaveLength(1);
  return all[0] as Json;
};

describe("tunnelsmith setup run again", () => {
  it("changes nothing the second time: reads only, every resource kept", async () => {
    expect((await h.setup(FLAGS)).code).toBe(0);
    const key = config().TUNNELSMITH_PSK_FINGERPRINT_KEY;
    const before = h.fake.requests.length;

    const second = await h.setup(FLAGS);

    expect(second.code, second.err.join("\n")).toBe(0);
    expect(h.writesSince(before)).toEqual([]);
    expect(second.text).toContain("Plan: 0 to create, 0 to change, 0 to delete, 13 unchanged.");
    expect(second.text).toContain("Nothing to change.");
    expect(config().TUNNELSMITH_PSK_FINGERPRINT_KEY).toBe(key); // generated once, never replaced
    expect(second.text).toMatch(/subscription +EMAIL ops@example.com/);
    expect(second.text).toContain("waits for confirmation");
  });

  it("leaves rotation schedules alone when --rotate-every is not given, and removes them with off", async () => {
    expect((await h.setup(FLAGS)).code).toBe(0);
    const before = h.fake.requests.length;
    const without = await h.setup(["--network-compartment", NETWORK, "--email", "ops@example.com", "--iam"]);
    expect(without.code).toBe(0);
    expect(h.writesSince(before)).toEqual([]); // the policy keeps its rotation statement, too
    expect(without.text).toContain("left as it is (--rotate-every off removes it)");

    const off = await h.setup(["--network-compartment", NETWORK, "--rotate-every", "off", "--iam"]);
    expect(off.code, off.err.join("\n")).toBe(0);
    const bodies = [...h.fake.control.schedules.values()].map((s) => JSON.stringify(s.resources));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('"action":"sweep"');
    const statements = only(h.fake.control.policies.values()).statements as string[];
    expect(statements.some((s) => s.includes("IPSEC_CONNECTION_DEVICE_CONFIG_UPDATE"))).toBe(false);
  });

  it("puts back what someone changed by hand, and only that", async () => {
    expect((await h.setup(FLAGS)).code).toBe(0);
    const cp = h.fake.control;
    const rule = only(cp.rules.values());
    rule.isEnabled = false;
    const alarm = only(cp.alarms.values());
    alarm.pendingDuration = "PT30M";
    config().TUNNELSMITH_BUCKET = "somewhere-else";
    const bucket = h.fake.buckets.get("tunnelsmith-configs");
    if (bucket) bucket.publicAccessType = "ObjectRead";
    const before = h.fake.requests.length;

    const run = await h.setup(FLAGS);

    expect(run.code, run.err.join("\n")).toBe(0);
    expect(h.writesSince(before).sort()).toEqual(
      [
        `PUT events /rules/${rule.id}`,
        `PUT monitoring /alarms/${alarm.id}`,
        `PUT functions /functions/${h.functionId}`,
        "POST objectstorage /n/tsfakens/b/tunnelsmith-configs",
      ].sort(),
    );
    expect(run.text).toContain("isEnabled: false → true");
    expect(run.text).toContain("pendingDuration: PT30M → PT5M");
    expect(run.text).toContain("publicAccessType: ObjectRead → NoPublicAccess");
    expect(rule.isEnabled).toBe(true);
    expect(cp.alarms.get(String(alarm.id))?.pendingDuration).toBe("PT5M");
    expect(config().TUNNELSMITH_BUCKET).toBe("tunnelsmith-configs");
    expect(bucket?.publicAccessType).toBe("NoPublicAccess");
  });

  it("matches the event types set in the environment and writes them into the function's configuration", async () => {
    expect((await h.setup()).code).toBe(0);
    const corrected = "com.oraclecloud.virtualnetwork.createipsecconnection.end";
    const run = await h.setup([], { TUNNELSMITH_RENDER_EVENT_TYPES: corrected });
    expect(run.code, run.err.join("\n")).toBe(0);
    const condition = JSON.parse(String(only(h.fake.control.rules.values()).condition)) as {
      eventType: string[];
    };
    expect(condition.eventType).toContain(corrected);
    expect(condition.eventType).not.toContain("com.oraclecloud.virtualnetwork.createipsecconnection");
    expect(config().TUNNELSMITH_RENDER_EVENT_TYPES).toBe(corrected);

    // Later runs without the variable follow the function's configuration instead of reverting the rule.
    const before = h.fake.requests.length;
    expect((await h.setup()).code).toBe(0);
    expect(h.writesSince(before)).toEqual([]);
  });

  it("rejects an invalid event type like the function would, before touching anything", async () => {
    const run = await h.setup([], { TUNNELSMITH_CPE_EVENT_TYPES: "not an event type!" });
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toMatch(/TUNNELSMITH_CPE_EVENT_TYPES/);
    expect(h.writesSince(0)).toEqual([]);
  });
});
