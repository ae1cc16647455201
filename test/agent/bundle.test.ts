import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import { AGENT_FILE_NAME } from "../../shared/bundle/agent-files.ts";
import { buildBundle, LINUX_BUNDLE_VENDORS } from "../../shared/bundle/bundle.ts";
import { parseSealKey, SealKeyError, sealSecret } from "../../shared/bundle/encrypt-secret.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { recordingIo, sampleSnapshot } from "../cli/helpers.ts";
import { ROUTE_VARIANTS } from "../helpers/variants.ts";
import { makeCpe, runSh } from "./helpers.ts";
import { modelWithGre } from "./models.ts";

const LINUX_MODELS = [
  ...LINUX_BUNDLE_VENDORS.filter((v) => v !== "linux-gre").flatMap((vendor) =>
    Object.entries(ROUTE_VARIANTS).map(([variant, model]) => ({ vendor, variant, model })),
  ),
  { vendor: "linux-gre", variant: "seed004", model: modelWithGre },
];

/** A key pair as the agent makes it: `openssl genpkey` on the CPE side, so the test decrypts with the real CLI. */
function opensslKey(dir: string): { keyFile: string; publicPem: string } {
  const keyFile = join(dir, "cpe.key");
  spawnSync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", keyFile]);
  const pub = spawnSync("openssl", ["pkey", "-in", keyFile, "-pubout"], { encoding: "utf8" });
  return { keyFile, publicPem: pub.stdout };
}

