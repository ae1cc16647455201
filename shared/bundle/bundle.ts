import { buildManifest, MANIFEST_NAME, type Manifest, serializeManifest } from "../render/manifest.ts";
import type { RenderedFile } from "../render/types.ts";
import { parseSealKey, sealSecret } from "./encrypt-secret.ts";

/**
 * The bundle of one vendor folder as served to a CPE agent: the files (PSK files sealed to the CPE's key once
 * the agent has reported one) plus manifest.json, whose sha256 values are of what is served. Pure; the bucket
 * writer and the CLI's folder writer both store `files` and then `manifest`.
 */
export interface Bundle {
  files: RenderedFile[];
  manifest: Manifest;
  /** manifest.json's text, to be written last so an agent never sees a manifest ahead of its files. */
  manifestText: string;
}

/** The vendors whose folders carry install.sh and the agent, and so a bundle. */
export const LINUX_BUNDLE_VENDORS: readonly string[] = ["libreswan", "strongswan", "linux-gre"];

/**
 * Builds the bundle of `vendor`'s files. With `publicKeyPem` (from the agent's status.json) every secret file is
 * sealed; without it (bootstrap, local mode) PSK files are served as rendered — see docs/agent.md.
 */
export function buildBundle(
  connectionId: string,
  vendor: string,
  files: readonly RenderedFile[],
  publicKeyPem?: string,
): Bundle {
  const key = publicKeyPem === undefined ? undefined : parseSealKey(publicKeyPem);
  const served = files
    .filter((f) => f.vendor === vendor && f.name !== MANIFEST_NAME)
    .map((f) => (key && f.secret ? { ...f, content: sealSecret(f.content, key) } : f));
  const manifest = buildManifest(connectionId, vendor, served);
  return { files: served, manifest, manifestText: serializeManifest(manifest) };
}
