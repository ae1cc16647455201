import { ROLES, tagsFor } from "./names.ts";
import type { SetupInput } from "./options.ts";
import { ref } from "./refs.ts";
import type { SpecFieldsByKind, SpecValue, TypedSpec } from "./types.ts";

/** The deployed function as `GetFunction` describes it. */
export interface DeployedFunction {
  id: string;
  name: string;
  compartmentId: string;
  config: Readonly<Record<string, string>>;
  timeoutInSeconds: number | null;
  memoryInMBs: number | null;
  /** Limit of detached invocations (Resource Scheduler invokes detached); null: OCI's default. */
  detachedModeTimeoutInSeconds: number | null;
}

/** The function's timeout below which a create event for a provisioning connection cannot be waited for. */
export const MIN_FUNCTION_TIMEOUT_SECONDS = 120;
/** The function configuration key setup generates a value for when it is missing. */
export const FINGERPRINT_KEY_VARIABLE = "TUNNELSMITH_PSK_FINGERPRINT_KEY";
/** The function configuration key that tells the function to re-create its links (see policies.ts). */
export const LINK_GENERATION_VARIABLE = "TUNNELSMITH_LINK_GENERATION";

/** A subscription to the alert topic (people) or the alarm topic (the function). */
export function subscriptionSpec(
  topic: "alerts" | "alarms",
  protocol: string,
  endpoint: string,
  input: SetupInput,
  compartmentId: string,
): TypedSpec<"subscription"> {
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

/** What setup writes into the function: its configuration keys, and its detached-invocation limit. */
export interface FunctionSettings {
  namespace: string;
  fingerprintKey: string;
  eventTypeOverrides: Readonly<Record<string, string>>;
  /** Set only when setup manages IAM (`--iam`); null leaves whatever is there. */
  linkGeneration: string | null;
}

/** The deployed function's configuration and detached timeout (the function itself is fn's). */
export function functionSpec(
  input: SetupInput,
  fn: DeployedFunction,
  s: FunctionSettings,
): TypedSpec<"function"> {
  const config: Record<string, string> = {
    TUNNELSMITH_MODE: "oci",
    TUNNELSMITH_BUCKET: input.bucket,
    TUNNELSMITH_NAMESPACE: s.namespace,
    TUNNELSMITH_TOPIC_ID: ref("topic:alerts"),
    [FINGERPRINT_KEY_VARIABLE]: s.fingerprintKey,
    ...(s.linkGeneration ? { [LINK_GENERATION_VARIABLE]: s.linkGeneration } : {}),
    // Each queue has its own messages endpoint (GetQueue's messagesEndpoint), so setup writes it too.
    ...(input.queue
      ? {
          TUNNELSMITH_QUEUE_ID: ref("queue"),
          TUNNELSMITH_QUEUE_ENDPOINT: ref("queue:endpoint"),
          TUNNELSMITH_QUEUE_MAX_DELIVERIES: String(input.queue.maxDeliveries),
        }
      : {}),
    ...s.eventTypeOverrides,
  };
  const fields: SpecFieldsByKind["function"] = {
    // Sweeps and rotations run as detached invocations: up to 3600 s instead of the 300 s of a normal one.
    detachedModeTimeoutInSeconds: input.detachedTimeoutSeconds,
  };
  for (const [k, v] of Object.entries(config)) fields[`config.${k}`] = v;
  return {
    key: "function",
    kind: "function",
    id: fn.id,
    name: fn.name,
    compartmentId: fn.compartmentId,
    purpose: "the deployed function's configuration",
    fields,
    fieldOptions: { [`config.${FINGERPRINT_KEY_VARIABLE}`]: { secret: true, onlyIfMissing: true } },
    tags: {},
    creatable: false,
    mutable: true,
  };
}

/** A Resource Scheduler schedule's fields: START_RESOURCE of the function with a JSON body, on a cron. */
export function scheduleFields(
  cron: string,
  functionId: string,
  body: { [key: string]: SpecValue },
): SpecFieldsByKind["schedule"] {
  return {
    action: "START_RESOURCE",
    recurrenceType: "CRON",
    recurrenceDetails: cron,
    resources: [{ id: functionId, parameters: [{ parameterType: "BODY", value: body }] }],
  };
}

/**
 * With the queue: a shard worker (`sweep-shard`, on top of the sweep that works shards itself) and the fleet's one
 * alert publisher (`publish-alerts`), which drains the alert channel within the topic's budget.
 */
export function queueScheduleSpecs(
  input: SetupInput,
  queue: NonNullable<SetupInput["queue"]>,
  functionId: string,
): TypedSpec<"schedule">[] {
  const schedule = (action: string, role: string, cron: string, purpose: string): TypedSpec<"schedule"> => ({
    key: `schedule:${action}`,
    kind: "schedule",
    name: `${input.install}-${action}`,
    compartmentId: input.compartmentId,
    purpose: `${purpose} (${cron})`,
    fields: scheduleFields(cron, functionId, { action }),
    tags: tagsFor(input.install, role),
    creatable: true,
    mutable: true,
  });
  return [
    schedule(
      "sweep-shard",
      ROLES.shardWorker,
      queue.workerCron,
      "a sweep worker taking shards from the queue",
    ),
    schedule("publish-alerts", ROLES.alertPublisher, queue.publishCron, "the alert publisher"),
  ];
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
