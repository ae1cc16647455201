import type { ExecutionReport } from "./execute.ts";
import type { SetupPorts } from "./ports.ts";
import type { FoundState, ResourceSpec } from "./types.ts";

/**
 * Subscriptions whose endpoint must confirm them (e-mail, HTTPS, Slack, PagerDuty) deliver nothing while PENDING,
 * and an unconfirmed one expires after a few days. Setup says which ones wait, and with --resend-confirmations asks
 * OCI to send the confirmation message again.
 */

/** Protocols OCI delivers to only after the endpoint confirmed. */
const MUST_CONFIRM = new Set(["EMAIL", "HTTPS", "CUSTOM_HTTPS", "SLACK", "PAGERDUTY"]);

/** Lines for subscriptions this run created: each waits for its endpoint to confirm. */
export function createdPendingLines(
  report: ExecutionReport,
  specs: ReadonlyMap<string, ResourceSpec>,
): string[] {
  const out: string[] = [];
  for (const r of report.results) {
    const spec = specs.get(r.action.key);
    if (r.outcome !== "created" || spec?.kind !== "subscription") continue;
    if (!MUST_CONFIRM.has(String(spec.fields.protocol))) continue;
    out.push(
      `Subscription ${spec.name} (${r.id ?? ""}) waits for confirmation: OCI sent a message to the endpoint; nothing is delivered until it is confirmed, and it expires unconfirmed after a few days.`,
    );
  }
  return out;
}

/** `--resend-confirmations`: asks OCI to send the confirmation again to every subscription still PENDING. */
export async function resendPending(
  found: FoundState,
  ports: SetupPorts,
  out: (line: string) => void,
): Promise<void> {
  const pending = [...found.values()].filter(
    (f) => f.kind === "subscription" && f.lifecycleState === "PENDING",
  );
  if (pending.length === 0) out("No subscription waits for confirmation.");
  for (const sub of pending) {
    await ports.environment.resendConfirmation(sub.id);
    out(`Confirmation sent again: subscription ${sub.name} (${sub.id}).`);
  }
}
