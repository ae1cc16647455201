import { agentStoreOf } from "../../bundle/agent-store.ts";
import type { AgentSettings } from "../../bundle/settings.ts";
import { decideKey } from "../../bundle/trust.ts";
import type { Logger } from "../../logger.ts";
import type { ConfigStore, ConnectionState } from "../../ports.ts";
import { readReports } from "./reports.ts";

/** A render the sweep should make for the CPE agent (same shape as the sweep's other re-render needs). */
export interface AgentKeyNeed {
  reasons: string[];
  summary: string;
  what: string;
  facts: null;
}

/**
 * Why the sweep should render a connection whose CPE agent reported a public key that is not pinned yet, or null.
 * Until that render the bootstrap link serves the PSK files in plaintext (docs/agent.md, trust model); the sweep
 * closes that window within one sweep interval instead of leaving it open until the next event. Status objects
 * are read only for connections in that window (agent on, links made, no key pinned), so a bootstrapped fleet
 * pays no extra call. A key the render would refuse (too small, not a key) asks for no render: the render's own
 * alert about it has been, or will be, sent by the event path.
 */
export async function agentKeyAwaitingPin(
  state: ConnectionState | null,
  store: ConfigStore,
  settings: AgentSettings | undefined,
  logger: Logger,
): Promise<AgentKeyNeed | null> {
  const section = state?.agent;
  if (!settings?.enabled || !state || !section || section.publicKey !== null) return null;
  const vendors = Object.keys(section.vendors);
  const agent = agentStoreOf(store);
  if (vendors.length === 0 || agent === null) return null;
  const reports = await readReports(agent, state.connectionId, vendors, logger);
  const pinnable = reports.filter((r) => decideKey(section, r.publicKey || null).kind === "pin");
  if (pinnable.length === 0) return null;
  return {
    reasons: pinnable.map(
      (r) =>
        `the CPE agent (${r.vendor}) reported its public key: its PSK files are sealed to it from now on`,
    ),
    summary: "CPE agent key",
    what: "updated (the CPE agent's key was pinned; PSK files sealed to it)",
    facts: null,
  };
}
