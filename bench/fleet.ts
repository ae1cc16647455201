import type { FakeOci } from "../test/msw/fake-oci.ts";
import type { BenchContext } from "./lib/context.ts";
import { callFn, cpuMs, type FnProcess, outcomeOf, startFn } from "./lib/fn-process.ts";
import { notImplemented } from "./lib/handlers.ts";
import { BUCKET, COMPARTMENT, createEvent, seedFleet, startBenchOci } from "./lib/oci-fake.ts";
import { round } from "./lib/stats.ts";

/** The conditions of the fleet run (also written to the results). */
export interface FleetConditions {
  connections: number;
  /** Function containers working at once (Fn scales out one container per concurrent call). */
  containers: number;
  latencyMs: number;
  throttleRate: number;
  seed: number;
}

export interface FleetAudit {
  /** Connections without a complete, announced set of files and links. */
  lost: number;
  /** Extra objects, PARs or messages beyond one set per connection. */
  duplicated: number;
  objects: number;
  pars: number;
  messages: number;
}

export interface FleetBurst {
  wallMs: number;
  /** Requests the fake received, injected 429s included. */
  calls: number;
  callsPerConnection: number;
  injected429: number;
  /** Invocations that did not answer `rendered`. */
  failed: number;
  /** Creates finished per minute over the run. */
  perMinute: number;
  /** CPU the function processes used per create (user + system), ms. */
  functionCpuMsPerCreate: number;
  /** CPU the fake (this process) used per create, ms: it shares the machine's cores with the functions. */
  fakeCpuMsPerCreate: number;
  audit: FleetAudit;
}

export interface FleetSweep {
  implemented: boolean;
  wallMs: number;
  calls: number;
  outcome: string;
}

export interface FleetResult {
  conditions: FleetConditions;
  burst: FleetBurst;
  sweep: FleetSweep;
}

/**
 * A burst of create events for a fleet against the fake with a region's latency and seeded 429s, spread over
 * `containers` function processes the way Fn spreads concurrent calls, then one sweep over the whole fleet.
 * Notifications are not rate-limited here (the topic's limit is measured on its own, see topic.ts): this run
 * is about throughput and about every connection ending with exactly one complete, announced set of configs.
 */
export async function measureFleet(ctx: BenchContext): Promise<FleetResult> {
  const conditions: FleetConditions = {
    connections: ctx.check ? 100 : 1000,
    containers: 8,
    latencyMs: 30,
    throttleRate: 0.05,
    seed: 20261122,
  };
  const oci = await startBenchOci(
    { latencyMs: conditions.latencyMs, throttleRate: conditions.throttleRate, seed: conditions.seed },
    // The topic is unlimited in this run; let each container publish as fast as its work allows.
    { TUNNELSMITH_NOTIFY_PER_MINUTE: "600" },
  );
  const ids = seedFleet(oci.fake, ctx.root, conditions.connections);
  const containers: FnProcess[] = [];
  try {
    for (let i = 0; i < conditions.containers; i++) {
      containers.push(await startFn({ args: [ctx.bundle], env: oci.env, dir: ctx.tmp, cwd: ctx.root }));
    }
    const queue = ids.map((id, n) => ({ id, n }));
    let failed = 0;
    let done = 0;
    const cpuBefore = containers.reduce((sum, c) => sum + cpuMs(c.child.pid ?? 0), 0);
    const fakeCpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      containers.map(async (fn, c) => {
        for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
          const answer = await callFn(fn.socket, createEvent(ctx.root, job.id, job.n), {
            callId: `01FLEET${c}X${job.n}`,
          });
          if (outcomeOf(answer) !== "rendered") failed += 1;
          done += 1;
          if (done % 100 === 0) ctx.log(`  fleet: ${done}/${ids.length} creates`);
        }
      }),
    );
    const wallMs = performance.now() - started;
    const functionCpu = containers.reduce((sum, c) => sum + cpuMs(c.child.pid ?? 0), 0) - cpuBefore;
    const fake = process.cpuUsage(fakeCpu);
    const calls = oci.http.stats.received;
    const burst: FleetBurst = {
      wallMs: round(wallMs, 0),
      calls,
      callsPerConnection: round(calls / ids.length, 2),
      injected429: oci.http.stats.injected429,
      failed,
      perMinute: round((ids.length / wallMs) * 60_000, 0),
      functionCpuMsPerCreate: round(functionCpu / ids.length, 1),
      fakeCpuMsPerCreate: round((fake.user + fake.system) / 1000 / ids.length, 1),
      audit: audit(oci.fake, ids),
    };

    const before = oci.http.stats.received;
    const sweepStart = performance.now();
    const first = containers[0];
    if (!first) throw new Error("no container");
    const answer = await callFn(
      first.socket,
      { action: "sweep", compartmentId: COMPARTMENT },
      { deadlineMs: 300_000 },
    );
    const sweep: FleetSweep = {
      implemented: !notImplemented(answer.body),
      wallMs: round(performance.now() - sweepStart, 0),
      calls: oci.http.stats.received - before,
      outcome: notImplemented(answer.body) ? "not implemented yet" : outcomeOf(answer),
    };
    return { conditions, burst, sweep };
  } finally {
    await Promise.all(containers.map((c) => c.stop()));
    await oci.http.close();
  }
}

/**
 * Every connection must end with its files, one PAR per file, a `rendered` and announced `state.json` without a
 * lease, and exactly one message naming it; anything beyond that is a duplicate.
 */
function audit(fake: FakeOci, ids: readonly string[]): FleetAudit {
  const bucket = fake.buckets.get(BUCKET);
  if (!bucket) throw new Error("no bucket");
  const messagesFor = new Map<string, number>();
  for (const m of fake.messages) {
    const id = /\((ocid1\.ipsecconnection\.[^)]+)\)/.exec(m.body)?.[1] ?? "?";
    messagesFor.set(id, (messagesFor.get(id) ?? 0) + 1);
  }
  const parsFor = new Map<string, number>();
  for (const p of bucket.pars.values()) parsFor.set(p.objectName, (parsFor.get(p.objectName) ?? 0) + 1);
  let lost = 0;
  let duplicated = 0;
  for (const id of ids) {
    const prefix = `connections/${id}/`;
    const stateText = bucket.objects.get(`${prefix}state.json`)?.body;
    const state = stateText
      ? (JSON.parse(stateText) as {
          status?: string;
          announced?: boolean;
          lease?: unknown;
          files?: { objectName: string }[];
        })
      : null;
    const recorded = new Set((state?.files ?? []).map((f) => f.objectName));
    const stored = [...bucket.objects.keys()].filter(
      (n) => n.startsWith(prefix) && !n.endsWith("/state.json"),
    );
    const complete =
      state?.status === "rendered" &&
      state.announced === true &&
      state.lease === null &&
      recorded.size > 0 &&
      stored.length === recorded.size &&
      stored.every((n) => recorded.has(n) && parsFor.get(n) === 1) &&
      messagesFor.get(id) === 1;
    if (!complete) lost += 1;
    duplicated += Math.max(0, (messagesFor.get(id) ?? 0) - 1);
    duplicated += stored.reduce((sum, n) => sum + Math.max(0, (parsFor.get(n) ?? 0) - 1), 0);
    duplicated += stored.filter((n) => !recorded.has(n)).length;
  }
  duplicated += [...messagesFor.keys()].filter((id) => !ids.includes(id)).length;
  return {
    lost,
    duplicated,
    objects: bucket.objects.size,
    pars: bucket.pars.size,
    messages: fake.messages.length,
  };
}
