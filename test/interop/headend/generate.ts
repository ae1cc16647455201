/**
 * Writes the OCI headend emulation for one snapshot (run.sh bundles this file with esbuild and runs it on the host):
 *
 *   generate --snapshot FILE --out DIR --chroot-dir PATH [--wrong-psk N]…
 *   generate --snapshot FILE --out DIR --gre
 *
 * DIR receives `swanctl.conf` and `strongswan.conf` (for the headend charon; PATH is DIR as the strongSwan chroot
 * sees it inside the guest), `frr.conf` when the connection uses BGP, and `scenario.env` (the test network).
 * `--wrong-psk N` gives the headend a different PSK for tunnel N (the negative scenario). With `--gre`, DIR receives
 * only `scenario.env`, for the far end of the snapshot's `site.gre` tunnel (see gre.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { headendFrr } from "./frr.ts";
import { greEnv } from "./gre.ts";
import { readHeadendInput } from "./snapshot.ts";
import { headendStrongswanConf, headendSwanctl } from "./swanctl.ts";
import { oracleNets, topologyEnv } from "./topology.ts";

function main(): void {
  const { values } = parseArgs({
    options: {
      snapshot: { type: "string" },
      out: { type: "string" },
      "chroot-dir": { type: "string" },
      "wrong-psk": { type: "string", multiple: true },
      gre: { type: "boolean" },
    },
  });
  const snapshot = values.snapshot;
  const out = values.out;
  if (values.gre === true && snapshot && out) {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "scenario.env"), greEnv(snapshot));
    return;
  }
  const chrootDir = values["chroot-dir"];
  if (!snapshot || !out || !chrootDir || !/^\/[A-Za-z0-9/_.-]+$/.test(chrootDir)) {
    throw new Error("usage: generate --snapshot FILE --out DIR --chroot-dir /ABSOLUTE/PATH [--wrong-psk N]");
  }
  const wrongPsk = (values["wrong-psk"] ?? []).map((n) => {
    if (n !== "1" && n !== "2") throw new Error(`--wrong-psk takes 1 or 2, not ${n}`);
    return Number(n);
  });
  const input = readHeadendInput(snapshot);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "swanctl.conf"), headendSwanctl(input, { wrongPsk }), { mode: 0o600 });
  writeFileSync(join(out, "strongswan.conf"), headendStrongswanConf(chrootDir));
  const frr = headendFrr(input, oracleNets(input));
  if (frr !== null) writeFileSync(join(out, "frr.conf"), frr);
  writeFileSync(join(out, "scenario.env"), topologyEnv(input));
}

try {
  main();
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
