import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "./lib/context.ts";
import { callFn, outcomeOf, peakRssMiB, startFn } from "./lib/fn-process.ts";
import { event, sample, startBenchOci } from "./lib/oci-fake.ts";
import { median, round } from "./lib/stats.ts";

/** One way of starting a function, measured over several runs. */
export interface ColdStartRow {
  variant: string;
  description: string;
  runs: number;
  /** Median milliseconds from spawn to listening on the socket. */
  listeningMs: number;
  /** Median milliseconds from spawn to the first `/call` answered. */
  firstCallMs: number;
  /** Fastest run of the two above divided by the floor's fastest (same run): what `bench:check` compares. */
  listeningRatio: number;
  firstCallRatio: number;
  /** Largest peak RSS seen after the first call, MiB. */
  peakRssMiB: number;
  outcome: string;
}

interface Variant {
  name: string;
  description: string;
  args: string[];
  /** Prepares one run: environment and the first payload; `done` cleans up after it. */
  prepare(): Promise<{ env: Record<string, string>; payload: unknown; done(): Promise<void> }>;
}

/**
 * Process start → listening → first `/call` answered, the median of `runs` runs of each variant, interleaved
 * (one of each per round, after one discarded warm-up round) so a slow moment of the machine hits all alike.
 */
export async function measureColdStart(ctx: BenchContext, ociSdkDir: string | null): Promise<ColdStartRow[]> {
  const runs = 10;
  const variants = coldStartVariants(ctx, ociSdkDir);
  const samples = new Map<
    string,
    { listening: number[]; firstCall: number[]; rss: number[]; outcome: string }
  >();
  for (let round = 0; round <= runs; round++) {
    for (const v of variants) {
      const prepared = await v.prepare();
      const fn = await startFn({ args: v.args, env: prepared.env, dir: ctx.tmp, cwd: ctx.root });
      const answer = await callFn(fn.socket, prepared.payload);
      const firstCall = performance.now() - fn.spawnedAt;
      const rss = peakRssMiB(fn.child.pid ?? 0);
      await fn.stop();
      await prepared.done();
      const outcome = outcomeOf(answer);
      if (answer.status !== 200) throw new Error(`${v.name}: first call failed: ${outcome}`);
      if (round === 0) continue;
      const s = samples.get(v.name) ?? { listening: [], firstCall: [], rss: [], outcome };
      s.listening.push(fn.listeningMs);
      s.firstCall.push(firstCall);
      s.rss.push(rss);
      samples.set(v.name, s);
    }
    if (round > 0) ctx.log(`  cold start: round ${round}/${runs}`);
  }
  const floor = samples.get("node-floor");
  // The ratios bench:check compares use each variant's fastest run: other load on the machine only ever adds
  // time, so the minimum is the steadiest estimate of the real cost (medians moved by 20 % under load here).
  const fastest = (xs: number[]) => Math.min(...xs);
  const floorListening = fastest(floor?.listening ?? []);
  const floorCall = fastest(floor?.firstCall ?? []);
  return variants.map((v) => {
    const s = samples.get(v.name) ?? { listening: [], firstCall: [], rss: [], outcome: "" };
    const listening = median(s.listening);
    const firstCall = median(s.firstCall);
    return {
      variant: v.name,
      description: v.description,
      runs: s.listening.length,
      listeningMs: round(listening, 1),
      firstCallMs: round(firstCall, 1),
      listeningRatio: round(fastest(s.listening) / floorListening),
      firstCallRatio: round(fastest(s.firstCall) / floorCall),
      peakRssMiB: round(Math.max(...s.rss), 1),
      outcome: s.outcome,
    };
  });
}

function coldStartVariants(ctx: BenchContext, ociSdkDir: string | null): Variant[] {
  const nothing = async () => {};
  const variants: Variant[] = [
    {
      name: "node-floor",
      description: "plain node:http on the socket, no work (the ratio's denominator)",
      args: ["bench/floor.cjs"],
      prepare: async () => ({ env: {}, payload: {}, done: nothing }),
    },
    {
      name: "bundle-local",
      description: "dist/func.mjs, local mode: create event rendered from events/snapshots",
      args: [ctx.bundle],
      prepare: async () => ({
        env: {
          TUNNELSMITH_MODE: "local",
          TUNNELSMITH_STATE_DIR: mkdtempSync(join(ctx.tmp, "local-")),
          TUNNELSMITH_SNAPSHOT_DIR: join(ctx.root, "events", "snapshots"),
        },
        payload: event(ctx.root, "create-bgp-ikev1"),
        done: nothing,
      }),
    },
    {
      name: "bundle-oci",
      description: "dist/func.mjs, OCI mode: create event handled against the local fake (cold container)",
      args: [ctx.bundle],
      prepare: async () => {
        const oci = await startBenchOci();
        oci.fake.seedSnapshot(sample(ctx.root, "bgp-ikev1"));
        return { env: oci.env, payload: event(ctx.root, "create-bgp-ikev1"), done: () => oci.http.close() };
      },
    },
  ];
  if (ociSdkDir !== null) {
    variants.push({
      name: "baseline-oci-sdk",
      description: "require('oci-sdk') (the whole SDK) + the FDK, handler does nothing",
      args: ["bench/baseline-oci-sdk.cjs"],
      prepare: async () => ({ env: { OCI_SDK_DIR: ociSdkDir }, payload: {}, done: nothing }),
    });
  }
  return variants;
}
