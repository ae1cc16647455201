// `npm start`, last part: a PSK rotation applied end to end by the Linux CPE agent, on the embedded default
// (issue 20.6). The agent's source is the local bucket folder and its status goes back into the bucket, as in
// OCI through the two links. The CPE is a folder (`--root`): the real agent and install.sh run, and a stand-in
// `ipsec` on PATH logs the daemon commands and reports the tunnels up (no IKE daemon or root needed).
//   1. create event            -> configs + bundle + the bootstrap command (folder source)
//   2. agent bootstrap         -> installs the bundle, creates the CPE key pair, reports its public key
//   3. update event            -> key pinned; PSK files sealed to it; agent applies the sealed bundle
//   4. rotate-psk              -> tunnel 1 gets a new key; rotating tunnel 2 waits for the agent's report
//   5. agent run               -> new key in place, only tunnel 1 re-established, reported
//   6. rotate-psk              -> tunnel 2; agent applies it the same way
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalFunction } from "./lib/local-function.mjs";

/** Runs the story; returns what happened (checked by test/agent/local-story.test.ts) with `failures` counted. */
export async function agentStory(root) {
  const dir = mkdtempSync(join(tmpdir(), "tunnelsmith-agent-"));
  const stateDir = join(dir, "state");
  const snapshots = join(dir, "snapshots");
  cpSync(join(root, "events", "snapshots"), snapshots, { recursive: true });
  const staticFile = join(snapshots, "static-ikev1.json");
  const raw = JSON.parse(readFileSync(staticFile, "utf8"));
  for (const t of raw.tunnels) t.status = "UP";
  writeFileSync(staticFile, JSON.stringify(raw, null, 2));
  const id = raw.ipsecConnection.id;
  const folder = join(stateDir, "bucket", "connections", id, "libreswan");
  const statusFile = join(stateDir, "bucket", "connections", id, "agent-status", "libreswan.json");
  const cpe = join(dir, "cpe");
  const bin = join(dir, "bin");
  const log = join(dir, "ipsec.log");
  mkdirSync(cpe);
  mkdirSync(bin);
  // The stand-in daemon: logs its argv; every conn has an SA (the tunnels come up right away).
  writeFileSync(
    join(bin, "ipsec"),
    `#!/bin/sh\nprintf 'ipsec %s\\n' "$*" >>'${log}'\ncase "$*" in "whack --trafficstatus") for c in $(sed -n 's/^conn //p' /dev/null ${cpe}/etc/ipsec.d/*.conf 2>/dev/null); do printf '006 #2: "%s", type=ESP\\n' "$c"; done ;; esac\nexit 0\n`,
  );
  for (const tool of ["systemctl", "sysctl", "nft", "vtysh", "networkctl"]) {
    writeFileSync(join(bin, tool), "#!/bin/sh\nexit 0\n");
    chmodSync(join(bin, tool), 0o755);
  }
  chmodSync(join(bin, "ipsec"), 0o755);

  const fn = await startLocalFunction(root, {
    socketDir: dir,
    env: { TUNNELSMITH_STATE_DIR: stateDir, TUNNELSMITH_SNAPSHOT_DIR: snapshots, TUNNELSMITH_AGENT: "on" },
  });
  const post = async (body, callId) => JSON.parse((await fn.post(body, callId, 300_000)).body);
  const outbox = join(stateDir, "outbox");
  const seen = new Set();
  const newMessages = () =>
    (existsSync(outbox) ? readdirSync(outbox).sort() : [])
      .filter((n) => !seen.has(n) && seen.add(n))
      .map((n) => JSON.parse(readFileSync(join(outbox, n), "utf8")));
  const agent = () => {
    writeFileSync(log, "");
    const r = spawnSync(
      "sh",
      [
        join(cpe, "usr/local/sbin/oci-vpn-agent.sh"),
        "--once",
        "--root",
        cpe,
        "--source",
        `${folder}/`,
        "--status-to",
        statusFile,
      ],
      { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin:/usr/sbin:/sbin`, TMPDIR: dir } },
    );
    const status = JSON.parse(readFileSync(statusFile, "utf8"));
    const calls = readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l && !l.includes("trafficstatus"));
    console.log(
      `  agent exit ${r.status}: ${status.result}, tunnels ${status.tunnels.map((t) => `${t.name} ${t.state}`).join(", ")}`,
    );
    for (const c of calls) console.log(`     daemon: ${c}`);
    facts.agentRuns.push({ exit: r.status, result: status.result, tunnels: status.tunnels, daemon: calls });
    return status;
  };
  const event = (name, eventID) =>
    JSON.stringify({ ...JSON.parse(readFileSync(join(root, "events", `${name}.json`), "utf8")), eventID });
  const facts = { bootstrap: [], sealed: false, waiting: null, rotated: [], agentRuns: [], failures: 0 };
  const expect = (ok, what) => {
    if (!ok) {
      facts.failures++;
      console.log(`  !! expected: ${what}`);
    }
  };

  console.log(
    "\n--- Linux CPE agent: bootstrap, sealed PSKs, a rotation applied by the agent (TUNNELSMITH_AGENT=on) ---",
  );
  console.log("\n1. The static sample is created; the message gives the one bootstrap command.");
  const created = await post(event("create-static-ikev1", "agent-story-1"), "agent-1");
  console.log(`  -> ${created.outcome}`);
  const bootstrap = newMessages()
    .flatMap((m) => m.body.split("\n"))
    .filter((l) => /^\s+(sudo sh|curl) /.test(l));
  for (const l of bootstrap) console.log(`  | ${l.trim()}`);
  facts.bootstrap = bootstrap.map((l) => l.trim());
  expect(bootstrap.length === 1, "one bootstrap command");

  console.log(
    "\n2. Bootstrap on the CPE (the agent script straight from the bucket folder, staged under --root).",
  );
  const r = spawnSync(
    "sh",
    [
      join(folder, "oci-vpn-agent.sh"),
      "--once",
      "--root",
      cpe,
      "--source",
      `${folder}/`,
      "--status-to",
      statusFile,
    ],
    {
      encoding: "utf8",
      env: { PATH: `${bin}:/usr/bin:/bin:/usr/sbin:/sbin`, TMPDIR: dir },
    },
  );
  const boot = JSON.parse(readFileSync(statusFile, "utf8"));
  console.log(`  agent exit ${r.status}: ${boot.result}; reported its public key: ${boot.publicKey !== ""}`);
  expect(boot.result === "applied", "bootstrap applied");

  console.log(
    "\n3. The next render pins that key and seals the PSK files to it; the agent fetches the sealed bundle",
  );
  console.log(
    "   (it opens them with its private key: same keys as installed, so nothing changes on the CPE).",
  );
  await post(event("update-static-ikev1", "agent-story-2"), "agent-2");
  const sealed = readFileSync(join(folder, "oci-ipsec.secrets"), "utf8").startsWith("tunnelsmith-sealed-v1");
  console.log(`  bucket: libreswan/oci-ipsec.secrets sealed to the CPE's key: ${sealed}`);
  facts.sealed = sealed;
  expect(sealed, "sealed PSK file");
  agent();
  newMessages();

  console.log(
    "\n4. rotate-psk: tunnel 1 gets a new key (OCI, played by the state folder, keeps it DOWN until the CPE has it).",
  );
  const first = await post(JSON.stringify({ action: "rotate-psk", ipsecConnectionId: id }), "agent-3");
  console.log(`  -> ${first.outcome} tunnel ${first.index ?? "?"}`);
  for (const m of newMessages()) {
    for (const l of m.body.split("\n").filter((x) => /ipsec auto|CPE agent is installed/.test(x)))
      console.log(`  | ${l}`);
  }
  // OCI sees tunnel 1 up again once the CPE has the key; here the agent has not run yet.
  const overlayFile = join(stateDir, "rotated", `${id}.json`);
  const overlay = JSON.parse(readFileSync(overlayFile, "utf8"));
  for (const t of Object.values(overlay.tunnels)) t.status = "UP";
  writeFileSync(overlayFile, JSON.stringify(overlay));
  const waiting = await post(JSON.stringify({ action: "rotate-psk", ipsecConnectionId: id }), "agent-4");
  console.log(
    `  rotate-psk again before the agent ran -> ${waiting.outcome}: ${(waiting.reasons ?? []).join("; ")}`,
  );
  facts.waiting = waiting;
  facts.rotated.push(first.index ?? null);
  expect(waiting.outcome === "refused", "rotation waits for the agent");

  console.log(
    "\n5. The agent's timer fires: the new key is installed, the secrets reloaded, only tunnel 1 re-established.",
  );
  const applied = agent();
  expect(applied.result === "applied", "rotated key applied");

  console.log(
    "\n6. rotate-psk: the agent reported the bundle and tunnel 1 up, so tunnel 2 is rotated; the agent applies it.",
  );
  const second = await post(JSON.stringify({ action: "rotate-psk", ipsecConnectionId: id }), "agent-5");
  console.log(`  -> ${second.outcome} tunnel ${second.index ?? "?"}`);
  facts.rotated.push(second.outcome === "rotated" ? second.index : null);
  expect(second.outcome === "rotated" && second.index === 2, "tunnel 2 rotated");
  const last = agent();
  expect(last.result === "applied", "second key applied");

  fn.stop();
  rmSync(dir, { recursive: true, force: true });
  return facts;
}
