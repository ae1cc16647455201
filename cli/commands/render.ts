import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildModels } from "../../shared/model/build.ts";
import { getRenderer, renderConnection } from "../../shared/render/registry.ts";
import { parseSnapshotText } from "../../shared/snapshot/parse.ts";
import { vendorId } from "../../shared/snapshot/schema.ts";
import { type CliIo, readInputFile } from "../io.ts";
import { UsageError } from "../usage.ts";

export interface RenderOptions {
  snapshots: string[];
  vendors: string[];
  out: string | undefined;
}

/**
 * `tunnelsmith render`: snapshot files → `DIR/<vendor>/<file>` (or stdout). Several snapshots are rendered
 * together so that connections sharing a CPE get distinct interface names and marks. With --out and more than
 * one snapshot, each connection gets its own sub-folder named after its OCID.
 */
export async function renderCommand(options: RenderOptions, io: CliIo): Promise<void> {
  if (options.snapshots.length === 0) throw new UsageError("render needs --snapshot FILE");
  for (const v of options.vendors) {
    if (!vendorId.safeParse(v).success) throw new UsageError(`--vendor "${v}" is not a vendor id`);
    getRenderer(v);
  }
  const snapshots = await Promise.all(
    options.snapshots.map(async (path) => parseSnapshotText(await readInputFile(path), path)),
  );
  const models = buildModels(snapshots);
  for (const model of models) {
    const files = renderConnection(model, options.vendors.length > 0 ? options.vendors : model.site.vendors);
    if (options.out === undefined) {
      for (const f of files) io.out(`==> ${f.vendor}/${f.name} (${model.id}) <==\n${f.content}`);
      continue;
    }
    const base = models.length > 1 ? join(options.out, model.id) : options.out;
    for (const f of files) {
      const dir = join(base, f.vendor);
      await mkdir(dir, { recursive: true });
      const path = join(dir, f.name);
      await writeFile(path, f.content, { mode: f.secret ? 0o600 : 0o644 });
      io.out(`${path}${f.secret ? " (contains PSKs, mode 0600)" : ""}`);
    }
  }
}
