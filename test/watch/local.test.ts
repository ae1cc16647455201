import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { EVENTS_DIR, rawSnapshot, SNAPSHOT_DIR } from "../helpers/samples.ts";

const STATIC_FILE = "static-ikev1.json";

/** A private copy of the sample snapshots and an empty state folder, as `npm start` and the CLI use them. */
async function localEnv() {
  const dir = await mkdtemp(join(tmpdir(), "ts-watch-local-"));
  const snapshots = join(dir, "snapshots");
  const stateDir = join(dir, "state");
  await cp(SNAPSHOT_DIR, snapshots, { recursive: true });
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { TUNNELSMITH_SNAPSHOT_DIR: snapshots, TUNNELSMITH_STATE_DIR: stateDir },
  };
  /** Edits a tunnel of the static sample as OCI would change it. */
  const setStatus = async (index: number, status: string, at: string) => {
    const path = join(snapshots, STATIC_FILE);
    const raw = JSON.parse(await readFile(path, "utf8"));
    raw.tunnels[index].status = status;
    raw.tunnels[index].timeStatusUpdated = at;
    await writeFile(path, JSON.stringify(raw));
  };
  const outbox = async (sub = "") =>
    Promise.all(
      (await readdir(join(stateDir, sub, "outbox")).catch(() => [] as string[]))
        .sort()
        .map(
          async (n) =>
            JSON.parse(await readFile(join(stateDir, sub, "outbox", n), "utf8")) as Record<string, string>,
        ),
    );
  const connection = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
  const state = async () =>
    JSON.parse(await readFile(join(stateDir, "bucket", "connections", connection, "state.json"), "utf8"));
  return { io, out, err, setStatus, outbox, state };
}

describe("tunnel watch on the embedded default", () => {
  it("tunnelsmith invoke events/alarm-tunnel-down.json, then the recovery, with the JSON variant in its own outbox", async () => {
    const local = await localEnv();
    await local.setStatus(1, "UP", "2026-11-22T04:00:00Z");
    await local.setStatus(0, "DOWN", "2026-11-22T04:13:00Z");

    expect(
      await runCli(["invoke", join(EVENTS_DIR, "alarm-tunnel-down.json")], local.io),
      local.err.join("\n"),
    ).toBe(0);
    const down = JSON.parse(local.out.at(-1) ?? "{}");
    expect(down).toMatchObject({
      outcome: "alarm-handled",
      alerts: [{ state: "DOWN", severity: "WARNING" }],
    });

    // The REPEAT finds nothing new.
    expect(await runCli(["invoke", join(EVENTS_DIR, "alarm-tunnel-repeat.json")], local.io)).toBe(0);
    expect(JSON.parse(local.out.at(-1) ?? "{}")).toMatchObject({ type: "REPEAT", suppressed: true });

    await local.setStatus(0, "UP", "2026-11-22T05:00:00Z");
    expect(await runCli(["invoke", join(EVENTS_DIR, "alarm-tunnel-recovered.json")], local.io)).toBe(0);
    expect(JSON.parse(local.out.at(-1) ?? "{}")).toMatchObject({
      type: "FIRING_TO_OK",
      alerts: [{ state: "RECOVERED" }],
    });

    const messages = await local.outbox();
    expect(messages.map((m) => m.title)).toEqual([
      "DOWN: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): IPsec down; tunnel 2 up",
      "RECOVERED: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): up after 47 min",
    ]);
    const json = await local.outbox("json");
    expect(json.map((m) => JSON.parse(m.body ?? "{}").state)).toEqual(["DOWN", "RECOVERED"]);

    // Nothing the watch wrote carries a PSK: messages, their JSON variants, state.json.
    const written = JSON.stringify([messages, json, await local.state()]);
    expect(written).toContain('"watch"');
    for (const psk of Object.values(rawSnapshot("static-ikev1").sharedSecrets as Record<string, string>)) {
      expect(written).not.toContain(psk);
    }
  });

  it("tunnelsmith sweep checks every snapshot of the compartment and prints what it found", async () => {
    const local = await localEnv();
    const args = ["sweep", "--compartment", "ocid1.compartment.oc1..aaaaaaaaexamplecompartment"];

    expect(await runCli(args, local.io), local.err.join("\n")).toBe(0);
    // The first sweep adopts the seven snapshots (no state yet): each gets its configs and one outbox message.
    const [outbox, report] = [
      local.out.filter((l) => l.startsWith("[outbox]")),
      local.out.filter((l) => !l.startsWith("[outbox]")),
    ];
    expect(outbox).toHaveLength(7);
    for (const line of outbox) expect(line).toMatch(/adopted by the sweep, CPE configs ready/);
    expect(report[0]).toBe(
      "swept 7 IPSec connections in compartment ocid1.compartment.oc1..aaaaaaaaexamplecompartment: 7 checked",
    );
    expect(report[1]).toBe("no tunnel changed"); // the samples' tunnels have never been up: nothing to report

    await local.setStatus(0, "UP", "2026-11-22T04:00:00Z");
    await local.setStatus(1, "UP", "2026-11-22T04:00:00Z");
    expect(await runCli([...args, "--json"], local.io)).toBe(0);
    await local.setStatus(1, "DOWN", "2026-11-22T04:30:00Z");
    expect(await runCli([...args, "--json"], local.io)).toBe(0);
    expect(JSON.parse(local.out.at(-1) ?? "{}")).toMatchObject({
      outcome: "swept",
      alerts: [{ state: "DOWN", tunnelIndex: 2, oracleIp: "203.0.113.20", severity: "WARNING" }],
    });
  });

  it("exits 2 with the problem for a malformed alarm file or a missing compartment", async () => {
    const local = await localEnv();
    const bad = join(await mkdtemp(join(tmpdir(), "ts-watch-bad-")), "alarm.json");
    const alarm = JSON.parse(await readFile(join(EVENTS_DIR, "alarm-tunnel-down.json"), "utf8"));
    alarm.type = "SOMETIMES";
    await writeFile(bad, JSON.stringify(alarm));

    expect(await runCli(["invoke", bad], local.io)).toBe(2);
    expect(local.err.at(-1)).toMatch(/^tunnelsmith: invalid event: type: must be one of OK_TO_FIRING/);
    expect(await runCli(["sweep"], local.io)).toBe(2);
    expect(local.err.at(-1)).toBe(
      "tunnelsmith: sweep needs --compartment OCID (a compartment or the tenancy)",
    );
    expect(await local.outbox()).toEqual([]);
  });
});
