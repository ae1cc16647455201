// Bundles the function entry and the CLI with esbuild into dist/. The function bundle is what func.yaml runs;
// templates are read at run time from the templates/ folder next to dist/ (or TUNNELSMITH_TEMPLATES_DIR).
import { build } from "esbuild";

// The FDK and some dependencies are CommonJS and call require() for Node built-ins; an ESM bundle needs a
// require of its own for that.
const banner = {
  js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  banner,
  sourcemap: "linked",
  logLevel: "warning",
  legalComments: "none",
};

await Promise.all([
  build({ ...common, entryPoints: ["functions/func.ts"], outfile: "dist/func.mjs" }),
  build({ ...common, entryPoints: ["cli/bin.ts"], outfile: "dist/cli.mjs" }),
]);
