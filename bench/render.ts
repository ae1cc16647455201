import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { BenchContext } from "./lib/context.ts";
import { round } from "./lib/stats.ts";

export interface RenderRow {
  sample: string;
  vendors: number;
  medianMs: number;
  p99Ms: number;
  /**
   * Render time / reference time at the 10th percentile of each, runs interleaved in one process (what
   * `bench:check` compares): the fast end is what a busy machine disturbs least.
   */
  ratio: number;
}

export interface RenderResult {
  rows: RenderRow[];
  /** Median of the reference workload over the all-vendors run, ms. */
  referenceMs: number;
  /** The first sample's every-vendor render in a fresh process: template files read and parsed on the way. */
  firstRenderMs: number;
  templates: { distinct: number; fileReads: number; mustacheParses: number; renders: number };
}

interface EntryOutput {
  samples: {
    sample: string;
    vendors: string[];
    medianMs: number;
    p99Ms: number;
    referenceMs: number;
    ratio: number;
  }[];
  firstRenderMs: number;
  templates: RenderResult["templates"];
}

/** Runs the render body (bench/render-entry.ts, bundled by scripts/bench.mjs) in a fresh process. */
export function measureRender(ctx: BenchContext): RenderResult {
  const entry = process.env.TUNNELSMITH_BENCH_RENDER;
  if (!entry)
    throw new Error("TUNNELSMITH_BENCH_RENDER is not set: run the benchmark through scripts/bench.mjs");
  const child = spawnSync(process.execPath, [entry], {
    cwd: ctx.root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", TUNNELSMITH_TEMPLATES_DIR: join(ctx.root, "templates") },
  });
  if (child.status !== 0) throw new Error(`render benchmark failed: ${child.stderr}`);
  const out = JSON.parse(child.stdout) as EntryOutput;
  const ref = out.samples[0]?.referenceMs ?? Number.NaN;
  return {
    rows: out.samples.map((s) => ({
      sample: s.sample,
      vendors: s.vendors.length,
      medianMs: round(s.medianMs, 3),
      p99Ms: round(s.p99Ms, 3),
      ratio: round(s.ratio, 3),
    })),
    referenceMs: round(ref, 4),
    firstRenderMs: round(out.firstRenderMs, 1),
    templates: out.templates,
  };
}
