import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { modelFrom } from "../helpers/variants.ts";

/**
 * The linux-gre MSS clamp (`<name>-mss.nft`, issue 15 defect 7) checked by the real nft (Debian package nftables,
 * installed by `.ci/run`), as libreswan.test.ts checks the IPsec vendors' oci-vpn-mss.nft. `nft -c` parses and
 * evaluates the whole ruleset without applying it, so interface names, the MSS value and the table name are judged.
 */
const CASES: Record<string, () => ConnectionModel> = {
  "the shipped sample (gre1, default MTU)": () => modelFrom("gre-private-underlay"),
  "a pinned MTU on PPPoE and a dashed interface name": () =>
    modelFrom("gre-private-underlay", (s) => {
      s.site.wanMtu = 1454;
      s.site.gre.mtu = 1400;
      s.site.gre.interfaceName = "gre-dc.2";
    }),
};

const work = mkdtempSync(join(tmpdir(), "ts-gre-nft-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function mssFile(model: ConnectionModel, name: string): { path: string; content: string } {
  const f = renderVendor(model, "linux-gre").find((x) => x.name.endsWith("-mss.nft"));
  if (!f) throw new Error("linux-gre rendered no -mss.nft");
  const path = join(work, `${name.replace(/\W+/g, "_")}-${f.name}`);
  writeFileSync(path, f.content);
  return { path, content: f.content };
}

describe("linux-gre: nft -c accepts the MSS clamp", () => {
  for (const [name, model] of Object.entries(CASES)) {
    it(name, () => {
      const m = model();
      const { path, content } = mssFile(m, name);
      const r = spawnSync("nft", ["-c", "-f", path], { encoding: "utf8", timeout: 30_000 });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      // The clamp is the tunnel MTU minus 40 (IPv4 + TCP headers), on the tunnel interface.
      const mtu = m.site.gre?.mtu ?? m.site.wanMtu - 28;
      expect(content).toContain(`${mtu - 40}`);
      expect(content).toContain(m.site.gre?.name ?? "?");
    });
  }

  it("nft -c rejects a broken copy (the check can fail)", () => {
    const { path, content } = mssFile(model0(), "broken");
    writeFileSync(path, content.replace(/maxseg size set \d+/, "maxseg size set banana"));
    const r = spawnSync("nft", ["-c", "-f", path], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).not.toBe(0);
  });
});

function model0(): ConnectionModel {
  const first = Object.values(CASES)[0];
  if (!first) throw new Error("no case");
  return first();
}
