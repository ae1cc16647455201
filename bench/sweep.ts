// `npm run bench:sweep -- --connections N [--scenario steady|first|outage] [--workers W] [--rate R]
//   [--latency MS] [--shard-size S] [--timeout SECONDS] [--json]`
// The sharded sweep against the OCI fake (test/msw handlers over loopback HTTP, bench/lib), in this process: one
// coordinator and W-1 workers at once (each its own container: own clients and its share of the request budget),
// invoked again while shards are left, then the alert publisher. Prints one JSON object.
import { resolve } from "node:path";
import { createHandler, type FunctionHandler } from "../functions/handler.ts";
import { createOciDependencyFactory } from "../shared/adapters/oci/index.ts";
import { loadSettings } from "../shared/config/settings.ts";
import { createLogger } from "../shared/logger.ts";
import type { Json } from "../test/msw/fake-oci.ts";
import { addQueue } from "../test/msw/queue.ts";
import { BUCKET, COMPARTMENT, copySample, sample, startBenchOci, TOPIC } from "./lib/oci-fake.ts";

const QUEUE_ID = "ocid1.queue.oc1.ap-tokyo-1.aaaaaaaabenchqueue";
type Scenario = "steady" | "first" | "outage";

interface Options {
  connections: number;
  scenario: Scenario;
  workers: number;
  /** The tenancy's requests a second per API family (divided among the workers). */
  rate: number;
  latencyMs: number;
  shardSize: number;
  timeoutSeconds: number;
  json: boolean;
}

function parse(argv: readonly string[]): Options {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? String(argv[i + 1]) : fallback;
  };
  const scenario = value("scenario", "steady");
  if (!["steady", "first", "outage"].includes(scenario))
    throw new Error("--scenario: steady, first or outage");
  return {
    connections: Number(value("connections", "100")),
    scenario: scenario as Scenario,
    workers: Number(value("workers", "4")),
    rate: Number(value("rate", "40")),
    latencyMs: Number(value("latency", "5")),
    shardSize: Number(value("shard-size", "200")),
    timeoutSeconds: Number(value("timeout", "120")),
    json: argv.includes("--json"),
  };
}

/** A rendered-looking fleet: copies of the static sample, each with a `state.json` as a render leaves it. */
function seed(bench: Awaited<ReturnType<typeof startBenchOci>>, root: string, n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const raw = copySample(sample(root, "static-ikev1"), `sweep${String(i).padStart(6, "0")}`);
    (raw.ipsecConnection as Json).compartmentId = COMPARTMENT;
    (raw.tunnels as Json[]).forEach((t, k) => {
      t.vpnIp = `10.${Math.floor(i / 250)}.${i % 250}.${k + 1}`;
      t.status = "UP";
      t.timeStatusUpdated = new Date(Date.now() - 3_600_000).toISOString();
    });
    const id = bench.fake.seedSnapshot(raw).connectionId;
    ids.push(id);
    const state = {
      schemaVersion: 1,
      connectionId: id,
      status: "rendered",
      announced: true,
      tunnels: (raw.tunnels as Json[]).map((t) => ({
        id: t.id,
        oracleIp: t.vpnIp,
        status: "UP",
        lifecycleState: "AVAILABLE",
        bgpState: null,
      })),
    };
    bench.fake.buckets.get(BUCKET)?.objects.set(`connections/${id}/state.json`, {
      body: JSON.stringify(state),
      etag: bench.fake.newEtag(),
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });
  }
  return ids;
}

interface Measured {
  seconds: number;
  rssMiB: number;
  result: Record<string, unknown>;
}

