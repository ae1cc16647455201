import { TUNNEL_ALARM_QUERY } from "./alarm-query.ts";
import { ROLES, scopedName, tagsFor } from "./names.ts";
import type { SetupInput } from "./options.ts";
import { dynamicGroupName, dynamicGroupRule, policyName, policyStatements } from "./policies.ts";
import { ref } from "./refs.ts";
import type { ResourceSpec, SpecValue } from "./types.ts";

/** What setup learned before planning: the deployed function, where it runs, and the event types to match. */
export interface SetupContext {
  tenancyId: string;
  region: string;
  namespace: string;
  function: DeployedFunction;
  /** The event types the rule matches: render, delete and CPE types together. */
  eventTypes: readonly string[];
  /** `TUNNELSMITH_*_EVENT_TYPES` set where setup runs: written into the function's configuration too. */
  eventTypeOverrides: Readonly<Record<string, string>>;
  /** A fresh random key, used only if the function has no TUNNELSMITH_PSK_FINGERPRINT_KEY yet. */
  fingerprintKey: string;
  /**
   * Keys of rotation schedules that exist already (`schedule:rotate:<compartment>`). With no `--rotate-every`
   * they stay as they are, and rotation counts as on for the policy statements.
   */
  existingRotationKeys: readonly string[];
}

/** The deployed function as `GetFunction` describes it. */
export interface DeployedFunction {
  id: string;
  name: string;
  compartmentId: string;
  config: Readonly<Record<string, string>>;
  timeoutInSeconds: number | null;
  memoryInMBs: number | null;
}

/** The function's timeout below which a create event for a provisioning connection cannot be waited for. */
export const MIN_FUNCTION_TIMEOUT_SECONDS = 120;
/** The function configuration key setup generates a value for when it is missing. */
export const FINGERPRINT_KEY_VARIABLE = "TUNNELSMITH_PSK_FINGERPRINT_KEY";

/** Whether an OCID names the tenancy (root compartment): an alarm there may watch every compartment below it. */
function isTenancy(compartmentId: string): boolean {
  return compartmentId.startsWith("ocid1.tenancy.");
}

/**
 * Everything setup manages, in the order it is created: storage and topics first (everything else refers to
 * them), then the function's configuration, the schedules, IAM, and last the triggers (Events rule, alarm), so
 * the first event finds a configured function that may read what it needs.
 */
