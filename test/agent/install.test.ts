import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { ROUTE_VARIANTS } from "../helpers/variants.ts";
import { type Cpe, makeCpe, mutatingCalls, runSh, takeCalls, writeBundle } from "./helpers.ts";
import { libreswanRekeyCalls, modelWithGre, rotated, strongswanTunnel1 } from "./models.ts";

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

function installed(cpe: Cpe, model: ConnectionModel, vendor: string) {
  const folder = join(cpe.dir, "bundle");
  const bundle = writeBundle(folder, model, vendor);
  const script = join(folder, "install.sh");
  return { folder, bundle, script, first: runSh(cpe, script, ["--root", cpe.root]) };
}

describe("install.sh --root (issue 20.1)", () => {
  for (const vendor of ["libreswan", "strongswan"]) {
    for (const [variant, model] of Object.entries(ROUTE_VARIANTS)) {
      it(`${vendor} ${variant}: places every manifest file at its path with its mode and hash`, () => {
        const cpe = makeCpe();
        const { bundle, first } = installed(cpe, model(), vendor);
        expect(first.stderr).toContain(`${bundle.manifest.files.length} file(s) changed`);
        expect(first.status).toBe(0);
        for (const f of bundle.manifest.files) {
          const dest = join(cpe.root, f.path ?? "missing");
          expect(sha(dest), f.name).toBe(f.sha256);
          expect((statSync(dest).mode & 0o777).toString(8).padStart(4, "0"), f.name).toBe(f.mode);
        }
        // --root touches no daemon: only the validators ran.
        expect(mutatingCalls(takeCalls(cpe))).toEqual([]);
      });
    }
  }

  it("a second run rewrites nothing (same inode and mtime) and issues no daemon command", () => {
    const cpe = makeCpe();
    const { bundle, script } = installed(cpe, ROUTE_VARIANTS["bgp-ikev2-direct"](), "libreswan");
    const before = bundle.manifest.files.map((f) => statSync(join(cpe.root, f.path ?? "")));
    takeCalls(cpe);
    const again = runSh(cpe, script, ["--root", cpe.root, "--with-daemons"]);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain("nothing changed");
    const after = bundle.manifest.files.map((f) => statSync(join(cpe.root, f.path ?? "")));
    expect(after.map((s) => [s.ino, s.mtimeMs])).toEqual(before.map((s) => [s.ino, s.mtimeMs]));
    expect(mutatingCalls(takeCalls(cpe))).toEqual([]);
  });

  it("a first install with daemons enables the units and restarts the IKE daemon once", () => {
    const cpe = makeCpe();
    const folder = join(cpe.dir, "bundle");
    writeBundle(folder, ROUTE_VARIANTS["static-ikev2-direct"](), "libreswan");
    const r = runSh(cpe, join(folder, "install.sh"), ["--root", cpe.root, "--with-daemons"]);
    expect(r.status).toBe(0);
    const calls = mutatingCalls(takeCalls(cpe));
    expect(calls.filter((c) => c.startsWith("systemctl restart ipsec"))).toEqual([
      "systemctl restart ipsec.service",
    ]);
    expect(calls).toContain("systemctl enable oci-vpn-routes.service");
    expect(calls).toContain(`sysctl -p ${join(cpe.root, "etc/sysctl.d/99-oci-vpn.conf")}`);
    expect(calls).toContain(`nft -f ${join(cpe.root, "etc/nftables.d/oci-vpn-mss.nft")}`);
    // No agent config yet: the timer stays off rather than failing every five minutes.
    expect(calls.some((c) => c.includes("oci-vpn-agent.timer"))).toBe(false);
  });

  it("--check validates and writes nothing", () => {
    const cpe = makeCpe();
    const folder = join(cpe.dir, "bundle");
    writeBundle(folder, ROUTE_VARIANTS["bgp-ikev1-nat"](), "libreswan");
    const r = runSh(cpe, join(folder, "install.sh"), ["--root", cpe.root, "--check"]);
    expect(r.stderr).toContain("every file is valid");
    expect(r.status).toBe(0);
    expect(() => statSync(join(cpe.root, "etc"))).toThrow();
    expect(takeCalls(cpe)).toContainEqual(expect.stringMatching(/^vtysh --dryrun -f /));
  });

  it("refuses a file whose sha256 differs from manifest.json and writes nothing", () => {
    const cpe = makeCpe();
    const folder = join(cpe.dir, "bundle");
    writeBundle(folder, ROUTE_VARIANTS["static-ikev1-nat"](), "libreswan");
    writeFileSync(
      join(folder, "oci-ipsec.conf"),
      `${readFileSync(join(folder, "oci-ipsec.conf"), "utf8")}\n# x\n`,
    );
    const r = runSh(cpe, join(folder, "install.sh"), ["--root", cpe.root]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("sha256 of oci-ipsec.conf differs from manifest.json; nothing was changed");
    expect(() => statSync(join(cpe.root, "etc"))).toThrow();
  });

  it("writes nothing when a daemon's parser rejects a file", () => {
    const cpe = makeCpe();
    const folder = join(cpe.dir, "bundle");
    writeBundle(folder, ROUTE_VARIANTS["static-ikev1-nat"](), "libreswan");
    const r = runSh(cpe, join(folder, "install.sh"), ["--root", cpe.root], { FAKE_REJECT: "nft" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("oci-vpn-mss.nft is rejected by nft; nothing was changed");
    expect(() => statSync(join(cpe.root, "etc"))).toThrow();
  });

  it("libreswan: a rotated PSK rereads secrets and replaces only that tunnel's conn, no restart", () => {
    const cpe = makeCpe();
    const model = ROUTE_VARIANTS["bgp-ikev2-direct"]();
    const { folder } = installed(cpe, model, "libreswan");
    writeBundle(folder, rotated(model, 2), "libreswan");
    takeCalls(cpe);
    const r = runSh(cpe, join(folder, "install.sh"), ["--root", cpe.root, "--with-daemons"]);
    expect(r.status).toBe(0);
    expect(mutatingCalls(takeCalls(cpe))).toEqual(libreswanRekeyCalls(model, 2));
  });

  it("strongswan: a rotated PSK loads the credentials and re-initiates only that tunnel, no restart", () => {
    const cpe = makeCpe();
    const model = ROUTE_VARIANTS["static-ikev2-direct"]();
    const { folder } = installed(cpe, model, "strongswan");
    writeBundle(folder, rotated(model, 1), "strongswan");
    takeCalls(cpe);
    const r = runSh(cpe, join(folder, "install.sh"), ["--root", cpe.root, "--with-daemons"]);
    expect(r.status).toBe(0);
    const { conn, children } = strongswanTunnel1(model);
    expect(mutatingCalls(takeCalls(cpe))).toEqual([
      "swanctl --load-creds",
      `swanctl --terminate --ike ${conn} --timeout 10`,
      ...children.map((c) => `swanctl --initiate --child ${c} --timeout 30`),
    ]);
  });

  it("linux-gre: places the GRE files and applies them through networkd and sysctl", () => {
    const cpe = makeCpe();
    const model = modelWithGre();
    const folder = join(cpe.dir, "bundle");
    const bundle = writeBundle(folder, model, "linux-gre");
    const r = runSh(cpe, join(folder, "install.sh"), ["--root", cpe.root, "--with-daemons"]);
    expect(r.status).toBe(0);
    for (const f of bundle.manifest.files) expect(sha(join(cpe.root, f.path ?? ""))).toBe(f.sha256);
    const calls = mutatingCalls(takeCalls(cpe));
    expect(calls).toContain("networkctl reload");
    expect(calls.some((c) => /restart (ipsec|strongswan)/.test(c))).toBe(false);
  });
});
