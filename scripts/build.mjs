// Bundles the function entry and the CLI with esbuild into dist/. The function bundle is what func.yaml runs;
// templates are read at run time from the templates/ folder next to dist/ (or TUNNELSMITH_TEMPLATES_DIR).
import { rmSync } from "node:fs";
import { build } from "esbuild";

// The FDK and some dependencies are CommonJS and call require() for Node built-ins; an ESM bundle needs a
// require of its own for that.
const banner = {
  js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
};

rmSync("dist", { recursive: true, force: true });

// Code splitting keeps the OCI SDK (loaded on demand, only in OCI mode) in its own chunks, so a local-mode start
// and the CLI's pure commands do not parse several megabytes they never run.
await build({
  entryPoints: { func: "functions/func.ts", cli: "cli/bin.ts" },
  outdir: "dist",
  splitting: true,
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  banner,
  sourcemap: "linked",
  logLevel: "warning",
  legalComments: "none",
});
