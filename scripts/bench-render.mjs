// `npm run bench:render`: measures (does not assert) two foundation targets —
//   1. rendering every vendor for one connection after warm-up (target: well under 5 ms),
//   2. `node dist/func.mjs` start → listening on its unix socket (target: under 300 ms), median of 10 runs.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "tunnelsmith-bench-"));

const entry = join(work, "render.mjs");
await build({
  entryPoints: [join(root, "bench", "render-entry.ts")],
  outfile: entry,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: {
    js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  logLevel: "warning",
});
console.log("Render, every vendor for one connection (after warm-up):");
await new Promise((done, fail) => {
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TUNNELSMITH_TEMPLATES_DIR: join(root, "templates") },
  });
  child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`render bench exited ${code}`))));
});

async function startupMs() {
  const socket = join(work, `fn-${Math.random().toString(36).slice(2)}.sock`);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, "dist", "func.mjs")], {
    env: {
      PATH: process.env.PATH,
      FN_FORMAT: "http-stream",
      FN_LISTENER: `unix:${socket}`,
      TUNNELSMITH_STATE_DIR: join(work, "state"),
    },
    stdio: "ignore",
  });
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error("function exited");
    await new Promise((r) => setTimeout(r, 1));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await new Promise((r) => {
    child.once("exit", r);
    child.kill("SIGTERM");
  });
  return ms;
}

const runs = [];
for (let i = 0; i < 10; i++) runs.push(await startupMs());
runs.sort((a, b) => a - b);
console.log(
  `\nCold start, node dist/func.mjs → listening: median ${runs[5]?.toFixed(1)} ms (min ${runs[0]?.toFixed(1)}, max ${runs[9]?.toFixed(1)}) over 10 runs`,
);
rmSync(work, { recursive: true, force: true });
