import { chmod, lstat, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import { parseManifest } from "../../shared/render/manifest.ts";
import { recordingIo, sampleSnapshot, tempDir } from "./helpers.ts";

const renderLibreswan = (name: string, out: string) =>
  ["render", "--snapshot", sampleSnapshot(name), "--vendor", "libreswan", "--out", out] as const;

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe("render --out writes safely (issue 18.1)", () => {
  const umask = process.umask();
  afterEach(() => {
    process.umask(umask);
  });

  it("an existing 0644 PSK file ends up 0600, as printed", async () => {
    const out = await tempDir();
    const { sink } = recordingIo();
    expect(await runCli(renderLibreswan("static-ikev1", out), sink)).toBe(0);
    const secrets = join(out, "libreswan", "oci-ipsec.secrets");
    await chmod(secrets, 0o644);
    const again = recordingIo();
    expect(await runCli(renderLibreswan("static-ikev1", out), again.sink)).toBe(0);
    expect(await mode(secrets)).toBe(0o600);
    expect(again.out).toContain(`${secrets} (contains PSKs, mode 0600)`);
  });

  it("a planted symlink is replaced, its target is never written", async () => {
    const out = await tempDir();
    const { sink } = recordingIo();
    expect(await runCli(renderLibreswan("static-ikev1", out), sink)).toBe(0);
    const secrets = join(out, "libreswan", "oci-ipsec.secrets");
    const target = join(await tempDir(), "stolen");
    await writeFile(target, "untouched\n");
    await import("node:fs/promises").then((fs) => fs.rm(secrets));
    await symlink(target, secrets);
    expect(await runCli(renderLibreswan("static-ikev1", out), recordingIo().sink)).toBe(0);
    expect(await readFile(target, "utf8")).toBe("untouched\n");
    expect((await lstat(secrets)).isSymbolicLink()).toBe(false);
    expect(await mode(secrets)).toBe(0o600);
  });

  it("a vendor folder that is a symlink is refused (exit 2)", async () => {
    const out = await tempDir();
    await symlink(await tempDir(), join(out, "libreswan"));
    const { sink, err } = recordingIo();
    expect(await runCli(renderLibreswan("static-ikev1", out), sink)).toBe(2);
    expect(err[0]).toContain(join(out, "libreswan"));
  });

  it("under umask 000 the folders it creates are 0755 and files keep their modes", async () => {
    const out = join(await tempDir(), "new", "out");
    process.umask(0);
    expect(await runCli(renderLibreswan("bgp-ikev1", out), recordingIo().sink)).toBe(0);
    process.umask(umask);
    expect(await mode(out)).toBe(0o755);
    expect(await mode(join(out, "libreswan"))).toBe(0o755);
    expect(await mode(join(out, "libreswan", "oci-ipsec.secrets"))).toBe(0o600);
    expect(await mode(join(out, "libreswan", "oci-ipsec.conf"))).toBe(0o644);
    expect(await mode(join(out, "libreswan", "oci-vpn-updown.sh"))).toBe(0o755);
  });

  it("--out that is a file is a usage error naming it", async () => {
    const file = join(await tempDir(), "plain");
    await writeFile(file, "x");
    const { sink, err } = recordingIo();
    expect(await runCli(renderLibreswan("static-ikev1", file), sink)).toBe(2);
    expect(err).toEqual([`tunnelsmith: --out: ${file} exists and is not a folder`]);
  });

  it("--out below a file (unwritable) is a usage error naming the path", async () => {
    const file = join(await tempDir(), "plain");
    await writeFile(file, "x");
    const { sink, err } = recordingIo();
    expect(await runCli(renderLibreswan("static-ikev1", join(file, "sub")), sink)).toBe(2);
    expect(err[0]).toContain(file);
    expect(err[0]).not.toContain("unexpected");
  });

  it("snapshot --out naming a folder is a usage error", async () => {
    const dir = await tempDir();
    const { sink, err } = recordingIo({ OCI_CONFIG_FILE: "/nonexistent/oci-config" });
    const code = await runCli(
      ["snapshot", "--ipsec", "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaaexample", "--out", dir],
      sink,
    );
    expect(code).toBe(2);
    expect(err).toEqual([`tunnelsmith: --out: ${dir} is a folder; name the snapshot file`]);
  });
});

describe("render --out keeps a manifest and removes what it no longer produces (issue 18.3)", () => {
  it("BGP then static: frr.conf goes, a file we did not write stays", async () => {
    const out = await tempDir();
    expect(await runCli(renderLibreswan("bgp-ikev1", out), recordingIo().sink)).toBe(0);
    const dir = join(out, "libreswan");
    const first = parseManifest(await readFile(join(dir, "manifest.json"), "utf8"));
    expect(first?.files.map((f) => f.name)).toContain("frr.conf");
    expect(first?.files.find((f) => f.name === "oci-ipsec.secrets")?.mode).toBe("0600");
    expect(first?.files.find((f) => f.name === "oci-ipsec.conf")?.path).toBe("/etc/ipsec.d/oci-ipsec.conf");
    await writeFile(join(dir, "notes.txt"), "mine\n");

    const { sink, out: lines } = recordingIo();
    expect(await runCli(renderLibreswan("static-ikev1", out), sink)).toBe(0);
    await expect(stat(join(dir, "frr.conf"))).rejects.toThrow(/ENOENT/);
    expect(lines).toContain(
      `${join(dir, "frr.conf")} removed (written by an earlier render, no longer produced)`,
    );
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("mine\n");
    const second = parseManifest(await readFile(join(dir, "manifest.json"), "utf8"));
    expect(second?.files.map((f) => f.name)).not.toContain("frr.conf");
    expect(second?.files.map((f) => f.name)).not.toContain("notes.txt");
  });

  it("a stale file edited since it was written is left alone, and said so", async () => {
    const out = await tempDir();
    expect(await runCli(renderLibreswan("bgp-ikev1", out), recordingIo().sink)).toBe(0);
    const frr = join(out, "libreswan", "frr.conf");
    await writeFile(frr, `${await readFile(frr, "utf8")}! local change\n`);
    const { sink, out: lines } = recordingIo();
    expect(await runCli(renderLibreswan("static-ikev1", out), sink)).toBe(0);
    expect(await readFile(frr, "utf8")).toContain("! local change");
    expect(lines.some((l) => l.startsWith(`${frr} left alone`))).toBe(true);
  });
});
