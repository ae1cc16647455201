import type { EnvReader } from "../config/env.ts";

/** The CPE agent's settings (issue 20), from TUNNELSMITH_AGENT*. */
export interface AgentSettings {
  /** TUNNELSMITH_AGENT=on: Linux vendor folders get manifest.json, agent.conf and the agent's two links. */
  enabled: boolean;
  /** Agent links with less than this left are renewed on the next render or sweep (default: 1/3 of the TTL). */
  renewBeforeSeconds: number;
  /** A CPE agent that has not reported a stored bundle within this many minutes is alerted about once. */
  reportWindowMinutes: number;
}

/** Reads the agent settings; problems go to the reader's list like every other key. */
export function readAgentSettings(r: EnvReader, linkTtlSeconds: number): AgentSettings {
  const mode = r.text("TUNNELSMITH_AGENT", "off");
  if (mode !== "on" && mode !== "off") r.problem("TUNNELSMITH_AGENT", 'must be "on" or "off"');
  const renewHours = r.number("TUNNELSMITH_AGENT_RENEW_HOURS", linkTtlSeconds / 3 / 3600, 0.01, 8760);
  return {
    enabled: mode === "on",
    renewBeforeSeconds: Math.round(renewHours * 3600),
    reportWindowMinutes: r.number("TUNNELSMITH_AGENT_REPORT_MINUTES", 30, 1, 10080),
  };
}
