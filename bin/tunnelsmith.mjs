#!/usr/bin/env node
// `npx tunnelsmith …`: runs the CLI bundle that `npm ci` builds (the `prepare` script).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = fileURLToPath(new URL("../dist/cli.mjs", import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write("tunnelsmith: dist/cli.mjs is missing; run `npm run build` first\n");
  process.exit(1);
}
await import(bundle);
