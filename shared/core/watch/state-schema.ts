import { z } from "zod";
import type { WatchSection } from "./types.ts";

/**
 * The `watch` section of `state.json` as read back. It lives in a bucket people can edit: an invalid section
 * is dropped (the watch records a fresh baseline) rather than invalidating the whole state document.
 */
const tunnelWatch = z.object({
  id: z.string(),
  oracleIp: z.string().nullable(),
  status: z.string().nullable(),
  bgpState: z.string().nullable(),
  healthy: z.boolean(),
  down: z.enum(["ipsec", "bgp", "both"]).nullable(),
  since: z.string(),
  sinceSource: z.enum(["oci", "observed"]),
  observedAt: z.string(),
  lastChangeAt: z.string().nullable(),
  announced: z.enum(["none", "up", "down", "flapping"]),
  announcedAt: z.string().nullable(),
  outageSince: z.string().nullable(),
  flapping: z
    .object({ since: z.string(), changes: z.number().int().min(0), trafficStopAnnounced: z.boolean() })
    .nullable(),
});

const tunnelFacts = z.object({
  id: z.string(),
  oracleIp: z.string().nullable(),
  routing: z.string().nullable(),
  ikeVersion: z.string().nullable(),
  phaseOne: z.string(),
  phaseTwo: z.string(),
  bgp: z.string().nullable(),
  selectors: z.string().nullable(),
  pskFingerprint: z.string().nullable(),
});

export const watchSectionSchema = z.object({
  checkedAt: z.string(),
  tunnels: z.array(tunnelWatch),
  facts: z.object({ staticRoutes: z.string(), tunnels: z.array(tunnelFacts) }).nullable(),
  factsAt: z.string().nullable(),
  pskCheckedAt: z.string().nullable().optional(),
}) satisfies z.ZodType<WatchSection, unknown>;

/** The section inside the state schema: optional, and an invalid one reads as absent. */
export const watchField = watchSectionSchema.nullable().optional().catch(null);
