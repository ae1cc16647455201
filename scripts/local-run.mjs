// `npm start`: the main job on the embedded default, no OCI account needed. Starts the real function bundle the
// way Fn does (FN_FORMAT=http-stream on a unix socket), POSTs every sample "IPSec connection created" event from
// events/ to /call, and prints what happened: files written, links, the notification. Local adapters: snapshots
// from events/snapshots/, .tunnelsmith/bucket/ as the bucket, .tunnelsmith/outbox/ as the topic.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { startLocalFunction } from "./lib/local-function.mjs";

const root = resolve(import.meta.dirname, "..");
const stateDir = resolve(root, process.env.TUNNELSMITH_STATE_DIR ?? ".tunnelsmith");
const eventsDir = join(root, "events");
const socketDir = mkdtempSync(join(tmpdir(), "tunnelsmith-fn-"));

// Each run starts from an empty local bucket so the demo shows a full render every time.
rmSync(stateDir, { recursive: true, force: true });

// The function logs JSON lines to stderr; show them compactly (the full lines are what OCI Logging would keep).
const showLogLine = (line) => {
  try {
    const log = JSON.parse(line);
    console.log(`  [function ${log.level}] ${log.message}`);
  } catch {
    console.log(`  [function] ${line}`);
  }
};
const fn = await startLocalFunction(root, {
  socketDir,
  env: {
    TUNNELSMITH_STATE_DIR: stateDir,
    TUNNELSMITH_SNAPSHOT_DIR: process.env.TUNNELSMITH_SNAPSHOT_DIR ?? join(eventsDir, "snapshots"),
  },
  stderr: showLogLine,
});
console.log(`Function listening on ${fn.socket} after ${fn.listeningMs} ms (FN_FORMAT=http-stream)\n`);
const call = (body, callId) => fn.post(body, callId);

const events = readdirSync(eventsDir)
  .filter((n) => n.startsWith("create-") && n.endsWith(".json"))
  .sort();
let failures = 0;
let n = 0;
for (const name of [...events, events[0]]) {
  const body = readFileSync(join(eventsDir, name), "utf8");
  const event = JSON.parse(body);
  const again = n >= events.length ? " (delivered again: at-least-once delivery)" : "";
  console.log(`POST /call  ${name}${again}\n  ${event.eventType}  ${event.data.resourceId}`);
  const res = await call(body, `local-${++n}`);
  if (res.status !== 200) {
    failures++;
    console.log(`  -> HTTP ${res.status}: ${res.body}\n`);
    continue;
  }
  const result = JSON.parse(res.body);
  console.log(`  -> ${result.outcome}${result.reason ? `: ${result.reason}` : ""}`);
  for (const f of result.files ?? []) {
    console.log(
      `     ${relative(root, join(stateDir, "bucket", f.objectName))}  (link expires ${f.expiresAt})`,
    );
  }
  console.log("");
}

const outbox = join(stateDir, "outbox");
const messages = existsSync(outbox) ? readdirSync(outbox).sort() : [];
console.log(`${messages.length} notification(s) in ${relative(root, outbox)}/. The first one:\n`);
if (messages[0]) {
  const m = JSON.parse(readFileSync(join(outbox, messages[0]), "utf8"));
  console.log(`  Title: ${m.title}\n${m.body.replace(/^/gm, "  | ")}\n`);
}

fn.stop();
rmSync(socketDir, { recursive: true, force: true });
if (failures > 0) {
  console.error(`${failures} event(s) failed`);
  process.exitCode = 1;
} else {
  console.log(`Done. Rendered configs are under ${relative(root, join(stateDir, "bucket"))}/.`);
}

