import { z } from "zod";

/**
 * The `agent` section of `state.json` (issue 20): the CPE agent's links (ids and expiry only, never a URL: a PAR
 * URL is a bearer token), the public key pinned on first use, the bundle last stored per vendor and the agent's
 * last report. Validated like the rest of the state, because it lives in a bucket people can edit.
 */

const link = z.object({ id: z.string(), expiresAt: z.string() });

const vendorRecord = z.object({
  /** AnyObjectRead on the vendor folder: the agent's SOURCE. */
  read: link,
  /** ObjectWrite on the vendor's status object: the agent's STATUS_URL. */
  status: link,
  /** Superseded agent links, kept until the agent applied the bundle naming their successors or they expire. */
  previous: z.array(link).default([]),
  /** The planning hash of `agent.conf` (what decides whether it is stored again) and the SHA-256 of what is stored. */
  confHash: z.string(),
  confServed: z.string(),
  /** SHA-256 of the `manifest.json` last stored (what the agent reports as `bundle` once applied). */
  bundle: z.string().nullable().default(null),
  bundleAt: z.string().nullable().default(null),
});

const report = z.object({
  vendor: z.string(),
  result: z.string(),
  bundle: z.string(),
  time: z.string(),
  tunnels: z.array(z.object({ name: z.string(), state: z.string() })).default([]),
});

export const agentSectionSchema = z.object({
  vendors: z.record(z.string(), vendorRecord).default({}),
  /** The CPE's public key as first reported (trust on first use): every PSK file is sealed to it. */
  publicKey: z.object({ pem: z.string(), keyId: z.string(), pinnedAt: z.string() }).nullable().default(null),
  /** A different key reported later: refused and alerted once per key id. */
  refusedKeyId: z.string().nullable().default(null),
  /** The agent's last status report, as read by the function. */
  lastReport: report.nullable().default(null),
  /** The bundle whose missing report was alerted about (once per bundle). */
  silentAlertFor: z.string().nullable().default(null),
});

export type AgentSection = z.infer<typeof agentSectionSchema>;
export type AgentVendorRecord = z.infer<typeof vendorRecord>;
export type AgentLinkRecord = z.infer<typeof link>;
export type AgentReportRecord = z.infer<typeof report>;

/** The section a connection without agent bookkeeping starts from. */
export function emptyAgentSection(): AgentSection {
  return agentSectionSchema.parse({});
}