/** One invocation, its wall time and the process's peak RSS while it ran (sampled every 20 ms). */
async function invoke(handler: FunctionHandler, input: unknown, timeoutSeconds: number): Promise<Measured> {
  const start = performance.now();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = (await handler(input, {
      callID: `bench-${Math.round(start)}`,
      deadline: new Date(Date.now() + timeoutSeconds * 1000),
    })) as unknown as Record<string, unknown>;
    return { seconds: (performance.now() - start) / 1000, rssMiB: peak / 1048576, result };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const root = resolve(process.cwd());
  const bench = await startBenchOci(
    { latencyMs: o.latencyMs },
    {
      TUNNELSMITH_QUEUE_ID: QUEUE_ID,
      TUNNELSMITH_QUEUE_MAX_DELIVERIES: "5",
      TUNNELSMITH_SWEEP_SHARD_SIZE: String(o.shardSize),
      TUNNELSMITH_API_BUDGET_PER_SECOND: String(o.rate),
      TUNNELSMITH_API_WORKERS: String(o.workers),
      TUNNELSMITH_RETRY_MAX_DELAY_SECONDS: "1",
      TUNNELSMITH_LOG_LEVEL: "error",
    },
  );
  const queue = addQueue(bench.fake, QUEUE_ID, 5);
  const ids = seed(bench, root, o.connections);
  const settings = loadSettings({ ...bench.env, TUNNELSMITH_QUEUE_ENDPOINT: bench.http.origin });
  // One handler per container: each has its own clients and its share of the budget.
  const containers = Array.from({ length: o.workers }, () =>
    createHandler(
      createOciDependencyFactory(settings, { logger: createLogger({ level: "error", write: () => {} }) }),
    ),
  );
  const sweep = { action: "sweep", compartmentId: COMPARTMENT, includeSubcompartments: false };
  const shardsLeft = () => queue.messages.filter((m) => m.channelId === "sweep-shards").length;
  const alertsLeft = () => queue.messages.filter((m) => m.channelId === "alerts").length;

  /** A whole sweep: the coordinator and the other workers at once, workers again while shards are left. */
  const runSweep = async () => {
    const runs: Measured[] = [];
    const [first, ...others] = containers;
    if (!first) throw new Error("--workers must be at least 1");
    let settled = false;
    const coordinator = invoke(first, sweep, o.timeoutSeconds).finally(() => {
      settled = true;
    });
    // The workers start once the coordinator has queued the shards (a schedule a minute later, in OCI).
    while (!settled && shardsLeft() === 0) await new Promise((r) => setTimeout(r, 20));
    const waves = [coordinator, ...others.map((c) => invoke(c, { action: "sweep-shard" }, o.timeoutSeconds))];
    runs.push(...(await Promise.all(waves)));
    for (let wave = 0; wave < 100 && shardsLeft() > 0; wave++) {
      runs.push(
        ...(await Promise.all(containers.map((c) => invoke(c, { action: "sweep-shard" }, o.timeoutSeconds)))),
      );
    }
    return runs;
  };
  const publish = async () => {
    const runs: Measured[] = [];
    for (let i = 0; i < 20 && alertsLeft() > 0; i++)
      runs.push(
        await invoke(containers[0] as FunctionHandler, { action: "publish-alerts" }, o.timeoutSeconds),
      );
    return runs;
  };

  if (o.scenario !== "first") await runSweep(); // the baseline every steady sweep compares with
  if (o.scenario === "outage") {
    for (const id of ids) for (const t of bench.fake.tunnels.get(id) ?? []) t.status = "DOWN";
  }
  const requestsBefore = bench.fake.requests.length;
  const messagesBefore = bench.fake.messages.filter((m) => m.topicId === TOPIC).length;
  const started = performance.now();
  const runs = [...(await runSweep()), ...(await publish())];
  const wallSeconds = (performance.now() - started) / 1000;
  const coordinator = runs[0]?.result ?? {};
  // Checked = its tunnels were read in this run (a steady check writes nothing, so state.json cannot tell).
  const read = new Set(
    bench.fake.requests
      .slice(requestsBefore)
      .map((r) => /^\/ipsecConnections\/([^/]+)\/tunnels$/.exec(r.path)?.[1])
      .filter((id): id is string => id !== undefined),
  );
  const unchecked = ids.filter((id) => !read.has(id)).length;
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  const out = {
    connections: o.connections,
    scenario: o.scenario,
    workers: o.workers,
    ratePerFamilyPerSecond: o.rate,
    latencyMs: o.latencyMs,
    shards: coordinator.shards ?? null,
    invocations: runs.length,
    maxInvocationRssMiB: round(Math.max(...runs.map((r) => r.rssMiB))),
    maxInvocationSeconds: round(Math.max(...runs.map((r) => r.seconds))),
    wallSeconds: round(wallSeconds),
    callsPerConnection: round((bench.fake.requests.length - requestsBefore) / o.connections, 2),
    publishes: bench.fake.messages.filter((m) => m.topicId === TOPIC).length - messagesBefore,
    unchecked,
    deadLettered: queue.deadLetters.length,
  };
  await bench.http.close();
  console.log(o.json ? JSON.stringify(out) : JSON.stringify(out, null, 2));
}

await main();
