import { z } from "zod";
import { objectNameFor } from "../core/object-names.ts";

/**
 * status.json as the agent writes it through its status link (templates/linux-agent/oci-vpn-agent.sh). The
 * status object lives outside the vendor folder, so the read link cannot read it and the write link can write
 * nothing else. Whoever holds the write link can write anything here: the report is input, validated, and the
 * key it carries is only ever pinned once (see trust.ts).
 */

const statusSchema = z.object({
  connectionId: z.string(),
  vendor: z.string(),
  result: z.enum(["applied", "unchanged", "refused", "rolled-back", "error"]),
  bundle: z.string().regex(/^([0-9a-f]{64})?$/),
  tunnels: z.array(z.object({ name: z.string().max(32), state: z.enum(["up", "down"]) })).max(8),
  error: z.string().max(2000).default(""),
  publicKey: z.string().max(4096).default(""),
  time: z.string().max(40),
});

export type AgentStatus = z.infer<typeof statusSchema>;

/** Object name of the status a connection's agent for `vendor` writes. */
export function statusObjectName(connectionId: string, vendor: string): string {
  return objectNameFor(connectionId, "agent-status", `${vendor}.json`);
}

/** The report, or null when it is not one for this connection and vendor (damaged, foreign, tampered). */
export function parseAgentStatus(text: string, connectionId: string, vendor: string): AgentStatus | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = statusSchema.safeParse(value);
  if (!parsed.success) return null;
  if (parsed.data.connectionId !== connectionId || parsed.data.vendor !== vendor) return null;
  return parsed.data;
}
