import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../shared/bundle/bundle.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { ROUTE_VARIANTS } from "../helpers/variants.ts";

/**
 * install.sh --check with the real parsers (issue 20.1): ipsec addconn --checkconfig, vtysh --dryrun and nft -c
 * (the Debian packages .ci/run installs) must accept every rendered Libreswan bundle, and a broken file must stop
 * the install before anything is written. Everything is staged under a temporary --root.
 */
const work = mkdtempSync(join(tmpdir(), "ts-install-check-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function bundleFolder(name: string, edit: (files: ReturnType<typeof renderVendor>) => void = () => {}) {
  const model = ROUTE_VARIANTS[name as keyof typeof ROUTE_VARIANTS]();
  const files = renderVendor(model, "libreswan");
  edit(files);
  const bundle = buildBundle(model.id, "libreswan", files);
  const folder = join(work, `${name}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder);
  for (const f of bundle.files) writeFileSync(join(folder, f.name), f.content);
  chmodSync(join(folder, "install.sh"), 0o755);
  writeFileSync(join(folder, "manifest.json"), bundle.manifestText);
  return folder;
}

function check(folder: string) {
  const root = mkdtempSync(join(work, "root-"));
  const r = spawnSync("sh", [join(folder, "install.sh"), "--root", root, "--check"], {
    encoding: "utf8",
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", TMPDIR: work },
    timeout: 60_000,
  });
  return { ...r, root };
}

describe("install.sh --check with the real daemons' parsers", () => {
  for (const name of Object.keys(ROUTE_VARIANTS)) {
    it(`${name}: every file of the Libreswan bundle validates`, () => {
      const r = check(bundleFolder(name));
      expect(r.stderr).not.toContain("not validated");
      expect(r.stderr).toContain("every file is valid");
      expect(r.status).toBe(0);
    });
  }

  it("stops at a file the real nft rejects", () => {
    const folder = bundleFolder("bgp-ikev2-direct", (files) => {
      const nft = files.find((f) => f.name === "oci-vpn-mss.nft");
      if (nft) nft.content += "table inet broken { chain c { tcp option maxseg size set banana } }\n";
    });
    const r = check(folder);
    expect(r.stderr).toContain("oci-vpn-mss.nft is rejected by nft; nothing was changed");
    expect(r.status).toBe(2);
  });
});