export function desiredResources(input: SetupInput, ctx: SetupContext): ResourceSpec[] {
  const home = input.compartmentId;
  const tags = (role: string, scope?: string) => tagsFor(input.install, role, scope);
  const base = { creatable: true, mutable: true };
  const specs: ResourceSpec[] = [];

  specs.push({
    ...base,
    key: "bucket",
    kind: "bucket",
    name: input.bucket,
    compartmentId: home,
    purpose: "rendered configs and state (private, versioned)",
    fields: {
      publicAccessType: "NoPublicAccess",
      versioning: "Enabled",
      ...(input.kmsKeyId ? { kmsKeyId: input.kmsKeyId } : {}),
    },
    tags: tags(ROLES.bucket),
  });
  specs.push({
    ...base,
    key: "topic:alerts",
    kind: "topic",
    name: `${input.install}-alerts`,
    compartmentId: home,
    purpose: "messages for people: new configs, tunnel alerts",
    fields: {},
    tags: tags(ROLES.alertsTopic),
  });
  specs.push({
    ...base,
    key: "topic:alarms",
    kind: "topic",
    name: `${input.install}-alarms`,
    compartmentId: home,
    purpose: "Monitoring alarm messages for the function",
    fields: {},
    tags: tags(ROLES.alarmTopic),
  });

  const subscribers: [string, string[]][] = [
    ["EMAIL", input.emails],
    ["SLACK", input.slackUrls],
    ["CUSTOM_HTTPS", input.httpsUrls],
    ["PAGERDUTY", input.pagerDutyUrls],
  ];
  for (const [protocol, endpoints] of subscribers) {
    for (const endpoint of endpoints) specs.push(subscription("alerts", protocol, endpoint, input, home));
  }
  specs.push(subscription("alarms", "ORACLE_FUNCTIONS", ctx.function.id, input, home));

  specs.push(functionSpec(input, ctx));

  const scheduleKeys: string[] = [];
  for (const network of input.networkCompartmentIds) {
    const key = `schedule:sweep:${network}`;
    scheduleKeys.push(key);
    specs.push({
      ...base,
      key,
      kind: "schedule",
      name: scopedName(`${input.install}-sweep`, network, home),
      compartmentId: home,
      purpose: `tunnel and BGP sweep of ${network} (${input.sweepCron})`,
      fields: scheduleFields(input.sweepCron, ctx.function.id, {
        action: "sweep",
        compartmentId: network,
        includeSubcompartments: true,
      }),
      tags: tags(ROLES.sweep, network),
    });
  }
  const rotation = input.rotation;
  for (const network of input.networkCompartmentIds) {
    const key = `schedule:rotate:${network}`;
    if (rotation === null ? ctx.existingRotationKeys.includes(key) : rotation !== "off")
      scheduleKeys.push(key);
    const spec: ResourceSpec = {
      ...base,
      key,
      kind: "schedule",
      name: scopedName(`${input.install}-rotate-psk`, network, home),
      compartmentId: home,
      purpose: `PSK rotation in ${network}`,
      fields: {},
      tags: tags(ROLES.rotation, network),
    };
    if (rotation === "off") specs.push({ ...spec, ensure: "absent" });
    else if (rotation === null) specs.push({ ...spec, ensure: "observed" });
    else {
      spec.purpose = `PSK rotation in ${network}: keys older than ${rotation.maxAgeDays} days (${rotation.cron})`;
      spec.fields = scheduleFields(rotation.cron, ctx.function.id, {
        action: "rotate-psk",
        compartmentId: network,
        maxAgeDays: rotation.maxAgeDays,
      });
      specs.push(spec);
    }
  }

  if (input.iam) {
    specs.push({
      ...base,
      key: "dynamic-group",
      kind: "dynamic-group",
      name: dynamicGroupName(input.install),
      compartmentId: ctx.tenancyId,
      purpose: "matches the deployed function (its resource principal)",
      fields: { matchingRule: dynamicGroupRule(ctx.function.id) },
      tags: tags(ROLES.dynamicGroup),
    });
    specs.push({
      ...base,
      key: "policy",
      kind: "policy",
      name: policyName(input.install),
      compartmentId: ctx.tenancyId,
      purpose: "least-privilege access for the function, Events and Resource Scheduler",
      fields: {
        statements: policyStatements({
          install: input.install,
          functionId: ctx.function.id,
          functionCompartmentId: ctx.function.compartmentId,
          networkCompartmentIds: input.networkCompartmentIds,
          bucket: input.bucket,
          bucketCompartmentId: ref("bucket:compartment"),
          alertsTopicId: ref("topic:alerts"),
          topicCompartmentId: home,
          kmsKeyId: input.kmsKeyId,
          region: ctx.region,
          rotation: rotation === null ? ctx.existingRotationKeys.length > 0 : rotation !== "off",
          scheduleIds: scheduleKeys.map(ref),
        }),
      },
      tags: tags(ROLES.policy),
    });
  }

  for (const network of input.networkCompartmentIds) {
    specs.push({
      ...base,
      key: `rule:${network}`,
      kind: "rule",
      name: `${input.install}-ipsec-events`,
      compartmentId: network,
      purpose: "IPSec connection and CPE events to the function",
      fields: {
        condition: eventCondition(ctx.eventTypes),
        isEnabled: true,
        actions: [{ actionType: "FAAS", isEnabled: true, functionId: ctx.function.id }],
      },
      tags: tags(ROLES.rule, network),
    });
  }
  for (const network of input.networkCompartmentIds) {
    specs.push({
      ...base,
      key: `alarm:${network}`,
      kind: "alarm",
      name: scopedName(`${input.install}-tunnel-down`, network, home),
      compartmentId: home,
      purpose: `a tunnel in ${network} down for ${input.alarmPendingMinutes} min (one message per tunnel)`,
      fields: {
        namespace: "oci_vpn",
        metricCompartmentId: network,
        metricCompartmentIdInSubtree: isTenancy(network),
        query: TUNNEL_ALARM_QUERY,
        resolution: "1m",
        pendingDuration: `PT${input.alarmPendingMinutes}M`,
        severity: "CRITICAL",
        // One message per tunnel (metric stream) instead of one per alarm: the function needs to know which
        // tunnel changed, and a second tunnel going down is a message of its own.
        isNotificationsPerMetricDimensionEnabled: true,
        destinations: [ref("topic:alarms")],
        // RAW: the JSON the function parses; the other formats are for e-mail subscribers.
        messageFormat: "RAW",
        isEnabled: true,
        body: `An OCI Site-to-Site VPN tunnel has reported TunnelState 0 (down) for ${input.alarmPendingMinutes} minutes. tunnelsmith turns this message into an alert naming the connection, the tunnel and what to check.`,
      },
      tags: tags(ROLES.alarm, network),
    });
  }
  return specs;
}

