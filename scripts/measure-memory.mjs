// Measures the function's peak memory (VmHWM: the most resident memory the process ever held) for one "IPSec
// connection created" invocation, to choose func.yaml's `memory`. Starts the real bundle the way Fn does
// (FN_FORMAT=http-stream on a unix socket, the FN_* variables Fn sets), twice:
//   local — the embedded default (snapshots from events/snapshots, a temp folder as bucket and topic);
//   oci   — OCI mode with the config-file key, against the msw fake of OCI served over HTTP on 127.0.0.1
//           (test/msw/http-fake.ts, bundled on the fly with esbuild), so the OCI SDK is loaded and used.
// Linux only (/proc). Usage: npm run build && node scripts/measure-memory.mjs
// Not a test: numbers depend on the machine; record them in func.yaml's comment when they change.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
process.chdir(root); // the sample helpers resolve events/ from the working directory
if (!existsSync(join(root, "dist", "func.mjs"))) {
  process.stderr.write("dist/func.mjs is missing: run npm run build first\n");
  process.exit(1);
}
const EVENT = readFileSync(join(root, "events", "create-bgp-ikev1.json"), "utf8");
const BUCKET = "tunnelsmith-configs";
const TOPIC = "ocid1.onstopic.oc1.ap-tokyo-1.aaaaaaaameasure";

/** What Fn sets for every function container, besides the function's own configuration. */
const FN_ENV = {
  FN_APP_ID: "ocid1.fnapp.oc1.ap-tokyo-1.aaaaaaaameasure",
  FN_FN_ID: "ocid1.fnfunc.oc1.ap-tokyo-1.aaaaaaaameasure",
  FN_APP_NAME: "tunnelsmith",
  FN_FN_NAME: "tunnelsmith",
  FN_MEMORY: "256",
  FN_TYPE: "sync",
  FN_FORMAT: "http-stream",
};

function kib(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

function call(socket) {
  return new Promise((done, fail) => {
    const req = request(
      {
        socketPath: socket,
        path: "/call",
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Fn-Call-Id": "01MEASURE",
          "Fn-Deadline": new Date(Date.now() + 120_000).toISOString(),
        },
      },
      (res) => {
        let body = "";
        res.on("data", (d) => {
          body += d;
        });
        res.on("end", () => done({ status: res.statusCode, body }));
      },
    );
    req.on("error", fail);
    req.end(EVENT);
  });
}

async function measure(label, config) {
  const dir = mkdtempSync(join(tmpdir(), "ts-mem-"));
  const socket = join(dir, "fn.sock");
  const child = spawn(process.execPath, ["dist/func.mjs"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...FN_ENV, FN_LISTENER: `unix:${socket}`, ...config(dir) },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const started = Date.now();
  while (!existsSync(socket)) {
    if (child.exitCode !== null || Date.now() - started > 5000)
      throw new Error(`${label}: function did not start`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const idle = kib(child.pid, "VmHWM");
  const t0 = Date.now();
  const first = await call(socket);
  const firstMs = Date.now() - t0;
  const afterFirst = kib(child.pid, "VmHWM");
  const t1 = Date.now();
  await call(socket); // the redelivered event: a warm duplicate
  const secondMs = Date.now() - t1;
  const peak = kib(child.pid, "VmHWM");
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
  const outcome = JSON.parse(first.body).outcome;
  return { label, status: first.status, outcome, idle, afterFirst, peak, firstMs, secondMs };
}

/** The msw fake of OCI, bundled from its TypeScript sources into a module that imports msw from node_modules. */
async function loadFake() {
  const cache = join(root, "node_modules", ".cache", "tunnelsmith");
  mkdirSync(cache, { recursive: true });
  const outfile = join(cache, "measure-fake.mjs");
  await build({
    stdin: {
      contents: [
        'export { FakeOci } from "./test/msw/fake-oci.ts";',
        'export { startHttpFake } from "./test/msw/http-fake.ts";',
        'export { testIdentity } from "./test/msw/keys.ts";',
        'export { rawSnapshot } from "./test/helpers/samples.ts";',
      ].join("\n"),
      resolveDir: root,
      loader: "ts",
      sourcefile: "measure-fake.ts",
    },
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    outfile,
    logLevel: "warning",
  });
  return import(outfile);
}

const results = [];
results.push(
  await measure("local", (dir) => ({
    TUNNELSMITH_MODE: "local",
    TUNNELSMITH_SNAPSHOT_DIR: join(root, "events", "snapshots"),
    TUNNELSMITH_STATE_DIR: join(dir, "state"),
  })),
);

const { FakeOci, startHttpFake, testIdentity, rawSnapshot } = await loadFake();
const fake = new FakeOci(testIdentity());
fake.seedSnapshot(rawSnapshot("bgp-ikev1"));
fake.addBucket(BUCKET);
fake.topics.add(TOPIC);
const oci = await startHttpFake(fake, () => new Date());
try {
  results.push(
    await measure("oci (fake)", () => ({
      TUNNELSMITH_MODE: "oci",
      TUNNELSMITH_BUCKET: BUCKET,
      TUNNELSMITH_TOPIC_ID: TOPIC,
      TUNNELSMITH_PSK_FINGERPRINT_KEY: "measure-only-fingerprint-key-0123456789",
      OCI_CONFIG_FILE: testIdentity().configFile,
      TUNNELSMITH_ENDPOINT_IAAS: oci.origin,
      TUNNELSMITH_ENDPOINT_OBJECTSTORAGE: oci.origin,
      TUNNELSMITH_ENDPOINT_NOTIFICATIONS: oci.origin,
    })),
  );
} finally {
  await oci.close();
}

const mib = (k) => `${(k / 1024).toFixed(1)} MiB`;
process.stdout.write(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
for (const r of results) {
  process.stdout.write(
    `${r.label.padEnd(11)} ${r.status} ${String(r.outcome).padEnd(9)} idle ${mib(r.idle)}, after create ${mib(r.afterFirst)}, peak ${mib(r.peak)}; create ${r.firstMs} ms, duplicate ${r.secondMs} ms\n`,
  );
}
if (results.some((r) => r.status !== 200 || r.outcome !== "rendered")) process.exitCode = 1;
