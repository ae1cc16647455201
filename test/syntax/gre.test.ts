import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderVendor } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import type { Json } from "../helpers/json.ts";
import { modelFrom } from "../helpers/variants.ts";

/**
 * The rendered gre-tunnel.sh brings up a real GRE tunnel between two gateways and passes pings.
 *
 * The host kernel of the CI machines cannot do this: it has no GRE and no loadable modules (`ip link add … type
 * gre` says "Unknown device type"). So the two gateways are network namespaces inside a User-Mode Linux guest
 * (Debian package user-mode-linux, whose kernel ships ip_gre as a module; kmod and iputils-ping provide modprobe
 * and ping). The guest boots in about two seconds, sees the host's files read-only, has no network device attached
 * to anything, and powers itself off: `test/syntax/gre-uml-guest.sh` is its first process. The same guest then
 * replaces gateway B's tunnel with systemd-networkd reading B's rendered .netdev/.network (systemd, on the host).
 */
const UML = "/usr/bin/linux.uml";
const UML_MODULES = "/usr/lib/uml/modules";
const GUEST = join(process.cwd(), "test", "syntax", "gre-uml-guest.sh");

/** Gateway A (LAN 192.168.100.0/24) and B (LAN 192.168.200.0/24), mirror images over the 10.250.0.0/24 underlay. */
const GATEWAYS = {
  a: {
    localIp: "10.250.0.1",
    remoteIp: "10.250.0.2",
    key: 1,
    insideAddress: "10.255.0.1/30",
    remoteNetworks: ["192.168.200.0/24"],
  },
  b: {
    localIp: "10.250.0.2",
    remoteIp: "10.250.0.1",
    key: 1,
    insideAddress: "10.255.0.2/30",
    remoteNetworks: ["192.168.100.0/24"],
  },
};

const work = mkdtempSync(join(tmpdir(), "ts-gre-"));
const rendered = new Map<string, RenderedFile[]>();
const steps = new Map<string, { rc: number; output: string }>();
let guestConsole = "";

function render(gre: Json): RenderedFile[] {
  return renderVendor(
    modelFrom("static-ikev1", (s) => {
      s.site.gre = gre;
    }),
    "linux-gre",
  );
}

function script(side: string): string {
  const f = rendered.get(side)?.find((x) => x.name === "gre-tunnel.sh");
  if (!f) throw new Error(`no gre-tunnel.sh for ${side}`);
  return f.content;
}

/** Set when a tool is missing: every guest test then fails with this message (CI must install it, never skip). */
let setupProblem: string | null = null;

