import { TunnelsmithError } from "../errors.ts";
import type { ConnectionModel, TunnelModel } from "../model/types.ts";
import {
  capabilitiesFor,
  capabilityProblems,
  suggestedPhases,
  suggestOciSettings,
  upgradeAdvice,
  type VendorCapabilities,
} from "./capabilities.ts";
import { interfaceIssues } from "./interfaces.ts";
import { pskAdvice, pskProblems } from "./psk.ts";
import { getRenderer } from "./registry.ts";

/** One snapshot value to set, by its JSON path in the snapshot file (`["tunnels", 0, "ikeVersion"]`). */
export interface SnapshotEdit {
  path: (string | number)[];
  value: unknown;
}

/** The one OCI or `site` change that clears a problem: a sentence, and the snapshot edits it amounts to. */
export interface Fix {
  text: string;
  /** Empty when the change cannot be written as snapshot edits (a new routing mode, a vendor-specific rule). */
  edits: SnapshotEdit[];
  /** A tunnel whose key must be rotated to a compliant one (`tunnelsmith rotate`); the edit cannot carry a key. */
  rotate?: string;
}

/** A reason one vendor cannot render the connection. */
export interface Problem {
  vendor: string;
  /** `tunnel 1 "label"`, or null for a connection-wide problem. */
  where: string | null;
  message: string;
  fix: Fix | null;
}

const where = (t: TunnelModel) => `tunnel ${t.index} "${t.label}"`;

/** Every table-level problem of one tunnel for `vendor`, each with its fix. */
function tunnelProblems(vendor: string, caps: VendorCapabilities, t: TunnelModel): Problem[] {
  const i = t.index - 1;
  const out: Problem[] = [];
  const psk = pskProblems(caps.psk, t);
  if (psk.length > 0) {
    out.push({
      vendor,
      where: where(t),
      message: psk.join("; "),
      fix: { text: pskAdvice(caps.psk), edits: [], rotate: t.id },
    });
  }
  const problems = capabilityProblems(caps, t);
  const version = caps.ikeVersions.includes(t.ikeVersion) ? t.ikeVersion : caps.ikeVersions[0];
  for (const message of problems) {
    let fix: Fix | null = null;
    if (message.startsWith("IKEv") && version) {
      fix = {
        text: `set the tunnel's IKE version to V${version}`,
        edits: [{ path: ["tunnels", i, "ikeVersion"], value: `V${version}` }],
      };
    } else if (message.startsWith("phase") || message.startsWith("PFS")) {
      const phases = suggestedPhases(caps, version ?? t.ikeVersion);
      const upgrades = upgradeAdvice(caps, [message]).map((u) => `${u} Or `);
      fix = {
        text: `${upgrades.join("")}set on the OCI tunnel: ${suggestOciSettings(caps, version ?? t.ikeVersion)}`,
        edits: [
          {
            path: ["tunnels", i, "phaseOneDetails"],
            value: { ...phases.phaseOneDetails, lifetime: t.phase1.lifetimeSec },
          },
          {
            path: ["tunnels", i, "phaseTwoDetails"],
            value: { ...phases.phaseTwoDetails, lifetime: t.phase2.lifetimeSec },
          },
        ],
      };
    } else if (message.startsWith("NAT")) {
      fix = {
        text: "set the tunnel's NAT traversal to DISABLED",
        edits: [{ path: ["tunnels", i, "natTranslationEnabled"], value: "DISABLED" }],
      };
    } else if (message.includes("routing")) {
      const advice = caps.routingAdvice?.[t.routing];
      fix = advice ? { text: advice, edits: [] } : null;
    }
    out.push({ vendor, where: where(t), message, fix });
  }
  return out;
}

/**
 * Every problem that keeps `vendor` from rendering `model`, all at once: the site's interface names, then each
 * tunnel's key and algorithms against the capability table. When the table finds nothing, the renderer itself is
 * run and a refusal from its own rules is reported (without edits: its message says what to change).
 */
export function preflight(model: ConnectionModel, vendor: string): Problem[] {
  const renderer = getRenderer(vendor);
  const caps = capabilitiesFor(renderer.capabilities, model);
  const rules = caps.interfaces;
  const problems: Problem[] = (rules ? interfaceIssues(vendor, rules, model) : []).map((issue) => ({
    vendor,
    where: null,
    message: `${issue.path}: ${issue.message}`,
    fix: {
      text: `set ${issue.path} to the ${vendor} spelling, e.g. ${rules?.examples[0]}`,
      edits: [{ path: issue.path.split("."), value: rules?.examples[0] }],
    },
  }));
  for (const t of model.tunnels) problems.push(...tunnelProblems(vendor, caps, t));
  if (problems.length > 0) return problems;
  try {
    renderer.render(model);
  } catch (error) {
    if (!(error instanceof TunnelsmithError) || !error.expose) throw error;
    problems.push({ vendor, where: null, message: error.message.replace(`${vendor}: `, ""), fix: null });
  }
  return problems;
}

/** Applies a fix's edits to a raw snapshot object (a copy the caller owns). */
export function applyEdits(snapshot: Record<string, unknown>, edits: readonly SnapshotEdit[]): void {
  for (const { path, value } of edits) {
    let node = snapshot as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    if (last !== undefined) node[last] = value;
  }
}
