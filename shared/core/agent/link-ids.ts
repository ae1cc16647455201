import type { AgentSection } from "../../bundle/agent-state.ts";

/**
 * Every agent link a state keeps (current pairs and superseded ones not yet retired): convergence revokes any
 * other link listed under the connection's prefix, so every caller that converges must keep these.
 */
export function agentLinkIds(section: AgentSection | undefined | null): string[] {
  if (!section) return [];
  return Object.values(section.vendors).flatMap((v) => [
    v.read.id,
    v.status.id,
    ...v.previous.map((l) => l.id),
  ]);
}
