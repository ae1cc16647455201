/**
 * Render benchmark body, run in a process of its own by `npm run bench` (bundled by scripts/bench.mjs; not a
 * test). One connection rendered for all twelve vendors (`all-vendors`: common algorithms, each vendor's own
 * interface names), and each sample snapshot for every vendor that can render it, after warm-up; each run is
 * followed by a fixed reference workload timed in the same process, so `bench:check` can compare the ratio
 * instead of machine-dependent milliseconds. It also shows that templates are read and parsed once per process:
 * the template cache's counters and mustache's own parse cache do not grow after the first render.
 * Prints one JSON document on stdout.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Mustache from "mustache";
import { buildModels } from "../shared/model/build.ts";
import type { ConnectionModel } from "../shared/model/types.ts";
import { listRenderers, renderVendor } from "../shared/render/registry.ts";
import { templateStats } from "../shared/render/templates.ts";
import { parseSnapshot } from "../shared/snapshot/parse.ts";
import { allVendorsSnapshot } from "./lib/all-vendors.ts";

const SAMPLES = ["static-ikev1", "bgp-ikev1", "ikev2-static-custom", "policy-ikev2"];
const WARMUP = 100;
const ITERATIONS = 1000;

// Count mustache's parses: its template cache is asked to store a template only when it parsed one.
let parses = 0;
// (Typed as strings by @types/mustache; mustache stores its token arrays here.)
const parsed = new Map<string, string>();
Mustache.templateCache = {
  set: (key: string, value: string) => {
    parses += 1;
    parsed.set(key, value);
  },
  get: (key: string) => parsed.get(key),
  clear: () => parsed.clear(),
};

/**
 * Times `iterations` runs of `work`, each followed by one timed run of the reference, so both see the same
 * moments of a busy machine: medians and the work's 99th percentile, in milliseconds.
 */
function time(work: () => void, iterations: number) {
  const times: number[] = [];
  const refs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    work();
    const mid = process.hrtime.bigint();
    reference();
    times.push(Number(mid - start) / 1e6);
    refs.push(Number(process.hrtime.bigint() - mid) / 1e6);
  }
  const at = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
  };
  return {
    medianMs: at(times, 0.5),
    p99Ms: at(times, 0.99),
    referenceMs: at(refs, 0.5),
    // The fast end of both distributions is what a busy machine disturbs least.
    ratio: at(times, 0.1) / at(refs, 0.1),
  };
}

/**
 * The reference: work of the same kind as rendering (building strings from an object, a regex pass, hashing),
 * fixed forever, so render time / reference time stays put across machines unless rendering itself changes.
 */
const referenceInput = JSON.parse(readFileSync(join("events", "snapshots", "bgp-ikev1.json"), "utf8"));
function reference(): void {
  let out = "";
  for (let i = 0; i < 40; i++) {
    const text = JSON.stringify(referenceInput, null, 2);
    out += text.replace(/"([a-zA-Z]+)":/g, "$1 =").slice(0, 400);
  }
  createHash("sha256").update(out).digest("hex");
}

const firstRenderStart = process.hrtime.bigint();
const results = [];
let firstRenderMs = Number.NaN;
/** Per case: the vendors and the model each renders (one connection; per-vendor site facts where needed). */
function cases(): { name: string; jobs: { vendor: string; model: ConnectionModel }[] }[] {
  const snapshot = (name: string) =>
    JSON.parse(readFileSync(join("events", "snapshots", `${name}.json`), "utf8"));
  const model = (raw: unknown, name: string) => {
    const [m] = buildModels([parseSnapshot(raw, name)]);
    if (!m) throw new Error("no model");
    return m;
  };
  const base = snapshot("ikev2-static-custom");
  const all = {
    name: "all-vendors",
    jobs: listRenderers().map((r) => ({ vendor: r.id, model: model(allVendorsSnapshot(base, r.id), r.id) })),
  };
  const samples = SAMPLES.map((name) => {
    const m = model(snapshot(name), name);
    // A vendor that cannot render this sample (routing mode, algorithms) is not part of "every vendor" for it.
    const able = listRenderers().filter((r) => {
      try {
        renderVendor(m, r.id);
        return true;
      } catch {
        return false;
      }
    });
    return { name, jobs: able.map((r) => ({ vendor: r.id, model: m })) };
  });
  return [all, ...samples];
}

for (const { name, jobs } of cases()) {
  if (Number.isNaN(firstRenderMs)) {
    for (const j of jobs) renderVendor(j.model, j.vendor);
    firstRenderMs = Number(process.hrtime.bigint() - firstRenderStart) / 1e6;
  }
  const renderAll = () => {
    for (const j of jobs) renderVendor(j.model, j.vendor);
  };
  for (let i = 0; i < WARMUP; i++) {
    renderAll();
    reference();
  }
  const before = { ...templateStats(), parses };
  const timing = time(renderAll, ITERATIONS);
  const after = { ...templateStats(), parses };
  if (after.reads !== before.reads || after.parses !== before.parses) {
    throw new Error(`templates were read or parsed again while rendering ${name}`);
  }
  results.push({ sample: name, vendors: jobs.map((j) => j.vendor), ...timing });
}
const stats = templateStats();
console.log(
  JSON.stringify({
    samples: results,
    firstRenderMs,
    templates: {
      distinct: stats.templates,
      fileReads: stats.reads,
      mustacheParses: parses,
      renders: stats.renders,
    },
  }),
);
