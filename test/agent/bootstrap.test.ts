import { createPublicKey } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildBundle } from "../../shared/bundle/bundle.ts";
import { sealSecret } from "../../shared/bundle/encrypt-secret.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import { ROUTE_VARIANTS } from "../helpers/variants.ts";
import { makeCpe, runSh, takeCalls } from "./helpers.ts";

const CONF = "etc/tunnelsmith/oci-vpn.conf";
const KEY = "etc/tunnelsmith/oci-vpn.key";

/** The agent.conf a render with agent links adds to the folder (see shared/core/agent/bundle-files.ts). */
function agentConf(text: string, sealTo?: string): RenderedFile {
  return {
    vendor: "libreswan",
    name: "agent.conf",
    content: sealTo ? sealSecret(text, createPublicKey(sealTo)) : text,
    secret: true,
    installHint: "/etc/tunnelsmith/oci-vpn.conf, mode 0600",
  };
}

/** Writes the folder as the bucket holds it: the rendered files, agent.conf, manifest.json. */
function writeFolder(folder: string, model: ConnectionModel, conf: RenderedFile) {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const bundle = buildBundle(model.id, "libreswan", [...renderVendor(model, "libreswan"), conf]);
  for (const f of bundle.files) writeFileSync(join(folder, f.name), f.content);
  chmodSync(join(folder, "oci-vpn-agent.sh"), 0o755);
  writeFileSync(join(folder, "manifest.json"), bundle.manifestText);
}

describe("the agent's bootstrap from nothing but --source (issue 20.3)", () => {
  it("installs agent.conf from the bundle, enables the timer and reports through the status path it names", () => {
    const model = ROUTE_VARIANTS["bgp-ikev2-direct"]();
    const cpe = makeCpe();
    const folder = join(cpe.dir, "bucket", "libreswan");
    writeFolder(folder, model, agentConf(`SOURCE=${folder}/\nSTATUS_PATH=/var/lib/report/status.json\n`));

    const r = runSh(cpe, join(folder, "oci-vpn-agent.sh"), [
      "--once",
      "--root",
      cpe.root,
      "--source",
      `${folder}/`,
    ]);

    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(cpe.root, CONF)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cpe.root, CONF), "utf8")).toContain(`SOURCE=${folder}/`);
    expect(takeCalls(cpe)).toContain("systemctl enable --now oci-vpn-agent.timer");
    const report = JSON.parse(readFileSync(join(cpe.root, "var/lib/report/status.json"), "utf8"));
    expect(report.result).toBe("applied");
    expect(report.publicKey).toContain("BEGIN PUBLIC KEY");
  });

  it("takes renewed links from a sealed agent.conf, opened with the CPE's own key", () => {
    const model = ROUTE_VARIANTS["bgp-ikev2-direct"]();
    const cpe = makeCpe();
    const folder = join(cpe.dir, "bucket", "libreswan");
    writeFolder(folder, model, agentConf(`SOURCE=${folder}/\nSTATUS_PATH=/var/lib/report/status.json\n`));
    expect(
      runSh(cpe, join(folder, "oci-vpn-agent.sh"), ["--once", "--root", cpe.root, "--source", `${folder}/`])
        .status,
    ).toBe(0);
    const publicPem = createPublicKey(readFileSync(join(cpe.root, KEY), "utf8"))
      .export({ type: "spki", format: "pem" })
      .toString();
    const moved = join(cpe.dir, "bucket2", "libreswan");
    writeFolder(
      moved,
      model,
      agentConf(`SOURCE=${moved}/\nSTATUS_PATH=/var/lib/report/status2.json\n`, publicPem),
    );
    // The old folder serves the bundle that names the new one (as the superseded link does until revoked).
    writeFolder(
      folder,
      model,
      agentConf(`SOURCE=${moved}/\nSTATUS_PATH=/var/lib/report/status2.json\n`, publicPem),
    );

    const r = runSh(cpe, join(cpe.root, "usr/local/sbin/oci-vpn-agent.sh"), ["--once", "--root", cpe.root]);

    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(folder, "agent.conf"), "utf8")).not.toContain(moved); // sealed: no URL readable
    expect(readFileSync(join(cpe.root, CONF), "utf8")).toBe(
      `SOURCE=${moved}/\nSTATUS_PATH=/var/lib/report/status2.json\n`,
    );
    // This run still reported through the old status path; the next one uses the new config.
    rmSync(folder, { recursive: true, force: true });
    expect(
      runSh(cpe, join(cpe.root, "usr/local/sbin/oci-vpn-agent.sh"), ["--once", "--root", cpe.root]).status,
    ).toBe(0);
    expect(existsSync(join(cpe.root, "var/lib/report/status2.json"))).toBe(true);
  });
});
