import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderVendor } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import { ROUTE_VARIANTS } from "../helpers/variants.ts";

/**
 * The rendered Libreswan, FRR and nftables files, checked by the real tools (Debian packages libreswan, frr,
 * nftables; `.ci/run` installs them). Beyond the syntax check, every oci-ipsec.conf is loaded into a throwaway
 * pluto in a scratch network namespace, which also validates algorithms and option combinations.
 */
const CASES = ROUTE_VARIANTS;

const work = mkdtempSync(join(tmpdir(), "ts-syntax-"));
const namespace = `tsx${process.pid}`;
const rendered = new Map<string, RenderedFile[]>();

function fileOf(name: string, file: string): string {
  const path = join(work, name, file);
  const f = rendered.get(name)?.find((x) => x.name === file);
  if (!f) throw new Error(`${name} has no ${file}`);
  writeFileSync(path, f.content);
  return path;
}

function run(cmd: string, args: string[]) {
  return spawnSync(cmd, args, { encoding: "utf8", timeout: 30_000 });
}

beforeAll(() => {
  for (const [name, model] of Object.entries(CASES)) {
    mkdirSync(join(work, name), { recursive: true });
    rendered.set(name, renderVendor(model(), "libreswan"));
  }
  execFileSync("ip", ["netns", "add", namespace]);
  execFileSync("ip", ["-n", namespace, "link", "set", "lo", "up"]);
});

afterAll(() => {
  spawnSync("ip", ["netns", "del", namespace]);
  rmSync(work, { recursive: true, force: true });
});

describe("rendered files pass the daemons' own checks", () => {
  for (const name of Object.keys(CASES)) {
    it(`${name}: ipsec addconn --checkconfig accepts oci-ipsec.conf`, () => {
      const r = run("ipsec", ["addconn", "--checkconfig", "--config", fileOf(name, "oci-ipsec.conf")]);
      expect(r.stderr + r.stdout).not.toMatch(/error|warning/i);
      expect(r.status).toBe(0);
    });

    it(`${name}: nft -c accepts oci-vpn-mss.nft`, () => {
      const r = run("nft", ["-c", "-f", fileOf(name, "oci-vpn-mss.nft")]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });

    it(`${name}: sh -n accepts the updown wrapper, if any`, () => {
      const updown = rendered.get(name)?.find((f) => f.name === "oci-vpn-updown.sh");
      if (!updown) {
        expect(name).toMatch(/^policy-/);
        return;
      }
      expect(run("sh", ["-n", fileOf(name, "oci-vpn-updown.sh")]).status).toBe(0);
    });

    it(`${name}: sh -n accepts the routes script, if any`, () => {
      const script = rendered.get(name)?.find((f) => f.name === "oci-vpn-routes.sh");
      if (!script) {
        expect(name).toMatch(/^policy-/); // only policy-based output has no tunnel interfaces to manage
        return;
      }
      const r = run("sh", ["-n", fileOf(name, "oci-vpn-routes.sh")]);
      expect(r.status).toBe(0);
    });
  }

  for (const name of ["bgp-ikev1-nat", "bgp-ikev2-direct"]) {
    it(`${name}: vtysh --dryrun accepts frr.conf`, () => {
      const r = run("vtysh", ["--dryrun", "-f", fileOf(name, "frr.conf")]);
      expect(r.stdout + r.stderr).not.toMatch(/Unknown command|error/i);
      expect(r.status).toBe(0);
    });
  }

  it("a throwaway pluto loads every conn of every case (algorithms and options included)", async () => {
    const dir = join(work, "pluto");
    mkdirSync(join(dir, "nss"), { recursive: true });
    mkdirSync(join(dir, "run"), { recursive: true });
    execFileSync("ipsec", ["initnss", "--nssdir", join(dir, "nss")], { stdio: "ignore" });
    const includes = Object.keys(CASES).map((name) => `include ${fileOf(name, "oci-ipsec.conf")}`);
    const log = join(dir, "pluto.log");
    // ikev1-policy=accept is what the rendered IKEv1 notice tells users to put in their main ipsec.conf.
    writeFileSync(
      join(dir, "ipsec.conf"),
      ["config setup", "\tikev1-policy=accept", ...includes, ""].join("\n"),
    );
    writeFileSync(join(dir, "ipsec.secrets"), "");
    const pluto = spawn(
      "ip",
      [
        "netns",
        "exec",
        namespace,
        "/usr/libexec/ipsec/pluto",
        "--nofork",
        "--config",
        join(dir, "ipsec.conf"),
        "--secretsfile",
        join(dir, "ipsec.secrets"),
        "--rundir",
        join(dir, "run"),
        "--nssdir",
        join(dir, "nss"),
        "--ipsecdir",
        dir,
        "--logfile",
        log,
      ],
      { stdio: "ignore" },
    );
    try {
      const expected = [...rendered.values()]
        .flat()
        .filter((f) => f.name === "oci-ipsec.conf")
        .reduce((n, f) => n + (f.content.match(/^conn /gm)?.length ?? 0), 0);
      const deadline = Date.now() + 20_000;
      let text = "";
      while (Date.now() < deadline) {
        text = readFileSafe(log);
        if ((text.match(/: added IKEv[12] connection/g)?.length ?? 0) >= expected) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(text).not.toMatch(/failed to add connection/);
      expect(text.match(/: added IKEv[12] connection/g)?.length).toBe(expected);
    } finally {
      pluto.kill("SIGTERM");
    }
  });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
