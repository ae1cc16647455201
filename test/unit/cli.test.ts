import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { SNAPSHOT_DIR } from "../helpers/samples.ts";

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env };
  return { sink, out, err };
}

const snapshot = (name: string) => join(SNAPSHOT_DIR, `${name}.json`);

describe("tunnelsmith CLI", () => {
  it("mss prints the PPPoE MTU 1454 example and exits 0", async () => {
    const { sink, out } = io();
    expect(await runCli(["mss", "--mtu", "1454"], sink)).toBe(0);
    expect(out.join("\n")).toMatch(/TCP MSS, IPv4 inside.*1358/);
  });

  it("mss accepts CBC with an integrity algorithm, NAT-T and IPv6", async () => {
    const { sink, out } = io();
    const code = await runCli(
      [
        "mss",
        "--mtu",
        "1500",
        "--nat-t",
        "--ipv6",
        "--phase2",
        "aes_256_cbc",
        "--phase2-auth",
        "HMAC_SHA1_128",
      ],
      sink,
    );
    expect(code).toBe(0);
    // 1500-40-8-8-16-12 = 1416 → floor16 1408 → 1406; IPv4 MSS 1366.
    expect(out.join("\n")).toMatch(/tunnel MTU \(largest inner packet\)\s+1406/);
  });

  it.each([
    [["mss"], /mss needs --mtu N/],
    [["mss", "--mtu", "abc"], /--mtu must be an integer/],
    [["mss", "--mtu", "1500", "--phase2", "AES_256_CBC"], /needs --phase2-auth/],
    [["mss", "--mtu", "1500", "--phase2-auth", "HMAC_SHA1_128"], /only for CBC/],
    [["render"], /render needs --snapshot FILE/],
    [["render", "--snapshot", "/nonexistent.json"], /cannot read \/nonexistent\.json \(ENOENT\)/],
    [
      ["render", "--snapshot", snapshot("static-ikev1"), "--vendor", "cisco-asa"],
      /unknown vendor "cisco-asa"/,
    ],
    [
      ["render", "--bogus"],
      /render: unknown option '--bogus'; valid: --snapshot, --ipsec, --vendor, --out, --help/,
    ],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("%j exits 2 with a one-line message", async (argv, message) => {
    const { sink, err } = io();
    expect(await runCli(argv, sink)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
    expect(err[0]).not.toContain("\n");
  });

  it("render reports an invalid snapshot with its file and path, exit 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-cli-"));
    const bad = join(dir, "bad.json");
    const raw = JSON.parse(await readFile(snapshot("static-ikev1"), "utf8"));
    raw.tunnels[1].routing = "OSPF";
    await import("node:fs/promises").then((fs) => fs.writeFile(bad, JSON.stringify(raw)));
    const { sink, err } = io();
    expect(await runCli(["render", "--snapshot", bad], sink)).toBe(2);
    expect(err[0]).toContain(bad);
    expect(err[0]).toContain("tunnels[1].routing");
  });

  it("render --out writes DIR/<vendor>/<file>, secrets with mode 0600", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-cli-"));
    const { sink, out } = io();
    expect(
      await runCli(
        ["render", "--snapshot", snapshot("bgp-ikev1"), "--vendor", "libreswan", "--out", dir],
        sink,
      ),
    ).toBe(0);
    const conf = await readFile(join(dir, "libreswan", "oci-ipsec.conf"), "utf8");
    expect(conf).toContain("conn oracle-tunnel-1");
    expect((await stat(join(dir, "libreswan", "oci-ipsec.secrets"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "libreswan", "frr.conf"))).mode & 0o777).toBe(0o644);
    expect(out.some((l) => l.includes("contains PSKs"))).toBe(true);
  });

  it("render without --out prints every file to stdout", async () => {
    const { sink, out } = io();
    expect(await runCli(["render", "--snapshot", snapshot("ikev2-static-custom")], sink)).toBe(0);
    const text = out.join("\n");
    expect(text).toContain("==> libreswan/oci-ipsec.conf");
    expect(text).toContain("==> libreswan/oci-vpn-mss.nft");
  });

  it("render of two snapshots on one CPE gives them distinct interfaces", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-cli-"));
    const fs = await import("node:fs/promises");
    const a = JSON.parse(await readFile(snapshot("static-ikev1"), "utf8"));
    const b = JSON.parse(await readFile(snapshot("bgp-ikev1"), "utf8"));
    b.cpe.id = a.cpe.id;
    b.ipsecConnection.cpeId = a.cpe.id;
    b.ipsecConnection.timeCreated = "2026-11-23T00:00:00Z";
    await fs.writeFile(join(dir, "a.json"), JSON.stringify(a));
    await fs.writeFile(join(dir, "b.json"), JSON.stringify(b));
    const { sink } = io();
    const out = join(dir, "out");
    expect(
      await runCli(
        ["render", "--snapshot", join(dir, "a.json"), "--snapshot", join(dir, "b.json"), "--out", out],
        sink,
      ),
    ).toBe(0);
    const confB = await readFile(
      join(out, b.ipsecConnection.id, "libreswan", "oci-ipsec-slot1.conf"),
      "utf8",
    );
    expect(confB).toMatch(/vti-interface=vti3/);
    expect(confB).toMatch(/mark=8\/0xffffffff/);
    expect(confB).toMatch(/^conn oracle-tunnel-1-slot1$/m);
    expect(confB).toMatch(/leftupdown=\/usr\/local\/sbin\/oci-vpn-updown-slot1\.sh/);
  });

  it("vendors lists libreswan with its capability table", async () => {
    const { sink, out } = io();
    expect(await runCli(["vendors"], sink)).toBe(0);
    expect(out.join("\n")).toMatch(/libreswan — .*\n.*IKE: v1, v2; routing: STATIC, BGP, POLICY/);
  });

  it("invoke runs an event through the handler on the local adapters", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-cli-"));
    const { sink, out } = io({ TUNNELSMITH_STATE_DIR: dir, TUNNELSMITH_SNAPSHOT_DIR: SNAPSHOT_DIR });
    expect(await runCli(["invoke", join(SNAPSHOT_DIR, "..", "create-static-ikev1.json")], sink)).toBe(0);
    const result = JSON.parse(out.at(-1) ?? "{}");
    expect(result.outcome).toBe("rendered");
    expect(out.some((l) => l.startsWith("[outbox]"))).toBe(true);
  });
});