describe("the Linux bundle (issue 20.1)", () => {
  for (const { vendor, variant, model } of LINUX_MODELS) {
    it(`${vendor} ${variant}: every file has an install path, its mode, and the scripts parse with sh -n`, () => {
      const files = renderVendor(model(), vendor);
      const { manifest } = buildBundle(model().id, vendor, files);
      expect(manifest.files.map((f) => f.name)).toEqual(files.map((f) => f.name));
      for (const f of manifest.files) {
        expect(f.path, f.name).toMatch(/^\/(etc|usr\/local)\/[A-Za-z0-9._/-]+$/);
        const secret = files.find((x) => x.name === f.name)?.secret;
        expect(f.mode, f.name).toBe(secret ? "0600" : f.name.endsWith(".sh") ? "0755" : "0644");
      }
      expect(files.filter((f) => AGENT_FILE_NAME.test(f.name)).map((f) => f.name)).toEqual([
        "install.sh",
        "oci-vpn-agent.sh",
        "oci-vpn-agent.service",
        "oci-vpn-agent.timer",
      ]);
      for (const f of files.filter((x) => x.name.endsWith(".sh"))) {
        const r = spawnSync("sh", ["-n"], { input: f.content, encoding: "utf8" });
        expect(r.stderr, f.name).toBe("");
        expect(r.status, f.name).toBe(0);
      }
    });
  }

  it("keeps hostile display names in comment lines of the agent files", () => {
    const hostile = "x'\n$(reboot) `id`; rm -rf / #";
    const clean = renderVendor(ROUTE_VARIANTS["static-ikev1-nat"](), "libreswan");
    const dirty = renderVendor(
      { ...ROUTE_VARIANTS["static-ikev1-nat"](), label: hostile.replace(/\n/g, " ") },
      "libreswan",
    );
    for (const f of dirty.filter((x) => AGENT_FILE_NAME.test(x.name))) {
      const before = clean.find((x) => x.name === f.name)?.content.split("\n") ?? [];
      const changed = f.content.split("\n").filter((line, i) => line !== before[i]);
      expect(changed.length, f.name).toBeGreaterThan(0);
      for (const line of changed) expect(line, f.name).toMatch(/^# /);
    }
  });
});

describe("sealed PSK files (issue 20.4)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ts-seal-"));
  const { keyFile, publicPem } = opensslKey(dir);

  it("seals every secret file and nothing else; the manifest hashes what is served", () => {
    const model = ROUTE_VARIANTS["static-ikev2-direct"]();
    const plain = buildBundle(model.id, "strongswan", renderVendor(model, "strongswan"));
    const sealed = buildBundle(model.id, "strongswan", renderVendor(model, "strongswan"), publicPem);
    for (const [i, f] of sealed.files.entries()) {
      const original = plain.files[i];
      if (f.secret) {
        expect(f.content.startsWith("tunnelsmith-sealed-v1\nkey-sha256 ")).toBe(true);
        for (const t of model.tunnels) expect(f.content).not.toContain(t.psk);
      } else expect(f.content).toBe(original?.content);
    }
    expect(sealed.manifest.files.find((f) => f.name === "swanctl.conf")?.sha256).not.toBe(
      plain.manifest.files.find((f) => f.name === "swanctl.conf")?.sha256,
    );
  });

  it("a sealed file opens with the openssl CLI alone (install.sh's unseal), and a tampered body fails", () => {
    const model = ROUTE_VARIANTS["static-ikev1-nat"]();
    const cpe = makeCpe();
    const secret = 'conn PSK "k3y-with-üñí"\n';
    const sealed = sealSecret(secret, parseSealKey(publicPem));
    const lines = sealed.split("\n");
    const body = Buffer.from(lines[3] ?? "", "base64");
    body[body.length - 20] = (body[body.length - 20] ?? 0) ^ 1;
    const tampered = [lines[0], lines[1], lines[2], body.toString("base64"), ""].join("\n");
    // install.sh is the only unsealer on the CPE: drive it on a one-file bundle.
    const manifestFor = (content: string) =>
      buildBundle(model.id, "libreswan", [
        ...renderVendor(model, "libreswan").filter((f) => f.name === "install.sh"),
        {
          vendor: "libreswan",
          name: "oci-ipsec.secrets",
          content,
          secret: true,
          installHint: "/etc/ipsec.d/oci-ipsec.secrets",
        },
      ]);
    for (const [content, ok] of [
      [sealed, true],
      [tampered, false],
    ] as const) {
      const folder = mkdtempSync(join(cpe.dir, "b-"));
      const bundle = manifestFor(content);
      for (const f of bundle.files) writeFileSync(join(folder, f.name), f.content);
      writeFileSync(join(folder, "manifest.json"), bundle.manifestText);
      const root = mkdtempSync(join(cpe.dir, "root-"));
      spawnSync("mkdir", ["-p", join(root, "etc/tunnelsmith")]);
      spawnSync("cp", [keyFile, join(root, "etc/tunnelsmith/oci-vpn.key")]);
      const r = runSh(cpe, join(folder, "install.sh"), ["--root", root]);
      if (ok) {
        expect(r.status).toBe(0);
        expect(readFileSync(join(root, "etc/ipsec.d/oci-ipsec.secrets"), "utf8")).toBe(secret);
      } else {
        expect(r.status).toBe(3);
        expect(r.stderr).toMatch(
          /oci-ipsec.secrets: (cannot decrypt|decrypted content fails its integrity check)/,
        );
      }
    }
  });

  it("refuses a public key that is not RSA of at least 3072 bits", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
      type: "spki",
      format: "pem",
    });
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({
      type: "spki",
      format: "pem",
    });
    expect(() => parseSealKey(String(small))).toThrow(SealKeyError);
    expect(() => parseSealKey(String(ec))).toThrow(SealKeyError);
    expect(() => parseSealKey("not a key")).toThrow(SealKeyError);
  });
});

describe("local mode (issue 20.6)", () => {
  it("the CLI's render --out folder is a valid agent source", async () => {
    const cpe = makeCpe();
    const out = join(cpe.dir, "out");
    expect(
      await runCli(
        ["render", "--snapshot", sampleSnapshot("static-ikev1"), "--vendor", "libreswan", "--out", out],
        recordingIo().sink,
      ),
    ).toBe(0);
    const source = join(out, "libreswan");
    const r = runSh(cpe, join(source, "oci-vpn-agent.sh"), [
      "--once",
      "--source",
      source,
      "--root",
      cpe.root,
      "--no-restart",
    ]);
    expect(r.stderr).toContain("file(s) changed");
    expect(r.status).toBe(0);
    expect(readFileSync(join(cpe.root, "etc/ipsec.d/oci-ipsec.conf"), "utf8")).toBe(
      readFileSync(join(source, "oci-ipsec.conf"), "utf8"),
    );
  });
});
