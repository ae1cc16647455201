import { ValidationError, type ValidationIssue } from "../../errors.ts";
import { networkCidrProblem } from "../../net/ipv4.ts";
import { type SiteFacts, siteSchema } from "../../snapshot/schema.ts";
import { formatPath } from "../../validation.ts";

/**
 * Site facts from freeform tags. OCI does not know the CPE's own address behind NAT, its WAN MTU, interface
 * names, networks to announce or which vendors to render; engineers put them on the CPE (facts of the device)
 * and may override any of them on an IPSec connection. Keys are case-insensitive; lists are separated by commas
 * or spaces. Documented in docs/oci.md ("Tags").
 */
export const SITE_TAGS = {
  "tunnelsmith-local-ip": { key: "localIp", kind: "text" },
  "tunnelsmith-wan-mtu": { key: "wanMtu", kind: "number" },
  "tunnelsmith-wan-interface": { key: "wanInterface", kind: "text" },
  "tunnelsmith-lan-interface": { key: "lanInterface", kind: "text" },
  "tunnelsmith-lan-gateway": { key: "lanGateway", kind: "text" },
  "tunnelsmith-vendors": { key: "vendors", kind: "list" },
  "tunnelsmith-bgp-advertise": { key: "bgpAdvertise", kind: "list" },
  "tunnelsmith-interface-prefix": { key: "interfacePrefix", kind: "text" },
  "tunnelsmith-slot": { key: "slot", kind: "number" },
  "tunnelsmith-monitor-ip": { key: "monitorIp", kind: "text" },
  "tunnelsmith-openstack-release": { key: "openstackRelease", kind: "text" },
} as const satisfies Record<string, { key: keyof SiteFacts; kind: "text" | "number" | "list" }>;

/** Oracle-side CIDRs for STATIC routing, when the function may not read the DRG's attachments. */
export const ORACLE_CIDRS_TAG = "tunnelsmith-oracle-cidrs";

/** Keys that only make sense per connection (a slot on the CPE would give every connection the same one). */
const CONNECTION_ONLY = new Set<string>(["tunnelsmith-slot"]);

type Tags = Record<string, unknown> | null | undefined;
type TagKey = keyof typeof SITE_TAGS;

/** What the tags say: validated site facts and, when tagged, the Oracle-side CIDRs. */
export interface TaggedFacts {
  site: SiteFacts;
  oracleCidrs: string[] | null;
}

/**
 * Reads the `tunnelsmith-*` freeform tags of the CPE and the connection (the connection's win), validates
 * them with the snapshot's own `site` schema and reports problems by resource and tag key, e.g.
 * `connection tag tunnelsmith-wan-mtu: Too big: expected number to be <=9216`.
 */
export function factsFromTags(cpeTags: Tags, connectionTags: Tags): TaggedFacts {
  const issues: ValidationIssue[] = [];
  const cpe = pick(cpeTags, "CPE", issues);
  const connection = pick(connectionTags, "connection", issues);
  for (const key of cpe.keys()) {
    if (CONNECTION_ONLY.has(key))
      issues.push({ path: `CPE tag ${key}`, message: "belongs on the IPSec connection, not the CPE" });
  }
  const merged = new Map([...cpe, ...connection]);
  const source = (key: string) => (connection.has(key) ? "connection" : "CPE");

  const raw: Record<string, unknown> = {};
  for (const [tag, spec] of Object.entries(SITE_TAGS)) {
    const value = merged.get(tag);
    if (value !== undefined) raw[spec.key] = convert(value, spec.kind);
  }
  const parsed = siteSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, ...rest] = issue.path;
      const tag =
        (Object.keys(SITE_TAGS) as TagKey[]).find((t) => SITE_TAGS[t].key === field) ?? String(field);
      const suffix = rest.length > 0 ? ` (item ${formatPath(rest)})` : "";
      issues.push({ path: `${source(tag)} tag ${tag}${suffix}`, message: issue.message });
    }
  }

  let oracleCidrs: string[] | null = null;
  const cidrTag = merged.get(ORACLE_CIDRS_TAG);
  if (cidrTag !== undefined) {
    oracleCidrs = splitList(cidrTag);
    for (const cidr of oracleCidrs) {
      const problem = networkCidrProblem(cidr);
      if (problem)
        issues.push({ path: `${source(ORACLE_CIDRS_TAG)} tag ${ORACLE_CIDRS_TAG}`, message: problem });
    }
    if (oracleCidrs.length === 0)
      issues.push({ path: `${source(ORACLE_CIDRS_TAG)} tag ${ORACLE_CIDRS_TAG}`, message: "is empty" });
  }

  if (issues.length > 0 || !parsed.success) {
    throw new ValidationError("TAGS_INVALID", "invalid tunnelsmith tags", issues);
  }
  return { site: parsed.data, oracleCidrs };
}

/** A slot pinned by a (sibling) connection's tag, or undefined when absent or not a valid slot. */
export function pinnedSlotFromTags(tags: Tags): number | undefined {
  const value = lowerCased(tags).get("tunnelsmith-slot");
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 99 ? n : undefined;
}

/** The `tunnelsmith-*` tags of one resource, keys lower-cased; unknown `tunnelsmith-*` keys are reported. */
function pick(tags: Tags, resource: string, issues: ValidationIssue[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of lowerCased(tags)) {
    if (!key.startsWith("tunnelsmith-")) continue;
    if (!(key in SITE_TAGS) && key !== ORACLE_CIDRS_TAG) {
      issues.push({
        path: `${resource} tag ${key}`,
        message: `is not a tunnelsmith tag (known: ${[...Object.keys(SITE_TAGS), ORACLE_CIDRS_TAG].join(", ")})`,
      });
      continue;
    }
    out.set(key, value);
  }
  return out;
}

function lowerCased(tags: Tags): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (typeof value === "string") out.set(key.toLowerCase(), value.trim());
  }
  return out;
}

function convert(value: string, kind: "text" | "number" | "list"): unknown {
  if (kind === "list") return splitList(value);
  if (kind === "number") return /^\d{1,6}$/.test(value) ? Number(value) : value;
  return value;
}

function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}
