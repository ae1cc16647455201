import { TunnelsmithError } from "../../shared/errors.ts";
import { buildModels } from "../../shared/model/build.ts";
import { type Problem, preflight } from "../../shared/render/preflight.ts";
import { getRenderer, listRenderers } from "../../shared/render/registry.ts";
import { parseSnapshotText } from "../../shared/snapshot/parse.ts";
import { type CliIo, readInputFile } from "../io.ts";
import { UsageError } from "../usage.ts";

export interface CheckOptions {
  snapshot: string | undefined;
  vendors: string[];
}

/**
 * `tunnelsmith check --snapshot FILE [--vendor ID]…`: every problem of every tunnel for every vendor (the given
 * ones, else `site.vendors`, else all), each with the one OCI or `site` change that clears it. Exit 0 when every
 * vendor renders, 2 otherwise.
 */
export async function checkCommand(options: CheckOptions, io: CliIo): Promise<void> {
  if (!options.snapshot) throw new UsageError("check needs --snapshot FILE");
  for (const v of options.vendors) getRenderer(v);
  const snapshot = parseSnapshotText(await readInputFile(options.snapshot), options.snapshot);
  const [model] = buildModels([snapshot]);
  if (!model) throw new UsageError("the snapshot holds no connection");
  const vendors =
    options.vendors.length > 0
      ? options.vendors
      : (snapshot.site.vendors ?? listRenderers().map((r) => r.id));
  const problems: Problem[] = [];
  for (const vendor of vendors) {
    const found = preflight(model, vendor);
    problems.push(...found);
    if (found.length === 0) {
      io.out(`${vendor}: ok`);
      continue;
    }
    io.out(`${vendor}: ${found.length} problem${found.length === 1 ? "" : "s"}`);
    for (const p of found) {
      io.out(`  ${p.where ? `${p.where}: ` : ""}${p.message}`);
      if (p.fix) io.out(`    fix: ${p.fix.text}`);
    }
  }
  if (problems.length > 0) {
    throw new TunnelsmithError("CHECK_FAILED", `${problems.length} problem(s) found (listed above)`, {
      expose: true,
    });
  }
}
