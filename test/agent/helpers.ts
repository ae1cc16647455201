import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBundle } from "../../shared/bundle/bundle.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";

/** The tools install.sh and the agent call; the tests put fakes of all of them first on PATH. */
export const FAKED_TOOLS = ["ipsec", "swanctl", "systemctl", "sysctl", "nft", "vtysh", "networkctl", "curl"];

const FAKE = join(process.cwd(), "test", "agent", "fakes", "fake-tool.sh");

/** A scratch CPE: a root folder, a bundle folder, fake tools and their argv log. */
export interface Cpe {
  dir: string;
  root: string;
  bin: string;
  log: string;
  up: string;
}

export function makeCpe(): Cpe {
  const dir = mkdtempSync(join(tmpdir(), "ts-agent-"));
  const cpe = {
    dir,
    root: join(dir, "root"),
    bin: join(dir, "bin"),
    log: join(dir, "tools.log"),
    up: join(dir, "up"),
  };
  mkdirSync(cpe.root);
  mkdirSync(cpe.bin);
  chmodSync(FAKE, 0o755);
  for (const tool of FAKED_TOOLS) symlinkSync(FAKE, join(cpe.bin, tool));
  writeFileSync(cpe.log, "");
  return cpe;
}

/** Writes one vendor's bundle (files with their modes, then manifest.json) into `folder`, as the CLI's --out does. */
export function writeBundle(
  folder: string,
  model: ConnectionModel,
  vendor: string,
  publicKeyPem?: string,
): ReturnType<typeof buildBundle> {
  const bundle = buildBundle(model.id, vendor, renderVendor(model, vendor), publicKeyPem);
  mkdirSync(folder, { recursive: true });
  for (const f of bundle.files) {
    writeFileSync(join(folder, f.name), f.content);
    chmodSync(
      join(folder, f.name),
      Number.parseInt(bundle.manifest.files.find((m) => m.name === f.name)?.mode ?? "0644", 8),
    );
  }
  writeFileSync(join(folder, "manifest.json"), bundle.manifestText);
  return bundle;
}

/** Runs a shell script with dash and the fakes first on PATH. */
export function runSh(cpe: Cpe, script: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync("sh", [script, ...args], {
    encoding: "utf8",
    env: {
      PATH: `${cpe.bin}:/usr/bin:/bin:/usr/sbin:/sbin`,
      TMPDIR: cpe.dir,
      FAKE_LOG: cpe.log,
      FAKE_UP: cpe.up,
      ...env,
    },
    timeout: 60_000,
  });
}

/** The tool invocations logged since the last call (and clears the log). */
export function takeCalls(cpe: Cpe): string[] {
  const lines = readFileSync(cpe.log, "utf8").split("\n").filter(Boolean);
  writeFileSync(cpe.log, "");
  return lines;
}

/** Calls that change daemon or kernel state (everything but queries and validations). */
export function mutatingCalls(calls: string[]): string[] {
  return calls.filter(
    (c) =>
      !/^ipsec whack --trafficstatus$|^swanctl --list-sas|^ipsec addconn --checkconfig|^vtysh --dryrun|^nft -c /.test(
        c,
      ),
  );
}
