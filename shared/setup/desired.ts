import { lifecycleRuleName, ROLES, scopedName, tagsFor } from "./names.ts";
import { SETUP_DEFAULTS } from "./option-schema.ts";
import type { SetupInput } from "./options.ts";
import { linkGeneration } from "./policies.ts";
import { alarmSpecs } from "./specs-alarm.ts";
import {
  type DeployedFunction,
  functionSpec,
  queueScheduleSpecs,
  scheduleFields,
  subscriptionSpec,
} from "./specs-function.ts";
import { iamSpecs, policyInputFor } from "./specs-iam.ts";
import { type ResourceSpec, type TypedSpec, typed } from "./types.ts";

export type { DeployedFunction } from "./specs-function.ts";
export {
  FINGERPRINT_KEY_VARIABLE,
  functionWarnings,
  MIN_FUNCTION_TIMEOUT_SECONDS,
} from "./specs-function.ts";

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
  /** Where the bucket lives when it exists already (null: it does not, setup creates it in --compartment). */
  bucketCompartmentId: string | null;
  /** The compartment of the function's TUNNELSMITH_ALERT_JSON_TOPIC_ID topic, when it has one. */
  alertJsonTopicCompartmentId: string | null;
  /** With `--subcompartments`: every active compartment below each (non-tenancy) network compartment. */
  subcompartments: Readonly<Record<string, readonly string[]>>;
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

  specs.push(
    typed({
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
    }),
  );
  specs.push(
    typed({
      ...base,
      key: "topic:alerts",
      kind: "topic",
      name: `${input.install}-alerts`,
      compartmentId: home,
      purpose: "messages for people: new configs, tunnel alerts",
      fields: {},
      tags: tags(ROLES.alertsTopic),
    }),
  );
  specs.push(
    typed({
      ...base,
      key: "topic:alarms",
      kind: "topic",
      name: `${input.install}-alarms`,
      compartmentId: home,
      purpose: "Monitoring alarm messages for the function",
      fields: {},
      tags: tags(ROLES.alarmTopic),
    }),
  );

  const subscribers: [string, string[]][] = [
    ["EMAIL", input.emails],
    ["SLACK", input.slackUrls],
    ["CUSTOM_HTTPS", input.httpsUrls],
    ["PAGERDUTY", input.pagerDutyUrls],
  ];
  for (const [protocol, endpoints] of subscribers) {
    for (const endpoint of endpoints) specs.push(subscriptionSpec("alerts", protocol, endpoint, input, home));
  }
  specs.push(subscriptionSpec("alarms", "ORACLE_FUNCTIONS", ctx.function.id, input, home));

  if (input.queue) specs.push(queueSpec(input, ROLES.queue));

  const rotation = input.rotation;
  const facts = {
    tenancyId: ctx.tenancyId,
    region: ctx.region,
    functionCompartmentId: ctx.function.compartmentId,
    bucketCompartmentId: ctx.bucketCompartmentId ?? home,
    alertJsonTopicCompartmentId: ctx.alertJsonTopicCompartmentId,
    rotation: rotation === null ? ctx.existingRotationKeys.length > 0 : rotation !== "off",
  };
  specs.push(
    functionSpec(input, ctx.function, {
      namespace: ctx.namespace,
      fingerprintKey: ctx.fingerprintKey,
      eventTypeOverrides: ctx.eventTypeOverrides,
      linkGeneration: input.iam ? linkGeneration(policyInputFor(input, facts)) : null,
    }),
  );

  for (const network of input.networkCompartmentIds) {
    const key = `schedule:sweep:${network}`;
    specs.push(
      typed({
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
      }),
    );
  }
  if (input.queue) specs.push(...queueScheduleSpecs(input, input.queue, ctx.function.id));
  for (const network of input.networkCompartmentIds) {
    const key = `schedule:rotate:${network}`;
    const spec: TypedSpec<"schedule"> = {
      ...base,
      key,
      kind: "schedule",
      name: scopedName(`${input.install}-rotate-psk`, network, home),
      compartmentId: home,
      purpose: `PSK rotation in ${network}`,
      fields: {},
      tags: tags(ROLES.rotation, network),
    };
    if (rotation === "off") specs.push(typed({ ...spec, ensure: "absent" }));
    else if (rotation === null) specs.push(typed({ ...spec, ensure: "observed" }));
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

  if (input.iam) specs.push(...iamSpecs(input, facts));

  for (const network of input.networkCompartmentIds) {
    specs.push(
      typed({
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
      }),
    );
  }
  specs.push(...alarmSpecs(input, ctx.subcompartments));
  specs.push(lifecycleSpec(input, ctx));
  return specs;
}

/**
 * The sharded sweep's work queue. A shard a worker failed on `maxDeliveries` times goes to the dead-letter queue
 * (the function's TUNNELSMITH_QUEUE_MAX_DELIVERIES says the same); a shard stays invisible to other workers for the
 * detached-invocation limit, the longest one worker may hold it.
 */
function queueSpec(input: SetupInput, role: string): TypedSpec<"queue"> {
  const maxDeliveries = input.queue?.maxDeliveries ?? SETUP_DEFAULTS.queueMaxDeliveries;
  return {
    key: "queue",
    kind: "queue",
    name: `${input.install}-sweep`,
    compartmentId: input.compartmentId,
    purpose: `sweep shards for the workers (dead-lettered after ${maxDeliveries} deliveries)`,
    fields: {
      deadLetterQueueDeliveryCount: maxDeliveries,
      visibilityInSeconds: input.detachedTimeoutSeconds,
      retentionInSeconds: SETUP_DEFAULTS.queueRetentionSeconds,
    },
    tags: tagsFor(input.install, role),
    creatable: true,
    mutable: true,
  };
}

/** Days after which previous versions go: the link lifetime (TUNNELSMITH_LINK_TTL_DAYS, default 7), whole days. */
export function oldVersionDays(config: Readonly<Record<string, string>>): number {
  const ttl = Number(config.TUNNELSMITH_LINK_TTL_DAYS ?? "7");
  return Number.isFinite(ttl) && ttl > 0 ? Math.max(1, Math.ceil(ttl)) : 7;
}

/**
 * Deletes previous versions of the bucket's objects (older PSKs: every render and rotation writes a new version)
 * once no link can still be in use. Last: OCI refuses it until Object Storage may manage the bucket's objects
 * (the policy), so everything else is in place when it fails for that reason.
 */
function lifecycleSpec(input: SetupInput, ctx: SetupContext): TypedSpec<"lifecycle"> {
  const days = oldVersionDays(ctx.function.config);
  return {
    key: "lifecycle",
    kind: "lifecycle",
    name: lifecycleRuleName(input.install),
    compartmentId: ctx.bucketCompartmentId ?? input.compartmentId,
    purpose: `deletes previous object versions (old PSKs) after ${days} days, the link lifetime`,
    fields: {
      bucket: input.bucket,
      rule: {
        name: lifecycleRuleName(input.install),
        target: "previous-object-versions",
        action: "DELETE",
        timeAmount: days,
        timeUnit: "DAYS",
        isEnabled: true,
      },
    },
    tags: {},
    creatable: true,
    mutable: true,
  };
}

/** The Events rule condition: every configured event type, sorted, so the same set always reads the same. */
export function eventCondition(eventTypes: readonly string[]): string {
  return JSON.stringify({ eventType: [...new Set(eventTypes)].sort() });
}
