import type { ExecutionReport } from "./execute.ts";
import type { Action, FieldChange, FieldOptions, Plan, SpecValue } from "./types.ts";

/**
 * Plain-text plan and result lines for the terminal. Values go through {@link displayValue}: a generated key is
 * never shown and a webhook URL only by its origin, so a plan can be pasted into a ticket.
 */

const SYMBOL: Record<Action["type"], string> = {
  create: "+",
  update: "~",
  keep: "=",
  delete: "-",
  skip: "!",
};

/** A value for display: hidden when secret, origin only for credential-bearing URLs, compact JSON otherwise. */
export function displayValue(value: SpecValue | undefined, options: FieldOptions): string {
  if (value === undefined) return "(unset)";
  if (options.secret) return "(hidden)";
  if (options.showOrigin && typeof value === "string") {
    try {
      return `${new URL(value).origin}/…`;
    } catch {
      return "(hidden)";
    }
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function changeLine(change: FieldChange, create: boolean): string {
  const to = displayValue(change.to, change.options);
  if (create) return `      ${change.field}: ${to}`;
  if (change.field === "freeformTags") return "      freeformTags: add tunnelsmith's tags";
  return `      ${change.field}: ${displayValue(change.from, change.options)} → ${to}`;
}

/** The plan, one line per resource with the fields it sets or changes below it, then a summary and warnings. */
export function formatPlan(plan: Plan, purposes: ReadonlyMap<string, string> = new Map()): string[] {
  const lines: string[] = [];
  for (const a of plan.actions) {
    const note = a.reason ?? purposes.get(a.key) ?? "";
    lines.push(
      `  ${SYMBOL[a.type]} ${a.type.padEnd(6)} ${a.kind.padEnd(13)} ${a.name}${note ? `  (${note})` : ""}`,
    );
    if (a.type === "create" || a.type === "update") {
      for (const change of a.changes) lines.push(changeLine(change, a.type === "create"));
    }
  }
  const count = (type: Action["type"]) => plan.actions.filter((a) => a.type === type).length;
  lines.push(
    `Plan: ${count("create")} to create, ${count("update")} to change, ${count("delete")} to delete, ${count("keep")} unchanged${count("skip") ? `, ${count("skip")} skipped` : ""}.`,
  );
  for (const w of plan.warnings) lines.push(`Warning: ${w}`);
  return lines;
}

/** What a run did, one line per action, and how to continue after a failure. */
export function formatReport(report: ExecutionReport): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    const where = `${r.action.kind} ${r.action.name}`;
    if (r.outcome === "failed") {
      lines.push(`  failed    ${where}: ${r.error ?? ""}`);
      const hint = failureHint(r.action, r.error ?? "");
      if (hint) lines.push(`            ${hint}`);
      continue;
    }
    const id = r.id && r.outcome !== "not run" ? `  ${r.id}` : "";
    lines.push(`  ${r.outcome.padEnd(9)} ${where}${id}${r.action.reason ? `  (${r.action.reason})` : ""}`);
  }
  const count = (o: string) => report.results.filter((r) => r.outcome === o).length;
  if (report.failed) {
    const f = report.failed.action;
    lines.push(
      `Stopped at ${f.kind} ${f.name}: ${count("created")} created, ${count("updated")} changed, ${count("deleted")} deleted before it; nothing after it was attempted. Fix the cause and run the same command again: it continues where it stopped.`,
    );
  } else {
    lines.push(
      `Done: ${count("created")} created, ${count("updated")} changed, ${count("deleted")} deleted, ${count("unchanged")} unchanged${count("skipped") ? `, ${count("skipped")} skipped` : ""}.`,
    );
  }
  return lines;
}

/** A hint for the failures an operator can fix: a taken name, missing permissions, throttling. */
function failureHint(action: Action, error: string): string | null {
  if (action.kind === "lifecycle" && /InsufficientServicePermissions|HTTP 400/.test(error)) {
    return "Object Storage may not manage the bucket's objects yet: create the policy (setup --print-policies: `Allow service objectstorage-<region> to manage object-family …`) or run setup with --iam, then run setup again";
  }
  if (/HTTP 409/.test(error) && action.type === "create") {
    return action.kind === "topic"
      ? "409: a topic with this name probably exists in another compartment (topic names are unique in the whole tenancy); choose another --name or remove that topic"
      : action.kind === "bucket"
        ? "409: a bucket with this name exists in the namespace (perhaps in another compartment); choose another --bucket"
        : "409: OCI reports a conflict; the resource may exist already or be changing: run setup again in a minute";
  }
  if (/HTTP 409/.test(error))
    return "409: the resource kept changing (still busy); run setup again in a minute";
  if (/HTTP 40[14]/.test(error))
    return "401/404: not found or not authorized; check the OCIDs and that your user may manage this resource";
  if (/HTTP 429/.test(error))
    return "429: OCI kept throttling after the retries; run setup again in a minute";
  return null;
}
