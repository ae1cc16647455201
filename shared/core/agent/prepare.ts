import { agentNames } from "../../bundle/agent-files.ts";
import { type AgentSection, type AgentVendorRecord, emptyAgentSection } from "../../bundle/agent-state.ts";
import { agentStoreOf } from "../../bundle/agent-store.ts";
import { LINUX_BUNDLE_VENDORS } from "../../bundle/bundle.ts";
import { parseSealKey } from "../../bundle/encrypt-secret.ts";
import { statusObjectName } from "../../bundle/status.ts";
import { decideKey } from "../../bundle/trust.ts";
import type { ConnectionModel } from "../../model/types.ts";
import type { ConnectionState, Dependencies } from "../../ports.ts";
import { objectNameFor } from "../object-names.ts";
import type { PlannedFile } from "../plan.ts";
import { notifyBestEffort } from "../rotation/notify.ts";
import {
  AGENT_CONF_NAME,
  type AgentConf,
  agentConfText,
  type PlannedBundle,
  planBundle,
} from "./bundle-files.ts";
import { agentLinkIds } from "./link-ids.ts";
import { type Bootstrap, keyRefusedNotification } from "./messages.ts";
import { keptPrevious, renewReason } from "./renew.ts";
import { latestReport, readReports } from "./reports.ts";

/** What the agent side adds to one render. */
export interface AgentPlan {
  /** Every planned file: other vendors' as given, bundle vendors' as served plus agent.conf and manifest.json. */
  planned: PlannedFile[];
  /** Object names to store after every other file (manifest.json), so no agent sees a manifest ahead of its files. */
  last: ReadonlySet<string>;
  /** Adds the files stored again with a manifest (sealed ones) to the plan's write list. */
  expandWrite(write: readonly PlannedFile[]): PlannedFile[];
  /** The section to record, given which objects this render stores; undefined when there is none to record. */
  section(written: ReadonlySet<string>): AgentSection | undefined;
  /** Agent link ids the render keeps (current and not yet superseded). */
  keep: string[];
  bootstrap: Bootstrap[];
}

/** Without an agent side (setting off, store without one, no Linux vendor) the render is as before. */
function passThrough(planned: PlannedFile[], previous: AgentSection | undefined): AgentPlan {
  return {
    planned,
    last: new Set(),
    expandWrite: (w) => [...w],
    section: () => previous,
    keep: agentLinkIds(previous),
    bootstrap: [],
  };
}

/**
 * Plans the CPE agent's part of a render (issue 20): reads the agent's reports, pins or refuses its key,
 * renews the agent's links when needed (a read link on the vendor folder, a write link on its status object,
 * named in agent.conf inside the bundle), seals PSK files to the pinned key and plans manifest.json last.
 */
