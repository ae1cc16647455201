import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { ROUTE_VARIANTS } from "../helpers/variants.ts";
import { type Cpe, makeCpe, mutatingCalls, runSh, takeCalls, writeBundle } from "./helpers.ts";
import { conns, libreswanRekeyCalls, rotated } from "./models.ts";

const SECRETS = "etc/ipsec.d/oci-ipsec.secrets";
const AGENT = "usr/local/sbin/oci-vpn-agent.sh";

interface Status {
  result: string;
  bundle: string;
  error: string;
  publicKey: string;
  tunnels: { name: string; state: string }[];
}

/** A CPE whose agent reads its bundle from a folder (local mode) and writes status.json beside it. */
function agentCpe(model: ConnectionModel) {
  const cpe = makeCpe();
  const source = join(cpe.dir, "bucket", "libreswan");
  writeBundle(source, model, "libreswan");
  const status = join(cpe.dir, "status.json");
  mkdirSync(join(cpe.root, "etc/tunnelsmith"), { recursive: true });
  writeFileSync(
    join(cpe.root, "etc/tunnelsmith/oci-vpn.conf"),
    `SOURCE=${source}\nSTATUS_PATH=${status}\nTUNNEL_WAIT=1\nPOLL=1\n`,
  );
  return { cpe, source, status };
}

/** Runs the agent as the bootstrap does: the script from the bundle, everything under the CPE's root. */
function runAgent(cpe: Cpe, script: string, extra: string[] = [], env: Record<string, string> = {}) {
  // Under --root every path of the config is staged below the root too, status.json included.
  return runSh(cpe, script, ["--once", "--root", cpe.root, ...extra], env);
}

const readStatus = (cpe: Cpe, path: string): Status => JSON.parse(readFileSync(join(cpe.root, path), "utf8"));

/** Marks every conn of the model as having an SA in the fakes. */
function tunnelsUp(cpe: Cpe, model: ConnectionModel) {
  writeFileSync(cpe.up, `${[...conns(model, "libreswan", 1), ...conns(model, "libreswan", 2)].join("\n")}\n`);
}

