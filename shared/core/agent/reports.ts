import type { AgentReportRecord } from "../../bundle/agent-state.ts";
import type { AgentStore } from "../../bundle/agent-store.ts";
import { type AgentStatus, parseAgentStatus, statusObjectName } from "../../bundle/status.ts";
import type { Logger } from "../../logger.ts";

/** The agent's reports for a connection's bundle vendors (vendors without a valid status.json left out). */
export async function readReports(
  agent: AgentStore,
  connectionId: string,
  vendors: readonly string[],
  logger: Logger,
): Promise<AgentStatus[]> {
  const reports: AgentStatus[] = [];
  for (const vendor of vendors) {
    const text = await agent.readAgentStatus(statusObjectName(connectionId, vendor));
    if (text === null) continue;
    const status = parseAgentStatus(text, connectionId, vendor);
    if (status === null) logger.warn("the agent's status.json is not a valid report; ignored", { vendor });
    else reports.push(status);
  }
  return reports;
}

/** The newest report (by the agent's own time), as recorded in state.json; null without one. */
export function latestReport(reports: readonly AgentStatus[]): AgentReportRecord | null {
  const newest = [...reports].sort((a, b) => b.time.localeCompare(a.time))[0];
  if (!newest) return null;
  const { vendor, result, bundle, time, tunnels } = newest;
  return { vendor, result, bundle, time, tunnels };
}
