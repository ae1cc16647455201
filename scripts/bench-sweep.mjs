// `npm run bench:sweep -- --connections N …`: bundles bench/sweep.ts (which reuses the OCI fake from test/msw)
// with esbuild, like scripts/bench.mjs, and runs it with the arguments passed on.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const out = join(root, "node_modules", ".cache", "tunnelsmith-bench-sweep");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { sweep: join(root, "bench", "sweep.ts") },
  outdir: out,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
const result = spawnSync(process.execPath, [join(out, "sweep.mjs"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