describe("oci-vpn-agent.sh (issue 20.2, 20.4, 20.6)", () => {
  it("bootstraps: creates the key pair, installs the folder's bundle and reports the public key", () => {
    const model = ROUTE_VARIANTS["bgp-ikev2-direct"]();
    const { cpe, source, status } = agentCpe(model);
    const r = runAgent(cpe, join(source, "oci-vpn-agent.sh"));
    expect(r.stderr).toContain("created this CPE's key pair");
    expect(r.status).toBe(0);
    expect(statSync(join(cpe.root, "etc/tunnelsmith/oci-vpn.key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cpe.root, SECRETS), "utf8")).toBe(
      readFileSync(join(source, "oci-ipsec.secrets"), "utf8"),
    );
    const report = readStatus(cpe, status);
    expect(report.result).toBe("applied");
    expect(report.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(report.tunnels).toEqual([
      { name: "tunnel1", state: "down" },
      { name: "tunnel2", state: "down" },
    ]);
  });

  it("a second run with nothing new downloads nothing and touches no daemon", () => {
    const model = ROUTE_VARIANTS["bgp-ikev2-direct"]();
    const { cpe, source, status } = agentCpe(model);
    expect(runAgent(cpe, join(source, "oci-vpn-agent.sh")).status).toBe(0);
    tunnelsUp(cpe, model);
    const before = statSync(join(cpe.root, SECRETS));
    takeCalls(cpe);
    const r = runAgent(cpe, join(cpe.root, AGENT));
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain("downloaded");
    expect(mutatingCalls(takeCalls(cpe))).toEqual([]);
    expect(statSync(join(cpe.root, SECRETS)).mtimeMs).toBe(before.mtimeMs);
    const report = readStatus(cpe, status);
    expect(report.result).toBe("unchanged");
    expect(report.tunnels.map((t) => t.state)).toEqual(["up", "up"]);
  });

  it("refuses a bundle with a tampered file, changes nothing and says so", () => {
    const model = ROUTE_VARIANTS["bgp-ikev2-direct"]();
    const { cpe, source, status } = agentCpe(model);
    expect(runAgent(cpe, join(source, "oci-vpn-agent.sh")).status).toBe(0);
    const installedBefore = readFileSync(join(cpe.root, SECRETS), "utf8");
    const mtime = statSync(join(cpe.root, SECRETS)).mtimeMs;
    writeBundle(source, rotated(model, 1), "libreswan");
    writeFileSync(join(source, "oci-ipsec.secrets"), `${installedBefore}# planted\n`);
    takeCalls(cpe);
    const r = runAgent(cpe, join(cpe.root, AGENT));
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      "refusing the bundle: sha256 of oci-ipsec.secrets differs from manifest.json; nothing was changed",
    );
    expect(readFileSync(join(cpe.root, SECRETS), "utf8")).toBe(installedBefore);
    expect(statSync(join(cpe.root, SECRETS)).mtimeMs).toBe(mtime);
    expect(mutatingCalls(takeCalls(cpe))).toEqual([]);
    const report = readStatus(cpe, status);
    expect(report.result).toBe("refused");
    expect(report.error).toContain("oci-ipsec.secrets differs");
  });

  it("applies a rotated PSK sealed to the CPE's key: only the changed file is fetched, one tunnel re-established", () => {
    const model = ROUTE_VARIANTS["bgp-ikev2-direct"]();
    const { cpe, source, status } = agentCpe(model);
    expect(runAgent(cpe, join(source, "oci-vpn-agent.sh")).status).toBe(0);
    tunnelsUp(cpe, model);
    const next = rotated(model, 2, "SealedRotatedKey0123456789abcd");
    writeBundle(source, next, "libreswan", readStatus(cpe, status).publicKey);
    const served = readFileSync(join(source, "oci-ipsec.secrets"), "utf8");
    expect(served.split("\n")[0]).toBe("tunnelsmith-sealed-v1");
    expect(served).not.toContain("SealedRotatedKey");
    takeCalls(cpe);
    const r = runAgent(cpe, join(cpe.root, AGENT));
    expect(r.status).toBe(0);
    expect(r.stderr.match(/downloaded \S+/g)).toEqual(["downloaded oci-ipsec.secrets"]);
    // Decrypted on the CPE side by the real openssl CLI, installed as plaintext for pluto.
    expect(readFileSync(join(cpe.root, SECRETS), "utf8")).toContain('PSK "SealedRotatedKey0123456789abcd"');
    expect(mutatingCalls(takeCalls(cpe))).toEqual(libreswanRekeyCalls(model, 2));
    expect(readStatus(cpe, status).result).toBe("applied");
  });

  it("rolls back to the previous files when tunnels that were up do not come back", () => {
    const model = ROUTE_VARIANTS["bgp-ikev2-direct"]();
    const { cpe, source, status } = agentCpe(model);
    expect(runAgent(cpe, join(source, "oci-vpn-agent.sh")).status).toBe(0);
    tunnelsUp(cpe, model);
    const previous = readFileSync(join(cpe.root, SECRETS), "utf8");
    writeBundle(source, rotated(model, 1), "libreswan");
    takeCalls(cpe);
    const r = runAgent(cpe, join(cpe.root, AGENT), [], { FAKE_BREAK: "1" });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain("tunnels did not come back within 1s; rolled back to the previous files");
    expect(readFileSync(join(cpe.root, SECRETS), "utf8")).toBe(previous);
    const rereads = mutatingCalls(takeCalls(cpe)).filter((c) => c === "ipsec auto --rereadsecrets");
    expect(rereads).toHaveLength(2);
    const report = readStatus(cpe, status);
    expect(report.result).toBe("rolled-back");
    expect(report.tunnels.map((t) => t.state)).toEqual(["down", "down"]);
  });

  it("--no-restart places the files and applies nothing", () => {
    const model = ROUTE_VARIANTS["static-ikev2-direct"]();
    const { cpe, source } = agentCpe(model);
    const r = runAgent(cpe, join(source, "oci-vpn-agent.sh"), ["--no-restart"]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(cpe.root, SECRETS), "utf8")).toContain("PSK");
    expect(mutatingCalls(takeCalls(cpe))).toEqual([]);
  });

  it("PUTs status.json to the configured write URL and never prints the URL", () => {
    const model = ROUTE_VARIANTS["static-ikev2-direct"]();
    const { cpe, source } = agentCpe(model);
    const url = "https://objectstorage.example.invalid/p/SeCrEtToKeN/n/ns/b/bucket/o/cpe/status.json";
    writeFileSync(join(cpe.root, "etc/tunnelsmith/oci-vpn.conf"), `SOURCE=${source}\nSTATUS_URL=${url}\n`);
    const r = runAgent(cpe, join(source, "oci-vpn-agent.sh"), ["--no-restart"]);
    expect(r.status).toBe(0);
    const puts = takeCalls(cpe).filter((c) => c.startsWith("curl "));
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatch(/ -X PUT -H Content-Type: application\/json --data-binary @\S+\.status\.json /);
    expect(puts[0]?.endsWith(url)).toBe(true);
    expect(r.stderr + r.stdout).not.toContain("SeCrEtToKeN");
  });
});
