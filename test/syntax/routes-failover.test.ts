import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderVendor } from "../../shared/render/registry.ts";
import { modelFrom } from "../helpers/variants.ts";

/**
 * The rendered routes script's failover logic, run for real in a scratch network namespace. The host kernel has
 * no VTI, so two veth links named like the tunnel interfaces stand in for them: the script only looks at names,
 * routes and the updown hook's PLUTO_VERB.
 */
const ns = `tsroutes${process.pid}`;
const work = mkdtempSync(join(tmpdir(), "ts-routes-"));
const script = join(work, "oci-vpn-routes.sh");

function inNs(args: string[], env: Record<string, string> = {}) {
  return spawnSync("ip", ["netns", "exec", ns, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", TUNNELSMITH_ROUTES_STATE_DIR: join(work, "state"), ...env },
  });
}

function oracleRoute(): string {
  return inNs(["ip", "route", "show", "192.168.128.0/17"]).stdout;
}

beforeAll(() => {
  const files = renderVendor(modelFrom("ikev2-static-custom"), "libreswan");
  const routes = files.find((f) => f.name === "oci-vpn-routes.sh");
  if (!routes) throw new Error("no routes script rendered");
  writeFileSync(script, routes.content, { mode: 0o755 });
  execFileSync("ip", ["netns", "add", ns]);
  for (const [a, b] of [
    ["vti1", "peer1"],
    ["vti2", "peer2"],
  ]) {
    execFileSync("ip", ["-n", ns, "link", "add", a as string, "type", "veth", "peer", "name", b as string]);
    execFileSync("ip", ["-n", ns, "link", "set", b as string, "up"]);
  }
});

afterAll(() => {
  spawnSync("ip", ["netns", "del", ns]);
  rmSync(work, { recursive: true, force: true });
});

