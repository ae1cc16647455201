import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildModels } from "../../shared/model/build.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import { SNAPSHOT_DIR } from "../helpers/samples.ts";
import { ROUTE_VARIANTS } from "../helpers/variants.ts";

/**
 * Every BGP render's frr.conf, judged by FRR itself (`vtysh --dryrun`, Debian package frr): each shipped sample and
 * each routing variant, for each vendor that writes one.
 */
const work = mkdtempSync(join(tmpdir(), "ts-frr-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODELS: Record<string, () => ConnectionModel> = { ...ROUTE_VARIANTS };
for (const file of readdirSync(SNAPSHOT_DIR).filter((f) => f.endsWith(".json"))) {
  MODELS[`sample ${file}`] = () => {
    const raw = JSON.parse(readFileSync(join(SNAPSHOT_DIR, file), "utf8"));
    const [model] = buildModels([parseSnapshot(raw, file)]);
    if (!model) throw new Error("no model");
    return model;
  };
}

const renders = Object.entries(MODELS).flatMap(([name, build]) =>
  ["libreswan", "strongswan"].flatMap((vendor) => {
    const model = build();
    if (model.tunnels.every((t) => t.bgp === null)) return [];
    const frr = renderVendor(model, vendor).find((f) => f.name === "frr.conf");
    return frr ? [{ name: `${vendor} / ${name}`, content: frr.content }] : [];
  }),
);

describe("vtysh --dryrun accepts every BGP render's frr.conf", () => {
  it("has BGP renders to check (the samples and variants include BGP)", () => {
    expect(renders.length).toBeGreaterThanOrEqual(4);
  });

  for (const [i, r] of renders.entries()) {
    it(r.name, () => {
      const path = join(work, `frr-${i}.conf`);
      writeFileSync(path, r.content);
      const run = spawnSync("vtysh", ["--dryrun", "-f", path], { encoding: "utf8", timeout: 30_000 });
      expect(run.stdout + run.stderr).not.toMatch(/Unknown command|error|% /i);
      expect(run.status).toBe(0);
    });
  }

  it("negative control: a misspelt command is reported", () => {
    const path = join(work, "broken.conf");
    writeFileSync(path, "router bgp 65000\n neighbour 192.0.2.1 remote-as 31898\n");
    const run = spawnSync("vtysh", ["--dryrun", "-f", path], { encoding: "utf8", timeout: 30_000 });
    expect(run.status !== 0 || /Unknown command|error|% /i.test(run.stdout + run.stderr)).toBe(true);
  });
});
