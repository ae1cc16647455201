import type { AgentSection } from "../../bundle/agent-state.ts";
import { agentStoreOf } from "../../bundle/agent-store.ts";
import type { AgentStatus } from "../../bundle/status.ts";
import { ConflictError } from "../../errors.ts";
import type { ConnectionState, Dependencies } from "../../ports.ts";
import { agentSilentNotification } from "../agent/messages.ts";
import { readReports } from "../agent/reports.ts";
import { notifyBestEffort } from "./notify.ts";

/**
 * Rotation with a CPE agent (issue 20.5): a CPE whose agent has reported (a status.json exists) moves on to the
 * other tunnel only once the agent reports the bundle stored last as applied and the tunnel that will carry the
 * traffic up. Without a report, rotation behaves as before (OCI's tunnel status decides).
 */
export interface AgentView {
  section: AgentSection;
  reports: AgentStatus[];
}

/** The agent's bookkeeping and its reports now, or null when the connection has no reporting agent. */
export async function readAgentView(
  connectionId: string,
  state: ConnectionState | null,
  deps: Dependencies,
): Promise<AgentView | null> {
  const agent = agentStoreOf(deps.store);
  const section = state?.agent;
  if (!deps.settings.agent?.enabled || !agent || !section) return null;
  const vendors = Object.keys(section.vendors);
  if (vendors.length === 0) return null;
  const reports = await readReports(agent, connectionId, vendors, deps.logger);
  return reports.length > 0 ? { section, reports } : null;
}

/** Why the agent's reports do not allow rotating now, with `carrier` the tunnel that keeps the traffic. */
export function agentReasons(view: AgentView, carrier: number): string[] {
  const reasons: string[] = [];
  for (const report of view.reports) {
    const record = view.section.vendors[report.vendor];
    if (!record) continue;
    if (record.bundle !== null && report.bundle !== record.bundle) {
      const error = report.error ? `: ${report.error}` : "";
      reasons.push(
        `the CPE agent (${report.vendor}) has not reported applying the configs stored at ${record.bundleAt ?? "?"} yet (last report ${report.result} at ${report.time}${error})`,
      );
      continue;
    }
    const state = report.tunnels.find((t) => t.name === `tunnel${carrier}`)?.state ?? "unknown";
    if (state !== "up")
      reasons.push(`the CPE agent (${report.vendor}) reports tunnel ${carrier} ${state}, not up`);
  }
  return reasons;
}

/**
 * Alerts once about an agent that has not reported the stored bundle within the window: the "once" is recorded
 * in state.json first (If-Match on the state the run read; a conflict means another run is at it, so nothing is
 * sent), then the message goes out best effort: at most one alert per bundle.
 */
export async function alertSilentAgent(
  connectionId: string,
  label: string,
  read: { state: ConnectionState | null; etag: string | null },
  view: AgentView,
  deps: Dependencies,
): Promise<boolean> {
  const windowMs = (deps.settings.agent?.reportWindowMinutes ?? 30) * 60_000;
  const now = deps.clock.now().getTime();
  const silent = view.reports.find((r) => {
    const record = view.section.vendors[r.vendor];
    return (
      record?.bundle != null &&
      r.bundle !== record.bundle &&
      record.bundleAt !== null &&
      now - Date.parse(record.bundleAt) > windowMs &&
      view.section.silentAlertFor !== record.bundle
    );
  });
  const record = silent ? view.section.vendors[silent.vendor] : undefined;
  if (!silent || !record?.bundle || read.state === null || read.etag === null) return false;
  try {
    await deps.store.putState(
      connectionId,
      { ...read.state, agent: { ...view.section, silentAlertFor: record.bundle } },
      read.etag,
    );
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
  await notifyBestEffort(
    deps,
    agentSilentNotification(
      label,
      connectionId,
      read.state.cpeId ?? "?",
      record.bundleAt ?? "?",
      deps.settings.agent?.reportWindowMinutes ?? 30,
    ),
  );
  return true;
}
