import { describe, expect, it } from "vitest";
import {
  DEFAULT_CPE_EVENT_TYPES,
  DEFAULT_DELETE_EVENT_TYPES,
  DEFAULT_RENDER_EVENT_TYPES,
} from "../../shared/config/event-types.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { parseRotateAction } from "../../shared/core/rotation/action.ts";
import { parseSweepAction } from "../../shared/core/watch/sweep.ts";
import type { Json } from "../msw/fake-oci.ts";
import { BUCKET, COMPARTMENT, NETWORK, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const SLACK = "https://hooks.slack.com/services/T000/B000/secretslacktoken";
const PAGERDUTY = "https://events.pagerduty.com/integration/secretpdkey/enqueue";
const HOOK = "https://alerts.example.com/oci";
const KMS = "ocid1.key.oc1.ap-tokyo-1.aaaaaaaavault.aaaaaaaakey";

const one = (items: Iterable<Json>, predicate: (j: Json) => boolean): Json => {
  const matches = [...items].filter(predicate);
  expect(matches).toHaveLength(1);
  return matches[0] as Json;
};
const tagged = (role: string, scope?: string) => ({
  "tunnelsmith-setup": "tunnelsmith",
  "tunnelsmith-role": role,
  ...(scope ? { "tunnelsmith-scope": scope } : {}),
});

describe("tunnelsmith setup on a fresh tenancy", () => {
  it("creates everything with the expected bodies and configures the function", async () => {
    Object.assign(h.fake.control.functions.get(h.functionId) ?? {}, {
      config: { TUNNELSMITH_DEFAULT_VENDORS: "vyos" },
    });
    const run = await h.setup([
      "--network-compartment",
      NETWORK,
      "--kms-key-id",
      KMS,
      "--email",
      "ops@example.com",
      "--slack-url",
      SLACK,
      "--https-url",
      HOOK,
      "--pagerduty-url",
      PAGERDUTY,
      "--rotate-every",
      "90d",
    ]);
    expect(run.code, run.err.join("\n")).toBe(0);
    const cp = h.fake.control;

    const bucket = h.fake.buckets.get(BUCKET);
    expect(bucket).toMatchObject({
      publicAccessType: "NoPublicAccess",
      versioning: "Enabled",
      kmsKeyId: KMS,
      compartmentId: COMPARTMENT,
      freeformTags: tagged("config-bucket"),
    });

    const alerts = one(cp.topics.values(), (t) => t.name === "tunnelsmith-alerts");
    const alarms = one(cp.topics.values(), (t) => t.name === "tunnelsmith-alarms");
    expect(alerts).toMatchObject({ compartmentId: COMPARTMENT, freeformTags: tagged("alerts-topic") });
    expect(alarms.freeformTags).toEqual(tagged("alarm-topic"));
    expect(h.fake.topics.has(String(alerts.topicId))).toBe(true); // the function can publish to it

    const subs = [...cp.subscriptions.values()].map((s) => [
      s.topicId,
      s.protocol,
      s.endpoint,
      s.lifecycleState,
    ]);
    expect(subs).toEqual(
      expect.arrayContaining([
        [alerts.topicId, "EMAIL", "ops@example.com", "PENDING"],
        [alerts.topicId, "SLACK", SLACK, "PENDING"],
        [alerts.topicId, "CUSTOM_HTTPS", HOOK, "PENDING"],
        [alerts.topicId, "PAGERDUTY", PAGERDUTY, "PENDING"],
        [alarms.topicId, "ORACLE_FUNCTIONS", h.functionId, "ACTIVE"],
      ]),
    );
    expect(subs).toHaveLength(5);

    const config = cp.functions.get(h.functionId)?.config as Record<string, string>;
    expect(config).toMatchObject({
      TUNNELSMITH_MODE: "oci",
      TUNNELSMITH_BUCKET: BUCKET,
      TUNNELSMITH_NAMESPACE: h.fake.namespace,
      TUNNELSMITH_TOPIC_ID: alerts.topicId,
      TUNNELSMITH_DEFAULT_VENDORS: "vyos", // someone else's key is kept
    });
    expect(config.TUNNELSMITH_PSK_FINGERPRINT_KEY?.length).toBeGreaterThanOrEqual(32);
    // The configuration setup writes is one the function accepts at cold start.
    expect(loadSettings(config)).toMatchObject({
      mode: "oci",
      oci: { bucket: BUCKET, topicId: alerts.topicId },
    });

    const rule = one(cp.rules.values(), () => true);
    expect(rule).toMatchObject({
      displayName: "tunnelsmith-ipsec-events",
      compartmentId: NETWORK,
      isEnabled: true,
      freeformTags: tagged("events-rule", NETWORK),
    });
    expect(JSON.parse(String(rule.condition))).toEqual({
      eventType: [
        ...DEFAULT_RENDER_EVENT_TYPES,
        ...DEFAULT_DELETE_EVENT_TYPES,
        ...DEFAULT_CPE_EVENT_TYPES,
      ].sort(),
    });
    expect((rule.actions as { actions: Json[] }).actions).toEqual([
      expect.objectContaining({ actionType: "FAAS", isEnabled: true, functionId: h.functionId }),
    ]);

    const alarm = one(cp.alarms.values(), () => true);
    expect(alarm).toMatchObject({
      compartmentId: COMPARTMENT,
      metricCompartmentId: NETWORK,
      metricCompartmentIdInSubtree: false,
      namespace: "oci_vpn",
      query: "TunnelState[1m].groupBy(parentResourceId, publicIp).mean() == 0",
      pendingDuration: "PT5M",
      severity: "CRITICAL",
      isNotificationsPerMetricDimensionEnabled: true,
      destinations: [alarms.topicId],
      messageFormat: "RAW",
      isEnabled: true,
      freeformTags: tagged("tunnel-alarm", NETWORK),
    });

    const bodies = [...cp.schedules.values()].map((s) => ({
      compartmentId: s.compartmentId,
      action: s.action,
      recurrenceType: s.recurrenceType,
      recurrenceDetails: s.recurrenceDetails,
      resources: s.resources,
    }));
    expect(bodies).toEqual(
      expect.arrayContaining([
        {
          compartmentId: COMPARTMENT,
          action: "START_RESOURCE",
          recurrenceType: "CRON",
          recurrenceDetails: "*/15 * * * *",
          resources: [
            {
              id: h.functionId,
              parameters: [
                {
                  parameterType: "BODY",
                  value: { action: "sweep", compartmentId: NETWORK, includeSubcompartments: true },
                },
              ],
            },
          ],
        },
        {
          compartmentId: COMPARTMENT,
          action: "START_RESOURCE",
          recurrenceType: "CRON",
          recurrenceDetails: "0 3 * * *",
          resources: [
            {
              id: h.functionId,
              parameters: [
                {
                  parameterType: "BODY",
                  value: { action: "rotate-psk", compartmentId: NETWORK, maxAgeDays: 90 },
                },
              ],
            },
          ],
        },
      ]),
    );
    expect(bodies).toHaveLength(2);
    // The bodies are what the function's sweep and rotation actions accept.
    type Scheduled = { resources: { parameters: { value: Record<string, unknown> }[] }[] };
    const values = [...cp.schedules.values()].map(
      (s) => (s as unknown as Scheduled).resources[0]?.parameters[0]?.value ?? {},
    );
    const sweep = values.find((v) => v.action === "sweep");
    const rotate = values.find((v) => v.action === "rotate-psk");
    expect(parseSweepAction(sweep)).toMatchObject({ compartmentId: NETWORK, includeSubcompartments: true });
    expect(parseRotateAction(rotate ?? {})).toMatchObject({
      kind: "compartment",
      value: { compartmentId: NETWORK, maxAgeDays: 90 },
    });
    // No IAM without --iam.
    expect(cp.dynamicGroups.size + cp.policies.size).toBe(0);
  });

  it("never prints the generated fingerprint key or a webhook URL's credential", async () => {
    const run = await h.setup(["--slack-url", SLACK, "--pagerduty-url", PAGERDUTY]);
    expect(run.code).toBe(0);
    const config = h.fake.control.functions.get(h.functionId)?.config as Record<string, string> | undefined;
    const key = config?.TUNNELSMITH_PSK_FINGERPRINT_KEY;
    expect(key).toBeTruthy();
    const printed = [run.text, ...run.err, ...h.consoleLines].join("\n");
    expect(printed).not.toContain(String(key));
    expect(printed).not.toContain("secretslacktoken");
    expect(printed).not.toContain("secretpdkey");
    expect(printed).toContain("https://hooks.slack.com/…");
    expect(printed).toContain("config.TUNNELSMITH_PSK_FINGERPRINT_KEY: (unset) → (hidden)");
  });

  it("watches every compartment below the tenancy when the network compartment is the tenancy", async () => {
    const tenancy = h.fake.control.tenancyId;
    const run = await h.setup(["--network-compartment", tenancy]);
    expect(run.code, run.err.join("\n")).toBe(0);
    const alarm = one(h.fake.control.alarms.values(), () => true);
    expect(alarm).toMatchObject({ metricCompartmentId: tenancy, metricCompartmentIdInSubtree: true });
    expect(one(h.fake.control.rules.values(), () => true).compartmentId).toBe(tenancy);
  });

  it("makes one rule, alarm and sweep per network compartment, with distinct names", async () => {
    const run = await h.setup(["--network-compartment", COMPARTMENT, "--network-compartment", NETWORK]);
    expect(run.code, run.err.join("\n")).toBe(0);
    const cp = h.fake.control;
    expect([...cp.rules.values()].map((r) => r.compartmentId).sort()).toEqual([COMPARTMENT, NETWORK].sort());
    expect([...cp.alarms.values()].map((a) => a.displayName).sort()).toEqual([
      "tunnelsmith-tunnel-down",
      `tunnelsmith-tunnel-down-${NETWORK.slice(-8)}`,
    ]);
    expect(cp.schedules.size).toBe(2);
    // Topics and the function's subscription exist once.
    expect(cp.topics.size).toBe(2);
    expect(cp.subscriptions.size).toBe(1);
  });

  it("creates the dynamic group and policy in the tenancy with --iam, scoped by compartment", async () => {
    const run = await h.setup(["--iam", "--rotate-every", "30d"]);
    expect(run.code, run.err.join("\n")).toBe(0);
    const cp = h.fake.control;
    const group = one(cp.dynamicGroups.values(), () => true);
    // The function's compartment, not its OCID: a re-deployed function keeps its access.
    expect(group).toMatchObject({
      name: "tunnelsmith-fn",
      compartmentId: cp.tenancyId,
      matchingRule: `ALL {resource.type = 'fnfunc', resource.compartment.id = '${COMPARTMENT}'}`,
    });
    const policy = one(cp.policies.values(), () => true);
    const statements = policy.statements as string[];
    expect(policy.compartmentId).toBe(cp.tenancyId);
    // Notifications supports only the general variables: no target.topic.id condition.
    expect(statements).toContain(
      `Allow dynamic-group tunnelsmith-fn to use ons-topics in compartment id ${COMPARTMENT}`,
    );
    expect(statements.join("\n")).not.toContain("target.topic.id");
    expect(statements).toContain(
      `Allow dynamic-group tunnelsmith-fn to manage objects in compartment id ${COMPARTMENT} where target.bucket.name = '${BUCKET}'`,
    );
    expect(statements).toContain(
      `Allow service objectstorage-ap-tokyo-1 to manage object-family in compartment id ${COMPARTMENT}`,
    );
    expect(statements.filter((s) => s.includes("IPSEC_CONNECTION_DEVICE_CONFIG_UPDATE"))).toHaveLength(1);
    expect(statements.filter((s) => s.includes("request.principal.type = 'resourceschedule'"))).toHaveLength(
      2,
    );
    expect(statements.join("\n")).not.toMatch(/\(new |<OCID|<region>/);
    const config = one(cp.functions.values(), () => true).config as Record<string, string>;
    expect(config.TUNNELSMITH_LINK_GENERATION).toMatch(/^[0-9a-f]{16}$/);
  });

  it("changes TUNNELSMITH_LINK_GENERATION when the policy changes, and only then", async () => {
    expect((await h.setup(["--iam"])).code).toBe(0);
    const fn = one(h.fake.control.functions.values(), () => true);
    const first = (fn.config as Record<string, string>).TUNNELSMITH_LINK_GENERATION;
    expect((await h.setup(["--iam"])).code).toBe(0);
    expect((fn.config as Record<string, string>).TUNNELSMITH_LINK_GENERATION).toBe(first);
    // Rotation adds a statement for the function: its links must be re-created under the new policy.
    expect((await h.setup(["--iam", "--rotate-every", "90d"])).code).toBe(0);
    const second = (fn.config as Record<string, string>).TUNNELSMITH_LINK_GENERATION;
    expect(second).toMatch(/^[0-9a-f]{16}$/);
    expect(second).not.toBe(first);
  });

  it("sets the function's detached-invocation timeout for the scheduled sweep and rotation", async () => {
    expect((await h.setup()).code).toBe(0);
    const fn = one(h.fake.control.functions.values(), () => true);
    expect(fn.detachedModeTimeoutInSeconds).toBe(900);
    expect((await h.setup(["--detached-timeout", "3600s"])).code).toBe(0);
    expect(fn.detachedModeTimeoutInSeconds).toBe(3600);
  });
});
