import { resolveValue, sameValue } from "./refs.ts";
import type {
  Action,
  FieldChange,
  FoundResource,
  FoundState,
  Plan,
  ResourceKind,
  ResourceSpec,
  SpecValue,
} from "./types.ts";

/**
 * The pure planner: desired state (specs, in creation order) against found state → ordered actions. No I/O, so a
 * dry run, a real run and the tests all see the same decisions.
 */

/**
 * The OCIDs known before anything is created: found resources, given ones (the function), and each resource's
 * compartment under `<key>:compartment` (for a new one, the compartment it will be created in).
 */
export function knownIds(specs: readonly ResourceSpec[], found: FoundState): Map<string, string> {
  const ids = new Map<string, string>();
  for (const spec of specs) {
    const f = found.get(spec.key);
    if (f) {
      ids.set(spec.key, f.id);
      ids.set(`${spec.key}:compartment`, f.compartmentId);
      for (const [name, value] of Object.entries(f.exports ?? {})) ids.set(`${spec.key}:${name}`, value);
    } else {
      if (spec.id) ids.set(spec.key, spec.id);
      ids.set(`${spec.key}:compartment`, spec.compartmentId);
    }
  }
  return ids;
}

/** The spec with every reference resolved against `ids` (placeholders for resources that do not exist yet). */
export function resolveSpec(spec: ResourceSpec, ids: ReadonlyMap<string, string>): ResourceSpec {
  const fields: Record<string, SpecValue> = {};
  for (const [k, v] of Object.entries(spec.fields)) fields[k] = resolveValue(v, ids);
  return { ...spec, fields };
}

/** The fields of `spec` that differ from `found` (tags included), references resolved against `ids`. */
export function diffFields(
  spec: ResourceSpec,
  found: FoundResource | null,
  ids: ReadonlyMap<string, string>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(spec.fields)) {
    const options = spec.fieldOptions?.[field] ?? {};
    const to = resolveValue(value, ids);
    const from = found?.fields[field];
    // A generated key is set once; regenerating it on every run would change every stored fingerprint.
    if (options.onlyIfMissing && typeof from === "string" && from.length > 0) continue;
    if (!sameValue(from, to)) changes.push({ field, from, to, options });
  }
  if (found && Object.entries(spec.tags).some(([k, v]) => found.tags[k] !== v)) {
    changes.push({
      field: "freeformTags",
      from: found.tags,
      to: { ...found.tags, ...spec.tags },
      options: {},
    });
  }
  return changes;
}

function action(
  type: Action["type"],
  spec: ResourceSpec,
  found: FoundResource | null,
  changes: FieldChange[],
  reason?: string,
): Action {
  return {
    type,
    key: spec.key,
    kind: spec.kind,
    name: found?.name ?? spec.name,
    compartmentId: found?.compartmentId ?? spec.compartmentId,
    id: found?.id ?? spec.id ?? null,
    changes,
    ...(reason ? { reason } : {}),
  };
}

/** What setup will do, in order, and what the operator should know first. */
export function planSetup(specs: readonly ResourceSpec[], found: FoundState): Plan {
  const ids = knownIds(specs, found);
  const actions: Action[] = [];
  const warnings: string[] = [];
  for (const spec of specs) {
    const f = found.get(spec.key) ?? null;
    if (f?.duplicates?.length) {
      warnings.push(
        `${spec.kind} ${spec.name}: ${f.duplicates.length + 1} match, using ${f.id}; left alone: ${f.duplicates.join(", ")}`,
      );
    }
    const ensure = spec.ensure ?? "present";
    if (ensure === "absent") {
      if (f) actions.push(action("delete", spec, f, []));
      continue;
    }
    if (ensure === "observed") {
      if (f) actions.push(action("keep", spec, f, [], "left as it is (--rotate-every off removes it)"));
      continue;
    }
    if (!f) {
      actions.push(
        spec.creatable
          ? action("create", spec, null, diffFields(spec, null, ids))
          : action("skip", spec, null, [], `${spec.kind} ${spec.id ?? spec.name} not found`),
      );
      continue;
    }
    if (spec.kind === "subscription" && f.lifecycleState === "PENDING") {
      warnings.push(
        `subscription ${spec.name} (${f.id}) waits for confirmation: open the link in the message OCI sent; unconfirmed, it expires after a few days (run setup with --resend-confirmations to have it sent again)`,
      );
    }
    const changes = spec.mutable ? diffFields(spec, f, ids) : [];
    actions.push(action(changes.length > 0 ? "update" : "keep", spec, f, changes));
  }
  return { actions, warnings };
}

/** Teardown removes dependents before what they depend on: the reverse of the creation order. */
const TEARDOWN_ORDER: readonly ResourceKind[] = [
  "alarm",
  "rule",
  "policy",
  "dynamic-group",
  "schedule",
  "queue",
  "subscription",
  "topic",
  "lifecycle",
  "bucket",
];

/**
 * What teardown will do with the tagged resources it found. The function is never touched (it was deployed with
 * fn, not created by setup); a bucket that still holds objects is kept, since deleting rendered configs is a
 * decision for a person, not a side effect.
 */
export function planTeardown(found: readonly FoundResource[], options: { keepBucket: boolean }): Plan {
  const actions: Action[] = [];
  for (const kind of TEARDOWN_ORDER) {
    for (const f of found.filter((r) => r.kind === kind)) {
      const base: Omit<Action, "type"> = {
        key: `${f.kind}:${f.id}`,
        kind: f.kind,
        name: f.name,
        compartmentId: f.compartmentId,
        id: f.id,
        changes: [],
      };
      if (kind === "bucket" && options.keepBucket) {
        actions.push({ ...base, type: "skip", reason: "kept (--keep-bucket)" });
      } else if (kind === "bucket" && f.fields.empty !== true) {
        actions.push({
          ...base,
          type: "skip",
          reason: `not empty: it holds rendered configs (PSKs) or their older versions; empty it first (oci os object bulk-delete --bucket-name ${f.name} --force, and delete old versions), then run teardown again`,
        });
      } else {
        actions.push({ ...base, type: "delete" });
      }
    }
  }
  return { actions, warnings: [] };
}
