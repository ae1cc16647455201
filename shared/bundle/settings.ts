/** The CPE agent's settings (issue 20), from TUNNELSMITH_AGENT*. */
export interface AgentSettings {
  /** TUNNELSMITH_AGENT=on: Linux vendor folders get manifest.json, agent.conf and the agent's two links. */
  enabled: boolean;
  /** Agent links with less than this left are renewed on the next render or sweep (default: 1/3 of the TTL). */
  renewBeforeSeconds: number;
  /** A CPE agent that has not reported a stored bundle within this many minutes is alerted about once. */
  reportWindowMinutes: number;
}

/** The agent's variables as the environment schema (config/env-schema.ts) parsed them. */
export interface AgentEnv {
  TUNNELSMITH_AGENT: "on" | "off";
  TUNNELSMITH_AGENT_RENEW_HOURS: number | null;
  TUNNELSMITH_AGENT_REPORT_MINUTES: number;
}

/**
 * The agent settings from the parsed environment. The renewal margin is the one default that depends on another
 * variable (a third of the link lifetime), so it is applied here rather than in the schema.
 */
export function agentSettingsFrom(v: AgentEnv, linkTtlSeconds: number): AgentSettings {
  const renewHours = v.TUNNELSMITH_AGENT_RENEW_HOURS ?? linkTtlSeconds / 3 / 3600;
  return {
    enabled: v.TUNNELSMITH_AGENT === "on",
    renewBeforeSeconds: Math.round(renewHours * 3600),
    reportWindowMinutes: v.TUNNELSMITH_AGENT_REPORT_MINUTES,
  };
}