describe("oci-vpn-routes.sh keeps the Oracle routes on the tunnels whose SA is up", () => {
  it("at boot: sets the tunnel MTU and routes over both interfaces (fail closed: never the default route)", () => {
    const r = inNs(["sh", script]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(oracleRoute()).toMatch(/nexthop dev vti1.*\n?.*nexthop dev vti2/s);
    expect(inNs(["ip", "link", "show", "vti1"]).stdout).toContain("mtu 1398");
    // Decrypted traffic must not meet an IPsec policy check or the reverse-path filter on the tunnel interface.
    expect(inNs(["cat", "/proc/sys/net/ipv4/conf/vti1/disable_policy"]).stdout.trim()).toBe("1");
    expect(inNs(["cat", "/proc/sys/net/ipv4/conf/vti2/rp_filter"]).stdout.trim()).toBe("0");
  });

  it("needs only iproute2, util-linux's flock and coreutils (minimal images have no sysctl(8))", () => {
    const bin = join(work, "bin");
    mkdirSync(bin);
    for (const tool of ["ip", "flock", "mkdir", "rm", "sleep"]) {
      const found = execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
      symlinkSync(found, join(bin, tool));
    }
    const r = inNs(["/bin/sh", script], {
      PATH: bin,
      TUNNELSMITH_ROUTES_STATE_DIR: join(work, "minimal-state"),
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(inNs(["/bin/sh", script, "hook", "vti1"], { PATH: bin, PLUTO_VERB: "up-client" }).status).toBe(0);
    expect(oracleRoute()).toMatch(/dev vti1/);
    expect(inNs(["sh", script, "hook", "vti1"], { PLUTO_VERB: "down-client" }).status).toBe(0);
  });

  it("when tunnel 1's SA comes up first, routes only over it; then over both", () => {
    expect(inNs(["sh", script, "hook", "vti1"], { PLUTO_VERB: "up-client" }).status).toBe(0);
    expect(oracleRoute()).toMatch(/dev vti1/);
    expect(oracleRoute()).not.toMatch(/vti2/);
    expect(inNs(["sh", script, "hook", "vti2"], { PLUTO_VERB: "up-client" }).status).toBe(0);
    expect(oracleRoute()).toMatch(/nexthop dev vti1.*nexthop dev vti2/s);
  });

  it("when tunnel 1 goes down, traffic moves to tunnel 2 only", () => {
    expect(inNs(["sh", script, "hook", "vti1"], { PLUTO_VERB: "down-client" }).status).toBe(0);
    expect(oracleRoute()).toMatch(/dev vti2/);
    expect(oracleRoute()).not.toMatch(/vti1/);
    // A STATIC tunnel's interface stays up: the fail-closed route over both tunnels needs it.
    expect(inNs(["ip", "link", "show", "vti1"]).stdout).toMatch(/[<,]UP[,>]/);
  });

  it("when both are down, falls back to both interfaces rather than the default route", () => {
    expect(inNs(["sh", script, "hook", "vti2"], { PLUTO_VERB: "down-client" }).status).toBe(0);
    expect(oracleRoute()).toMatch(/nexthop dev vti1.*nexthop dev vti2/s);
  });

  it("serialises runs: a hook waits while another run holds the lock (the boot unit and both hooks fire together)", async () => {
    const stateDir = join(work, "lock-state");
    mkdirSync(stateDir);
    const lockFile = join(stateDir, ".lock");
    // Another run holds the lock until its stdin closes.
    const holder = spawn("flock", [lockFile, "cat"], { stdio: ["pipe", "ignore", "ignore"] });
    while (spawnSync("flock", ["-n", lockFile, "true"]).status === 0) await sleep(20);
    const before = oracleRoute();
    const hook = spawn("ip", ["netns", "exec", ns, "sh", script, "hook", "vti2"], {
      env: { PATH: process.env.PATH ?? "", TUNNELSMITH_ROUTES_STATE_DIR: stateDir, PLUTO_VERB: "up-client" },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((done) => hook.on("exit", done));
    await sleep(500);
    expect(hook.exitCode).toBeNull();
    expect(oracleRoute()).toBe(before);
    holder.stdin.end();
    expect(await exited).toBe(0);
    expect(oracleRoute()).toMatch(/dev vti2/);
    expect(oracleRoute()).not.toMatch(/vti1/);
    // Put the shared state back as the next test expects it (both down: routes over both interfaces).
    expect(
      inNs(["sh", script, "hook", "vti2"], {
        TUNNELSMITH_ROUTES_STATE_DIR: stateDir,
        PLUTO_VERB: "down-client",
      }).status,
    ).toBe(0);
  });

  it("ignores other hook verbs and other connections' interfaces", () => {
    const before = oracleRoute();
    expect(inNs(["sh", script, "hook", "vti1"], { PLUTO_VERB: "prepare-client" }).status).toBe(0);
    expect(inNs(["sh", script, "hook", "vti9"], { PLUTO_VERB: "up-client" }).status).toBe(0);
    expect(oracleRoute()).toBe(before);
  });
  it("takes a BGP tunnel's interface down when its SA dies, so BGP fails over at once", () => {
    const bgp = renderVendor(modelFrom("bgp-ikev1"), "libreswan").find((f) => f.name === "oci-vpn-routes.sh");
    if (!bgp) throw new Error("no routes script rendered");
    const bgpScript = join(work, "bgp-routes.sh");
    writeFileSync(bgpScript, bgp.content, { mode: 0o755 });
    const env = { TUNNELSMITH_ROUTES_STATE_DIR: join(work, "bgp-state") };
    expect(inNs(["sh", bgpScript, "hook", "vti1"], { ...env, PLUTO_VERB: "up-client" }).status).toBe(0);
    expect(inNs(["ip", "link", "show", "vti1"]).stdout).toMatch(/[<,]UP[,>]/);
    expect(inNs(["sh", bgpScript, "hook", "vti1"], { ...env, PLUTO_VERB: "down-client" }).status).toBe(0);
    expect(inNs(["ip", "link", "show", "vti1"]).stdout).not.toMatch(/[<,]UP[,>]/);
  });
});