// ─── Tunnel watch: the alarm story of the README, on the embedded default ─────────────────────────────────────
// The snapshot folder plays the live Networking API: a private copy of events/snapshots whose static sample's
// tunnel states are set before each alarm arrives. A second function process serves it (same state folder, so
// the alerts can use what the render above recorded). The story, with the sample alarms of events/:
//   1. tunnel 1 drops           alarm-tunnel-down.json      -> DOWN, WARNING (traffic on tunnel 2)
//   2. the alarm repeats        alarm-tunnel-repeat.json    -> nothing new, no message
//   3. tunnel 2 drops too       alarm-tunnel-2-down.json    -> DOWN, CRITICAL (no tunnel up)
//   4. both come back           alarm-tunnel-recovered.json -> RECOVERED for both
// Time is compressed to a few minutes before "now" (the function's clock): alarms fire 5 minutes after a drop,
// as the alarm's pending duration says, and the flap hold is 60 s instead of 600 so that an outage of a few
// minutes is reported as one (the default would call it FLAPPING).
{
  const { cpSync, writeFileSync } = await import("node:fs");
  const watchDir = mkdtempSync(join(tmpdir(), "tunnelsmith-watch-"));
  const snapshots = join(watchDir, "snapshots");
  cpSync(join(eventsDir, "snapshots"), snapshots, { recursive: true });
  const staticFile = join(snapshots, "static-ikev1.json");
  const minutesAgo = (m) => new Date(Date.now() - m * 60_000).toISOString();
  const setTunnels = (states) => {
    const raw = JSON.parse(readFileSync(staticFile, "utf8"));
    for (const [i, [status, at]] of states.entries()) {
      Object.assign(raw.tunnels[i], { status, timeStatusUpdated: at });
    }
    writeFileSync(staticFile, JSON.stringify(raw, null, 2));
  };

  const watchFn = await startLocalFunction(root, {
    socketDir: watchDir,
    env: {
      TUNNELSMITH_STATE_DIR: stateDir,
      TUNNELSMITH_SNAPSHOT_DIR: snapshots,
      TUNNELSMITH_FLAP_HOLD_SECONDS: "60",
    },
  });
  const post = (body, callId) => watchFn.post(body, callId);
  const seen = new Set(existsSync(outbox) ? readdirSync(outbox) : []);
  const showNewAlerts = () => {
    for (const name of readdirSync(outbox).sort()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const m = JSON.parse(readFileSync(join(outbox, name), "utf8"));
      console.log(`\n  Title: ${m.title}\n${m.body.replace(/^/gm, "  | ")}\n`);
    }
  };

  console.log(
    "\n--- Tunnel watch: one tunnel down, then both, then recovery (time compressed, flap hold 60 s) ---",
  );
  const steps = [
    {
      say: "Tunnel 1 of the static sample drops; tunnel 2 stays up.",
      alarm: "alarm-tunnel-down.json",
      firedAt: minutesAgo(1),
      tunnels: [
        ["DOWN", minutesAgo(6)],
        ["UP", minutesAgo(600)],
      ],
    },
    {
      say: "The alarm repeats while tunnel 1 is down.",
      alarm: "alarm-tunnel-repeat.json",
      firedAt: minutesAgo(0),
    },
    {
      say: "Tunnel 2 drops as well: no tunnel carries traffic.",
      alarm: "alarm-tunnel-2-down.json",
      firedAt: minutesAgo(0),
      tunnels: [
        ["DOWN", minutesAgo(6)],
        ["DOWN", minutesAgo(5)],
      ],
    },
    {
      say: "Both tunnels come back (the alarm resolves at the first minute with the tunnel up).",
      alarm: "alarm-tunnel-recovered.json",
      firedAt: minutesAgo(0),
      tunnels: [
        ["UP", minutesAgo(1)],
        ["UP", minutesAgo(1)],
      ],
    },
  ];
  for (const [i, step] of steps.entries()) {
    if (step.tunnels) setTunnels(step.tunnels);
    const alarm = JSON.parse(readFileSync(join(eventsDir, step.alarm), "utf8"));
    Object.assign(alarm, { timestamp: step.firedAt, timestampEpochMillis: Date.parse(step.firedAt) });
    console.log(`\n${i + 1}. ${step.say}`);
    console.log(
      `POST /call  ${step.alarm}\n  ${alarm.type}  ${alarm.alarmMetaData[0].dimensions[0].publicIp}`,
    );
    const res = await post(JSON.stringify(alarm), `watch-${i + 1}`);
    if (res.status !== 200) {
      console.log(`  -> HTTP ${res.status}: ${res.body}`);
      process.exitCode = 1;
      continue;
    }
    const result = JSON.parse(res.body);
    const alerts = result.alerts.map((a) => `${a.state} (${a.severity})`).join(", ");
    console.log(`  -> ${alerts || (result.suppressed ? "nothing new: no message" : "no alert")}`);
    showNewAlerts();
  }
  watchFn.stop();
  rmSync(watchDir, { recursive: true, force: true });
}

// ─── Linux CPE agent: a PSK rotation applied end to end (scripts/local-agent-story.mjs) ──────────────────────────
{
  const { agentStory } = await import("./local-agent-story.mjs");
  if ((await agentStory(root)).failures > 0) process.exitCode = 1;
}
