// `npm run bench` / `npm run bench:check`: bundles the benchmark (bench/*.ts, which reuses the OCI fake from
// test/msw) with esbuild and runs it. Arguments are passed on, e.g. `node scripts/bench.mjs --only api,render`.
// The bundle goes under node_modules/.cache so that its bare imports resolve to the project's node_modules.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const out = join(root, "node_modules", ".cache", "tunnelsmith-bench");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { main: join(root, "bench", "main.ts"), render: join(root, "bench", "render-entry.ts") },
  outdir: out,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});

const result = spawnSync(process.execPath, [join(out, "main.mjs"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TUNNELSMITH_BENCH_RENDER: join(out, "render.mjs") },
});
process.exit(result.status ?? 1);
