import type { Env } from "../config/env.ts";
import { type DeployedFunction, desiredResources, functionWarnings, type SetupContext } from "./desired.ts";
import { discover } from "./discover.ts";
import { ruleEventTypes } from "./event-types.ts";
import { applyPlan, type ExecuteOptions } from "./execute.ts";
import { formatPlan, formatReport } from "./format.ts";
import type { SetupInput, TeardownInput } from "./options.ts";
import { planSetup, planTeardown } from "./plan.ts";
import type { SetupPorts, TeardownScope } from "./ports.ts";
import { isTenancy } from "./specs-alarm.ts";
import { createdPendingLines, resendPending } from "./subscriptions.ts";
import type { FoundResource, FoundState, Plan, ResourceKind, ResourceSpec } from "./types.ts";

/**
 * The runs behind the CLI that talk to OCI: setup (plan, then apply unless --dry-run) and teardown
 * (`--print-policies` is offline, print-policies.ts). They
 * write plain lines through `out` and return whether everything went through.
 */

/** How a run prints, waits and retries, and what it reads from its environment. */
export interface RunOptions extends ExecuteOptions {
  out: (line: string) => void;
  /** Environment where setup runs: event-type overrides. */
  env: Env;
  /** A fresh random key for TUNNELSMITH_PSK_FINGERPRINT_KEY, used only if the function has none. */
  fingerprintKey: string;
}

interface Prepared {
  fn: DeployedFunction;
  specs: ResourceSpec[];
  found: FoundState;
}

/** Reads the function, builds the desired state and finds what exists (read-only). */
async function prepare(
  input: SetupInput,
  ports: SetupPorts,
  env: Env,
  fingerprintKey: string,
): Promise<Prepared> {
  const fn = await ports.environment.getFunction(input.functionId);
  const { eventTypes, overrides } = ruleEventTypes(env, fn.config);
  const jsonTopic = fn.config.TUNNELSMITH_ALERT_JSON_TOPIC_ID?.trim();
  const subcompartments: Record<string, readonly string[]> = {};
  if (input.subcompartments) {
    for (const network of input.networkCompartmentIds) {
      if (!isTenancy(network))
        subcompartments[network] = await ports.environment.listSubcompartments(network);
    }
  }
  const ctx: SetupContext = {
    subcompartments,
    bucketCompartmentId: null,
    alertJsonTopicCompartmentId: jsonTopic ? await ports.environment.topicCompartmentId(jsonTopic) : null,
    tenancyId: ports.environment.tenancyId,
    region: ports.environment.region,
    namespace: await ports.environment.namespace(),
    function: fn,
    eventTypes,
    eventTypeOverrides: overrides,
    fingerprintKey,
    existingRotationKeys: [],
  };
  const first = desiredResources(input, ctx);
  const found = await discover(first, ports);
  // Rotation schedules from an earlier run keep rotation on (for the policy) when --rotate-every is not given.
  // An existing bucket may live in another compartment: the policy names the compartment it is in.
  const existingRotationKeys = first.filter((s) => s.key.startsWith("schedule:rotate:") && found.has(s.key));
  const specs = desiredResources(input, {
    ...ctx,
    existingRotationKeys: existingRotationKeys.map((s) => s.key),
    bucketCompartmentId: found.get("bucket")?.compartmentId ?? null,
  });
  return { fn, specs, found };
}

function purposes(specs: readonly ResourceSpec[]): Map<string, string> {
  return new Map(specs.map((s) => [s.key, s.purpose]));
}

function changesAnything(plan: Plan): boolean {
  return plan.actions.some((a) => a.type === "create" || a.type === "update" || a.type === "delete");
}

/** `tunnelsmith setup`: prints the plan and, unless it is a dry run, applies it. */
export async function runSetup(input: SetupInput, ports: SetupPorts, options: RunOptions): Promise<boolean> {
  const { out } = options;
  const { fn, specs, found } = await prepare(input, ports, options.env, options.fingerprintKey);
  const plan = planSetup(specs, found);
  plan.warnings.unshift(...functionWarnings(fn));
  out(
    `tunnelsmith setup "${input.install}" in ${ports.environment.region}: function ${fn.name} (${fn.id}), compartment ${input.compartmentId}`,
  );
  for (const line of formatPlan(plan, purposes(specs))) out(line);
  if (input.dryRun) {
    out("Dry run: nothing was changed.");
    return true;
  }
  if (input.resendConfirmations) await resendPending(found, ports, out);
  if (!changesAnything(plan)) {
    out("Nothing to change.");
    return true;
  }
  const bySpec = new Map(specs.map((s) => [s.key, s]));
  const report = await applyPlan(plan, { specs: bySpec, found }, ports, options);
  for (const line of formatReport(report)) out(line);
  for (const line of createdPendingLines(report, bySpec)) out(line);
  if (report.failed) return false;
  if (!input.iam) {
    out(
      "IAM is not managed by this run: `tunnelsmith setup … --print-policies` prints the dynamic group and policy to create (or run setup with --iam as a tenancy administrator). After changing them by hand, set TUNNELSMITH_LINK_GENERATION in the function's configuration to the value it prints, so the function re-creates its download links.",
    );
  }
  return true;
}

/** The kinds teardown looks at, in no particular order (the planner orders the deletes). */
function teardownKinds(iam: boolean): ResourceKind[] {
  return [
    "alarm",
    "rule",
    "schedule",
    // Always looked for: a queue from an earlier `setup --queue` goes even when teardown is not told about it.
    "queue",
    "subscription",
    "topic",
    "lifecycle",
    "bucket",
    ...(iam ? (["policy", "dynamic-group"] as const) : []),
  ];
}

/** `tunnelsmith teardown`: removes what setup created, found by its tags. */
export async function runTeardown(
  input: TeardownInput,
  ports: SetupPorts,
  options: Omit<RunOptions, "env" | "fingerprintKey">,
): Promise<boolean> {
  const { out } = options;
  const scope: TeardownScope = {
    install: input.install,
    compartmentId: input.compartmentId,
    networkCompartmentIds: input.networkCompartmentIds,
    tenancyId: ports.environment.tenancyId,
    bucket: input.bucket,
  };
  const found: FoundResource[] = [];
  for (const kind of teardownKinds(input.iam)) found.push(...(await ports.adapters[kind].listTagged(scope)));
  const plan = planTeardown(found, { keepBucket: input.keepBucket });
  out(
    `tunnelsmith teardown "${input.install}" in ${ports.environment.region}, compartment ${input.compartmentId}`,
  );
  for (const line of formatPlan(plan)) out(line);
  const tail = [
    "The function itself and its configuration are left as they are (fn delete function APP tunnelsmith removes it).",
    ...(input.iam ? [] : ["IAM (dynamic group, policy) was not looked at; add --iam if setup created them."]),
  ];
  if (input.dryRun) {
    out("Dry run: nothing was changed.");
    return true;
  }
  if (!changesAnything(plan)) {
    out("Nothing to delete.");
    for (const line of tail) out(line);
    return true;
  }
  const byKey = new Map(plan.actions.map((a) => [a.key, found.find((f) => `${f.kind}:${f.id}` === a.key)]));
  const targets = {
    specs: new Map<string, ResourceSpec>(),
    found: new Map([...byKey].filter((e): e is [string, FoundResource] => e[1] !== undefined)),
  };
  const report = await applyPlan(plan, targets, ports, options);
  for (const line of formatReport(report)) out(line);
  for (const line of tail) out(line);
  return report.failed === null;
}
