import { join } from "node:path";
import { ORACLE_HELPER_VENDOR } from "../../shared/core/oracle-helper.ts";
import { TunnelsmithError } from "../../shared/errors.ts";
import { buildModels } from "../../shared/model/build.ts";
import {
  buildManifest,
  diffManifests,
  fileMode,
  MANIFEST_NAME,
  parseManifest,
  serializeManifest,
} from "../../shared/render/manifest.ts";
import { refusalLines, renderEach, type VendorRefusal } from "../../shared/render/partial.ts";
import { getRenderer } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import { parseSnapshotText } from "../../shared/snapshot/parse.ts";
import { vendorId } from "../../shared/snapshot/schema.ts";
import { type CliIo, readInputFile } from "../io.ts";
import { ensureFolder, readOwnFile, removeIfOurs, writeFileSafely } from "../out-dir.ts";
import { UsageError } from "../usage.ts";

export interface RenderOptions {
  snapshots: string[];
  /** IPSec connection OCIDs to read from OCI instead of snapshot files (see ./snapshot.ts). */
  ipsec?: string[];
  vendors: string[];
  out: string | undefined;
}

/**
 * `tunnelsmith render`: snapshot files → `DIR/<vendor>/<file>` (or stdout). Several snapshots are rendered
 * together so that connections sharing a CPE get distinct interface names and marks. With --out and more than
 * one snapshot, each connection gets its own sub-folder named after its OCID.
 */
export async function renderCommand(options: RenderOptions, io: CliIo): Promise<void> {
  const ipsec = options.ipsec ?? [];
  if (options.snapshots.length === 0 && ipsec.length === 0) {
    throw new UsageError("render needs --snapshot FILE or --ipsec OCID");
  }
  if (options.snapshots.length > 0 && ipsec.length > 0)
    throw new UsageError("render takes --snapshot or --ipsec, not both");
  for (const v of options.vendors) {
    if (!vendorId.safeParse(v).success) throw new UsageError(`--vendor "${v}" is not a vendor id`);
    if (ipsec.length > 0 && v === ORACLE_HELPER_VENDOR) continue; // fetched from OCI, not a template renderer
    getRenderer(v);
  }
  if (ipsec.length > 0) {
    // Loaded on demand: the OCI SDK is most of the bundle, and rendering snapshot files does not need it.
    const { renderFromOci } = await import("./snapshot.ts");
    const rendered = await renderFromOci(ipsec, options.vendors, io);
    for (const { id, files } of rendered) await emitFiles(id, files, options.out, rendered.length > 1, io);
    return;
  }
  const snapshots = await Promise.all(
    options.snapshots.map(async (path) => parseSnapshotText(await readInputFile(path), path)),
  );
  const models = buildModels(snapshots);
  // Each vendor on its own: what renders is written, every refusal is listed, and the exit code is still 2.
  const refused: VendorRefusal[] = [];
  for (const model of models) {
    const result = renderEach(model, options.vendors.length > 0 ? options.vendors : model.site.vendors);
    await emitFiles(model.id, result.rendered, options.out, models.length > 1, io);
    refused.push(...result.refused);
  }
  if (refused.length > 0) {
    for (const line of refusalLines(refused)) io.err(line);
    throw new TunnelsmithError(
      "VENDOR_REFUSED",
      `${refused.length} vendor render(s) refused (listed above)`,
      {
        expose: true,
      },
    );
  }
}

/** Prints one connection's files, or writes them to `out/<vendor>/<file>` (`out/<ocid>/…` when there are several). */
async function emitFiles(
  connectionId: string,
  files: readonly RenderedFile[],
  out: string | undefined,
  several: boolean,
  io: CliIo,
): Promise<void> {
  if (out === undefined) {
    for (const f of files) io.out(`==> ${f.vendor}/${f.name} (${connectionId}) <==\n${f.content}`);
    return;
  }
  await ensureFolder(out);
  const base = several ? join(out, connectionId) : out;
  for (const vendor of [...new Set(files.map((f) => f.vendor))]) {
    await writeVendorFolder(join(base, vendor), connectionId, vendor, files, io);
  }
}

/**
 * One vendor folder: the files (each via a new file and a rename, with its mode), then the files the previous
 * render wrote that this one no longer produces are removed (only while unchanged: see removeIfOurs), then the
 * manifest that records what this render wrote.
 */
async function writeVendorFolder(
  dir: string,
  connectionId: string,
  vendor: string,
  files: readonly RenderedFile[],
  io: CliIo,
): Promise<void> {
  await ensureFolder(dir, false);
  const manifestPath = join(dir, MANIFEST_NAME);
  const previousText = await readOwnFile(manifestPath);
  const previous = previousText === null ? null : parseManifest(previousText);
  const manifest = buildManifest(connectionId, vendor, files);
  for (const f of files.filter((x) => x.vendor === vendor)) {
    const path = join(dir, f.name);
    const mode = fileMode(f);
    await writeFileSafely(path, f.content, Number.parseInt(mode, 8));
    io.out(`${path}${f.secret ? ` (contains PSKs, mode ${mode})` : ""}`);
  }
  for (const stale of diffManifests(previous, manifest).removed) {
    const removed = await removeIfOurs(dir, stale);
    io.out(
      removed
        ? `${join(dir, stale.name)} removed (written by an earlier render, no longer produced)`
        : `${join(dir, stale.name)} left alone: no longer produced, but changed since tunnelsmith wrote it`,
    );
  }
  await writeFileSafely(manifestPath, serializeManifest(manifest), 0o644);
}
