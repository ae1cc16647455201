/**
 * Render benchmark body (bundled and run by scripts/bench-render.mjs, not a test): every vendor for one connection,
 * after warm-up, for each sample snapshot. Prints one JSON line per sample.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildModels } from "../shared/model/build.ts";
import { listRenderers, renderVendor } from "../shared/render/registry.ts";
import { parseSnapshot } from "../shared/snapshot/parse.ts";

const samples = ["static-ikev1", "bgp-ikev1", "ikev2-static-custom", "policy-ikev2"];
const ITERATIONS = 2000;

for (const name of samples) {
  const raw = JSON.parse(readFileSync(join("events", "snapshots", `${name}.json`), "utf8"));
  const [model] = buildModels([parseSnapshot(raw, name)]);
  if (!model) throw new Error("no model");
  const vendors = listRenderers().filter((r) => {
    try {
      renderVendor(model, r.id);
      return true;
    } catch {
      return false; // a vendor that cannot render this routing mode is not part of "every vendor" for it
    }
  });
  const renderAll = () => {
    for (const r of vendors) renderVendor(model, r.id);
  };
  for (let i = 0; i < 200; i++) renderAll(); // warm-up: templates loaded and parsed, JIT settled
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    renderAll();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? Number.NaN;
  console.log(
    JSON.stringify({ sample: name, vendors: vendors.map((v) => v.id), medianMs: pct(0.5), p99Ms: pct(0.99) }),
  );
}
