import { createBackoff } from "../core/backoff.ts";
import type { Clock } from "../ports.ts";
import { diffFields, knownIds, resolveSpec } from "./plan.ts";
import type { SetupPorts } from "./ports.ts";
import { refsIn } from "./refs.ts";
import type { Action, FoundResource, Plan, ResourceSpec } from "./types.ts";

/** What happened to one planned action. */
export interface ActionResult {
  action: Action;
  /** `not run`: an earlier action failed, so this one was not attempted. */
  outcome: "created" | "updated" | "deleted" | "unchanged" | "skipped" | "failed" | "not run";
  /** The resource's OCID after the action (a created one's new OCID). */
  id: string | null;
  error?: string;
}

/** Every action's result, in plan order. */
export interface ExecutionReport {
  results: ActionResult[];
  /** The action that failed (the run stopped there), or null. */
  failed: ActionResult | null;
}

/** How the executor waits and retries. */
export interface ExecuteOptions {
  clock: Pick<Clock, "sleep">;
  /** Attempts for an action whose resource is busy (409 IncorrectState); the SDK already retried 429 and 5xx. */
  busyAttempts: number;
  /** Cap of the wait between those attempts (1 s, 2 s, 4 s, … steps, jittered); 0 retries at once (tests). */
  maxDelaySeconds: number;
  /** The backoff's jitter source (shared/core/backoff.ts). Default Math.random. */
  random?: () => number;
}

/** Specs and found resources by action key. */
export interface PlanTargets {
  specs: ReadonlyMap<string, ResourceSpec>;
  found: ReadonlyMap<string, FoundResource>;
}

/**
 * Carries out a plan in order. References are resolved again with the OCIDs of what this run created, and an
 * update's changes are recomputed against them. It stops at the first failure: later actions may depend on the
 * failed one, and every action is idempotent, so running setup again continues where this run stopped.
 */
export async function applyPlan(
  plan: Plan,
  targets: PlanTargets,
  ports: SetupPorts,
  options: ExecuteOptions,
): Promise<ExecutionReport> {
  const specList = [...targets.specs.values()];
  const ids = knownIds(specList, targets.found);
  const results: ActionResult[] = [];
  let failed: ActionResult | null = null;

  for (const action of plan.actions) {
    if (failed) {
      results.push({ action, outcome: "not run", id: action.id });
      continue;
    }
    if (action.type === "keep" || action.type === "skip") {
      results.push({ action, outcome: action.type === "keep" ? "unchanged" : "skipped", id: action.id });
      continue;
    }
    try {
      const result = await withBusyRetry(ports, options, () => run(action, targets, ids, ports));
      results.push(result);
    } catch (error) {
      failed = { action, outcome: "failed", id: action.id, error: messageOf(error) };
      results.push(failed);
    }
  }
  return { results, failed };
}

async function run(
  action: Action,
  targets: PlanTargets,
  ids: Map<string, string>,
  ports: SetupPorts,
): Promise<ActionResult> {
  const adapter = ports.adapters[action.kind];
  const found = targets.found.get(action.key) ?? null;
  if (action.type === "delete") {
    if (!found) throw new Error(`internal: nothing found to delete for ${action.key}`);
    await adapter.delete(found);
    return { action, outcome: "deleted", id: found.id };
  }
  const spec = targets.specs.get(action.key);
  if (!spec) throw new Error(`internal: no spec for ${action.key}`);
  const missing = Object.values(spec.fields)
    .flatMap(refsIn)
    .filter((key) => !ids.has(key));
  if (missing.length > 0) throw new Error(`needs ${missing.join(", ")}, which does not exist`);
  const resolved = resolveSpec(spec, ids);
  if (action.type === "create") {
    const id = await adapter.create(resolved);
    ids.set(spec.key, id);
    ids.set(`${spec.key}:compartment`, spec.compartmentId);
    const exported = adapter.exportsOf ? await adapter.exportsOf(id) : {};
    for (const [name, value] of Object.entries(exported)) ids.set(`${spec.key}:${name}`, value);
    return { action, outcome: "created", id };
  }
  if (!found) throw new Error(`internal: nothing found to update for ${action.key}`);
  const changes = diffFields(spec, found, ids);
  if (changes.length === 0) return { action, outcome: "unchanged", id: found.id };
  await adapter.update(found, resolved, changes);
  return { action, outcome: "updated", id: found.id };
}

async function withBusyRetry<T>(
  ports: SetupPorts,
  options: ExecuteOptions,
  work: () => Promise<T>,
): Promise<T> {
  const backoff = createBackoff({
    firstMs: 1_000,
    maxMs: options.maxDelaySeconds * 1000,
    random: options.random,
  });
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= options.busyAttempts || !ports.isBusy(error)) throw error;
      await options.clock.sleep(backoff.next());
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}
