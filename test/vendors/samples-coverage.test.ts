import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildModels } from "../../shared/model/build.ts";
import { listRenderers, renderVendor } from "../../shared/render/registry.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import { SNAPSHOT_DIR } from "../helpers/samples.ts";

const FILES = readdirSync(SNAPSHOT_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

function renders(file: string, vendor: string): boolean {
  const raw = JSON.parse(readFileSync(join(SNAPSHOT_DIR, file), "utf8"));
  const [model] = buildModels([parseSnapshot(raw, file)]);
  if (!model) return false;
  try {
    renderVendor(model, vendor);
    return true;
  } catch {
    return false;
  }
}

describe("every vendor renders from a shipped sample", () => {
  for (const { id } of listRenderers()) {
    it(`${id} renders from at least one file in events/snapshots`, () => {
      const ok = FILES.filter((f) => renders(f, id));
      expect(ok, `${id}: ${FILES.join(", ")}`).not.toEqual([]);
    });
  }

  it("the README's sample table is true: each sample renders for the vendors it lists", () => {
    const readme = readFileSync(join(SNAPSHOT_DIR, "..", "..", "README.md"), "utf8");
    const section = readme.split("### Which sample suits which vendor")[1]?.split("\n\n")[2] ?? "";
    const rows = section.split("\n").filter((l) => /^\| `[a-z0-9-]+\.json`/.test(l));
    expect(rows.map((r) => r.split("`")[1]).sort()).toEqual(FILES);
    for (const row of rows) {
      const cells = row.split("|");
      const file = cells[1]?.trim().replaceAll("`", "") ?? "";
      for (const vendor of (cells[3] ?? "").match(/[a-z0-9-]+/g) ?? []) {
        expect(renders(file, vendor), `${file} × ${vendor}`).toBe(true);
      }
    }
  });

  it("every sample renders for each vendor in its own site.vendors", () => {
    for (const file of FILES) {
      const raw = JSON.parse(readFileSync(join(SNAPSHOT_DIR, file), "utf8"));
      for (const vendor of (raw.site?.vendors ?? ["libreswan"]) as string[]) {
        expect(renders(file, vendor), `${file} × ${vendor}`).toBe(true);
      }
    }
  });
});