/** The Events rule condition: every configured event type, sorted, so the same set always reads the same. */
export function eventCondition(eventTypes: readonly string[]): string {
  return JSON.stringify({ eventType: [...new Set(eventTypes)].sort() });
}

function subscription(
  topic: "alerts" | "alarms",
  protocol: string,
  endpoint: string,
  input: SetupInput,
  compartmentId: string,
): ResourceSpec {
  const url = protocol !== "EMAIL" && protocol !== "ORACLE_FUNCTIONS";
  return {
    key: `subscription:${topic}:${protocol}:${endpoint}`,
    kind: "subscription",
    name: `${protocol} ${url ? new URL(endpoint).origin : endpoint}`,
    compartmentId,
    purpose:
      protocol === "ORACLE_FUNCTIONS"
        ? "delivers alarm messages to the function"
        : `alerts to ${protocol === "EMAIL" ? "an e-mail address" : protocol.toLowerCase().replace("_", " ")}`,
    fields: { topicId: ref(`topic:${topic}`), protocol, endpoint },
    // A Slack or PagerDuty URL carries its credential in the path: show only where it points.
    fieldOptions: url ? { endpoint: { showOrigin: true } } : {},
    tags: tagsFor(input.install, ROLES.subscription),
    creatable: true,
    mutable: false,
  };
}

function functionSpec(input: SetupInput, ctx: SetupContext): ResourceSpec {
  const config: Record<string, SpecValue> = {
    TUNNELSMITH_MODE: "oci",
    TUNNELSMITH_BUCKET: input.bucket,
    TUNNELSMITH_NAMESPACE: ctx.namespace,
    TUNNELSMITH_TOPIC_ID: ref("topic:alerts"),
    [FINGERPRINT_KEY_VARIABLE]: ctx.fingerprintKey,
    ...ctx.eventTypeOverrides,
  };
  const fields: Record<string, SpecValue> = {};
  for (const [k, v] of Object.entries(config)) fields[`config.${k}`] = v;
  return {
    key: "function",
    kind: "function",
    id: ctx.function.id,
    name: ctx.function.name,
    compartmentId: ctx.function.compartmentId,
    purpose: "the deployed function's configuration",
    fields,
    fieldOptions: { [`config.${FINGERPRINT_KEY_VARIABLE}`]: { secret: true, onlyIfMissing: true } },
    tags: {},
    creatable: false,
    mutable: true,
  };
}

function scheduleFields(
  cron: string,
  functionId: string,
  body: Record<string, SpecValue>,
): Record<string, SpecValue> {
  return {
    action: "START_RESOURCE",
    recurrenceType: "CRON",
    recurrenceDetails: cron,
    resources: [{ id: functionId, parameters: [{ parameterType: "BODY", value: body }] }],
  };
}

/** What the operator should know about the deployed function before anything is applied. */
export function functionWarnings(fn: DeployedFunction): string[] {
  const out: string[] = [];
  if (fn.timeoutInSeconds !== null && fn.timeoutInSeconds < MIN_FUNCTION_TIMEOUT_SECONDS) {
    out.push(
      `function ${fn.name} has a ${fn.timeoutInSeconds} s timeout; func.yaml sets ${MIN_FUNCTION_TIMEOUT_SECONDS} s (a create event waits for a provisioning connection): deploy it again with fn deploy`,
    );
  }
  if (fn.memoryInMBs !== null && fn.memoryInMBs < 256) {
    out.push(
      `function ${fn.name} has ${fn.memoryInMBs} MB of memory; func.yaml sets 256 MB (see its comment)`,
    );
  }
  return out;
}
