// `npm run bench` / `npm run bench:check`: bundles the benchmark (bench/*.ts, which reuses the OCI fake from
// test/msw) with esbuild and runs it. Arguments are passed on, e.g. `node scripts/bench.mjs --only api,render`.
// The bundle goes under node_modules/.cache so that its bare imports resolve to the project's node_modules.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
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

// The function bundle the benchmark starts: built here with scripts/build.mjs's options (code splitting, the
// require banner) into the cache, not dist/, because test runs elsewhere rebuild dist/ (remove, then write) and
// would pull it away under a running benchmark.
const fnOut = join(out, "dist");
rmSync(fnOut, { recursive: true, force: true });
await build({
  entryPoints: { func: join(root, "functions", "func.ts") },
  outdir: fnOut,
  splitting: true,
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  banner: {
    js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  logLevel: "warning",
  legalComments: "none",
});

const result = spawnSync(process.execPath, [join(out, "main.mjs"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    TUNNELSMITH_BENCH_RENDER: join(out, "render.mjs"),
    TUNNELSMITH_BENCH_FUNCTION: join(fnOut, "func.mjs"),
  },
});
process.exit(result.status ?? 1);