beforeAll(() => {
  const missing = [
    [UML, "user-mode-linux"],
    ["/usr/sbin/modprobe", "kmod"],
    ["/usr/bin/ping", "iputils-ping"],
  ].filter(([tool]) => !existsSync(tool ?? ""));
  if (missing.length > 0) {
    setupProblem = `missing ${missing.map(([t]) => t).join(", ")}: apt-get install ${missing.map(([, p]) => p).join(" ")}`;
  }
  for (const [side, gre] of Object.entries(GATEWAYS)) {
    const files = render(gre);
    rendered.set(side, files);
    mkdirSync(join(work, side));
    for (const f of files) writeFileSync(join(work, side, f.name), f.content);
  }
  if (setupProblem) return;
  const [version] = readdirSync(UML_MODULES);
  if (!version) throw new Error(`no kernel modules under ${UML_MODULES}`);
  mkdirSync(join(work, "modroot", "lib", "modules"), { recursive: true });
  symlinkSync(join(UML_MODULES, version), join(work, "modroot", "lib", "modules", version));
  mkdirSync(join(work, "uml"));

  const run = spawnSync(
    UML,
    [
      "mem=256M",
      "root=/dev/root",
      "rootfstype=hostfs",
      "rootflags=/",
      "ro",
      `umid=ts-gre-${process.pid}`,
      `uml_dir=${join(work, "uml")}`,
      "con0=fd:0,fd:1",
      "con=null",
      "loglevel=1",
      `TS_WORK=${work}`,
      `TS_MODROOT=${join(work, "modroot")}`,
      "init=/bin/sh",
      "--",
      GUEST,
    ],
    {
      encoding: "utf8",
      timeout: 90_000,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, TMPDIR: work },
    },
  );
  guestConsole = `${run.stdout}\n${run.stderr}`;
  for (const match of guestConsole.matchAll(/^@@ BEGIN (\S+)\r?\n([\s\S]*?)^@@ STEP \1 rc=(\d+)/gm)) {
    steps.set(match[1] ?? "", { output: match[2] ?? "", rc: Number(match[3]) });
  }
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function step(name: string) {
  if (setupProblem) throw new Error(setupProblem);
  const s = steps.get(name);
  if (!s) throw new Error(`the guest did not run step ${name}; its console said:\n${guestConsole}`);
  return s;
}

describe("gre-tunnel.sh", () => {
  it("has the User-Mode Linux kernel, modprobe and ping", () => {
    expect(setupProblem).toBeNull();
  });

  it("is valid POSIX shell", () => {
    for (const side of Object.keys(GATEWAYS)) {
      const r = spawnSync("sh", ["-n", join(work, side, "gre-tunnel.sh")], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
  });

  it("the guest kernel loaded GRE and built the underlay between the two gateways", () => {
    expect(step("modules").rc).toBe(0);
    expect(step("underlay").rc).toBe(0);
    expect(guestConsole).toMatch(/^@@ DONE/m);
  });

  it("brings the tunnel up on both gateways, and again on a second run", () => {
    for (const name of ["tunnel-a", "tunnel-b", "tunnel-a-again"]) {
      expect(step(name).rc).toBe(0);
      expect(step(name).output).not.toMatch(/error|cannot|fail|RTNETLINK|not found/i);
    }
  });

  it("configures the interface as rendered: endpoints, key, inside address, MTU, routes, forwarding", () => {
    const link = step("show-a").output;
    expect(link).toMatch(/gre remote 10\.250\.0\.2 local 10\.250\.0\.1 /);
    expect(link).toMatch(/ikey 0\.0\.0\.1 okey 0\.0\.0\.1/);
    expect(link).toMatch(/mtu 1472 /);
    expect(link).toMatch(/inet 10\.255\.0\.1\/30 /);
    expect(script("a")).toMatch(/^MTU=1472$/m);
    expect(step("routes-a").output).toMatch(/^192\.168\.200\.0\/24 dev gre1 /m);
    expect(step("forwarding-a").output.trim()).toBe("1");
  });

  it("passes pings across the tunnel, to the far inside address and to the far gateway's LAN", () => {
    expect(step("ping-inside").rc).toBe(0);
    expect(step("ping-inside").output).toMatch(/3 packets transmitted, 3 received/);
    expect(step("ping-far-lan").rc).toBe(0);
    expect(step("ping-far-lan").output).toMatch(/2 packets transmitted, 2 received/);
  });

  it("systemd-networkd brings the same tunnel up from the rendered .netdev and .network", () => {
    expect(step("networkd-b").rc).toBe(0);
    const link = step("show-b-networkd").output;
    expect(link).toMatch(/gre remote 10\.250\.0\.1 local 10\.250\.0\.2 /);
    expect(link).toMatch(/ikey 0\.0\.0\.1 okey 0\.0\.0\.1/);
    expect(link).toMatch(/mtu 1472 /);
    expect(step("routes-b-networkd").output).toMatch(/^192\.168\.100\.0\/24 dev gre1 proto static /m);
    // Gateway A still runs the script's tunnel: the two alternatives interoperate.
    expect(step("ping-inside-networkd").output).toMatch(/3 packets transmitted, 3 received/);
    expect(step("ping-far-lan-networkd").output).toMatch(/2 packets transmitted, 2 received/);
  });

  it("carries a full-size packet with DF set (the computed MTU fits the 1500-byte underlay), not one byte more", () => {
    expect(guestConsole).toMatch(/^@@ MTU 1472\r?$/m);
    expect(step("ping-full-size").rc).toBe(0);
    expect(step("ping-full-size").output).toMatch(/1444\(1472\) bytes of data[\s\S]*1 received/);
    expect(step("ping-oversize").rc).not.toBe(0);
  });
});