export async function planAgent(
  connectionId: string,
  model: ConnectionModel,
  planned: PlannedFile[],
  held: ConnectionState,
  live: ReadonlySet<string>,
  deps: Dependencies,
): Promise<AgentPlan> {
  const settings = deps.settings.agent;
  const agent = agentStoreOf(deps.store);
  const vendors = [...new Set(planned.map((p) => p.file.vendor))].filter((v) =>
    LINUX_BUNDLE_VENDORS.includes(v),
  );
  if (!settings?.enabled || !agent || vendors.length === 0) return passThrough(planned, held.agent);

  const { logger, clock } = deps;
  const now = clock.now();
  const before = held.agent ?? emptyAgentSection();
  const reports = await readReports(agent, connectionId, vendors, logger);
  const reported = reports.find((r) => r.publicKey !== "")?.publicKey ?? null;
  const decision = decideKey(before, reported);
  let section: AgentSection = { ...before, lastReport: latestReport(reports) ?? before.lastReport };
  if (decision.kind === "pin") {
    logger.info("the CPE agent reported its public key; pinned, PSK files are sealed to it from now on", {
      keyId: decision.keyId,
    });
    section = {
      ...section,
      publicKey: { pem: decision.pem, keyId: decision.keyId, pinnedAt: now.toISOString() },
    };
  } else if (decision.kind === "refused") {
    logger.error("the CPE agent reported another public key; refused, not adopted", { why: decision.why });
    if (decision.alert)
      await notifyBestEffort(deps, keyRefusedNotification(model, decision.why, decision.pinned !== null));
    section = { ...section, refusedKeyId: decision.reportedKeyId };
  }
  const sealTo =
    decision.kind === "pin" || decision.kind === "pinned"
      ? { pem: decision.pem, keyId: decision.keyId }
      : decision.kind === "refused"
        ? decision.pinned
        : null;
  const key = sealTo ? { object: parseSealKey(sealTo.pem), keyId: sealTo.keyId } : null;

  const recorded = new Map((held.files ?? []).map((f) => [f.objectName, f.contentHash]));
  const expiresAt = new Date(now.getTime() + deps.settings.linkTtlSeconds * 1000);
  const bundles: PlannedBundle[] = [];
  const bootstrap: Bootstrap[] = [];
  const records: Record<string, AgentVendorRecord> = {};
  for (const vendor of vendors) {
    const record = before.vendors[vendor];
    const confObject = objectNameFor(connectionId, vendor, AGENT_CONF_NAME);
    const reason =
      record && recorded.get(confObject) !== record.confHash
        ? "agent.conf is not recorded as stored"
        : renewReason({
            record,
            live,
            now,
            renewBeforeMs: settings.renewBeforeSeconds * 1000,
            keyPinned: decision.kind === "pin",
            generationChanged:
              record !== undefined &&
              (held.linkGeneration ?? null) !== (deps.settings.linkGeneration ?? null),
          });
    const report = reports.find((r) => r.vendor === vendor);
    const confirmed = record?.bundle != null && report?.bundle === record.bundle;
    let conf: AgentConf;
    let links: Pick<AgentVendorRecord, "read" | "status">;
    if (reason !== null || !record) {
      logger.info("creating the CPE agent's links", { vendor, reason });
      const folder = objectNameFor(connectionId, vendor, "");
      const read = await agent.createAgentLink("read", folder, expiresAt);
      const status = await agent.createAgentLink("status", statusObjectName(connectionId, vendor), expiresAt);
      conf = { kind: "new", text: agentConfText(model.label, read.url, status.url) };
      links = {
        read: { id: read.id, expiresAt: read.expiresAt.toISOString() },
        status: { id: status.id, expiresAt: status.expiresAt.toISOString() },
      };
      bootstrap.push({ vendor, readUrl: read.url, agentScript: agentNames(model).agentScript });
    } else {
      conf = { kind: "stored", planHash: record.confHash, servedSha: record.confServed };
      links = { read: record.read, status: record.status };
    }
    const bundle = planBundle(connectionId, model, vendor, planned, key, conf);
    bundles.push(bundle);
    records[vendor] = {
      ...links,
      previous: keptPrevious(record, confirmed, reason !== null && record !== undefined, now),
      confHash: bundle.conf.planHash,
      confServed: bundle.conf.servedSha,
      bundle: record?.bundle ?? null,
      bundleAt: record?.bundleAt ?? null,
    };
  }

  const byVendor = new Map(bundles.map((b) => [b.vendor, b]));
  return {
    planned: [...planned.filter((p) => !byVendor.has(p.file.vendor)), ...bundles.flatMap((b) => b.files)],
    last: new Set(bundles.map((b) => b.manifest.objectName)),
    expandWrite(write) {
      const names = new Set(write.map((p) => p.objectName));
      const extra = bundles
        .filter((b) => names.has(b.manifest.objectName))
        .flatMap((b) => b.sealed)
        .filter((p) => !names.has(p.objectName));
      return [...write, ...extra];
    },
    section(written) {
      const vendorsNow: Record<string, AgentVendorRecord> = {};
      for (const b of bundles) {
        const r = records[b.vendor];
        if (!r) continue;
        vendorsNow[b.vendor] = written.has(b.manifest.objectName)
          ? { ...r, bundle: b.bundleSha, bundleAt: now.toISOString() }
          : r;
      }
      return { ...section, vendors: vendorsNow };
    },
    keep: agentLinkIds({ ...section, vendors: records }),
    bootstrap,
  };
}
