import type { KeyObject } from "node:crypto";
import { agentNames } from "../../bundle/agent-files.ts";
import { sealSecret } from "../../bundle/encrypt-secret.ts";
import type { ConnectionModel } from "../../model/types.ts";
import {
  fileMode,
  MANIFEST_NAME,
  MANIFEST_VERSION,
  type Manifest,
  serializeManifest,
} from "../../render/manifest.ts";
import type { RenderedFile } from "../../render/types.ts";
import { sha256 } from "../fingerprint.ts";
import { objectNameFor } from "../object-names.ts";
import type { PlannedFile } from "../plan.ts";

/** The file in each Linux vendor folder that names the agent's links (installed at the agent's config path). */
export const AGENT_CONF_NAME = "agent.conf";

/** agent.conf as stored: either new content (links just created) or the object already stored. */
export type AgentConf =
  | { kind: "new"; text: string }
  | { kind: "stored"; planHash: string; servedSha: string };

/** The text of agent.conf for the links: a PAR URL is an https link, a local link a path. */
export function agentConfText(label: string, readUrl: string, statusUrl: string): string {
  const remote = (u: string) => /^https:\/\//.test(u);
  return [
    `# tunnelsmith: the CPE agent's links for ${label}; replaced when the function renews them.`,
    `SOURCE=${readUrl}`,
    remote(statusUrl) ? `STATUS_URL=${statusUrl}` : `STATUS_PATH=${statusUrl}`,
    "",
  ].join("\n");
}

/** One vendor folder's bundle, planned: its files as served (PSK files sealed), agent.conf, manifest.json. */
export interface PlannedBundle {
  vendor: string;
  /** Replaces the vendor's planned files; agent.conf and manifest.json included (manifest last). */
  files: PlannedFile[];
  manifest: PlannedFile;
  /** Files stored again whenever the manifest is (a sealed file's content differs on every sealing). */
  sealed: PlannedFile[];
  /** SHA-256 of manifest.json as it would be stored: what the agent reports once it applied it. */
  bundleSha: string;
  conf: { planHash: string; servedSha: string };
}

/**
 * Plans one vendor folder's bundle. The planning hash of a sealed file is of its plaintext and the key (sealing
 * is randomized, so the stored bytes differ every time); the manifest's planning hash covers every file's, so
 * the manifest is stored again exactly when something in the folder changed, and with it every sealed file, so
 * the manifest always names the stored bytes.
 */
export function planBundle(
  connectionId: string,
  model: ConnectionModel,
  vendor: string,
  planned: readonly PlannedFile[],
  key: { object: KeyObject; keyId: string } | null,
  conf: AgentConf,
): PlannedBundle {
  const keyTag = key ? `:sealed-to:${key.keyId}` : "";
  const serve = (p: PlannedFile): { p: PlannedFile; served: string } => {
    if (!key || !p.file.secret) return { p, served: p.file.content };
    const served = sealSecret(p.file.content, key.object);
    const planHash = sha256(`${p.meta.contentHash}${keyTag}`);
    return {
      p: { ...p, file: { ...p.file, content: served }, meta: { ...p.meta, contentHash: planHash } },
      served,
    };
  };
  const own = planned.filter((p) => p.file.vendor === vendor && p.file.name !== MANIFEST_NAME);
  const served = own.map(serve);
  const confPath = agentNames(model).confPath;
  const confFile: RenderedFile = {
    vendor,
    name: AGENT_CONF_NAME,
    content: conf.kind === "new" ? conf.text : "",
    secret: true,
    installHint: `${confPath}, mode 0600 (the agent's links; installed by install.sh)`,
  };
  const confPlanned: PlannedFile = {
    file: confFile,
    objectName: objectNameFor(connectionId, vendor, AGENT_CONF_NAME),
    meta: { contentHash: conf.kind === "new" ? "" : conf.planHash, pskFingerprint: null },
  };
  let confServed: { p: PlannedFile; servedSha: string };
  if (conf.kind === "new") {
    const s = serve({ ...confPlanned, meta: { ...confPlanned.meta, contentHash: sha256(conf.text) } });
    confServed = { p: s.p, servedSha: sha256(s.served) };
  } else {
    confServed = { p: confPlanned, servedSha: conf.servedSha };
  }
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    connectionId,
    vendor,
    files: [
      ...served.map(({ p, served: text }) => entry(p.file, sha256(text))),
      entry(confFile, confServed.servedSha),
    ],
  };
  const manifestText = serializeManifest(manifest);
  const basis = sha256(
    JSON.stringify([
      ...served.map((s) => [s.p.file.name, s.p.meta.contentHash]),
      [AGENT_CONF_NAME, confServed.p.meta.contentHash],
      keyTag,
    ]),
  );
  const manifestPlanned: PlannedFile = {
    file: {
      vendor,
      name: MANIFEST_NAME,
      content: manifestText,
      secret: false,
      installHint: "not installed: the agent's index of this folder (file, install path, mode, sha256)",
    },
    objectName: objectNameFor(connectionId, vendor, MANIFEST_NAME),
    meta: { contentHash: basis, pskFingerprint: null },
  };
  const sealed = [...served.map((s) => s.p), confServed.p].filter((p) => p.file.secret && key !== null);
  return {
    vendor,
    files: [...served.map((s) => s.p), confServed.p, manifestPlanned],
    manifest: manifestPlanned,
    sealed: conf.kind === "new" ? sealed : sealed.filter((p) => p.file.name !== AGENT_CONF_NAME),
    bundleSha: sha256(manifestText),
    conf: { planHash: confServed.p.meta.contentHash, servedSha: confServed.servedSha },
  };
}

function entry(file: RenderedFile, sha: string): Manifest["files"][number] {
  const path = /^(\/[^\s,;]+)/.exec(file.installHint)?.[1];
  return { name: file.name, ...(path ? { path } : {}), mode: fileMode(file), sha256: sha };
}
