import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import { EVENTS_DIR, SNAPSHOT_DIR } from "../helpers/samples.ts";
import { recordingIo, tempDir } from "./helpers.ts";

/**
 * The alarm story the README tells and `npm start` shows, with the sample alarms of events/ in order: tunnel 1
 * drops (WARNING, traffic on tunnel 2), the REPEAT finds nothing new, tunnel 2 drops too (CRITICAL), both come
 * back (RECOVERED). The snapshot copy plays OCI's tunnel status at each step, at the samples' times.
 */
describe("the alarm samples tell one story (issue 18.6)", () => {
  it("one down → WARNING; both down → CRITICAL; recovery → RECOVERED for both", async () => {
    const dir = await tempDir();
    const snapshots = join(dir, "snapshots");
    const state = join(dir, "state");
    await cp(SNAPSHOT_DIR, snapshots, { recursive: true });
    const env = {
      TUNNELSMITH_MODE: "local",
      TUNNELSMITH_SNAPSHOT_DIR: snapshots,
      TUNNELSMITH_STATE_DIR: state,
    };
    const file = join(snapshots, "static-ikev1.json");
    const tunnels = async (states: [string, string][]) => {
      const raw = JSON.parse(await readFile(file, "utf8"));
      for (const [i, [status, at]] of states.entries()) {
        Object.assign(raw.tunnels[i], { status, timeStatusUpdated: at });
      }
      await writeFile(file, JSON.stringify(raw));
    };
    const invoke = async (name: string) => {
      const io = recordingIo(env);
      expect(await runCli(["invoke", join(EVENTS_DIR, name)], io.sink), io.err.join("\n")).toBe(0);
      return JSON.parse(io.out.at(-1) ?? "{}");
    };

    await tunnels([
      ["DOWN", "2026-11-22T04:55:00Z"],
      ["UP", "2026-11-20T00:00:00Z"],
    ]);
    expect(await invoke("alarm-tunnel-down.json")).toMatchObject({
      alerts: [{ state: "DOWN", severity: "WARNING" }],
    });
    expect(await invoke("alarm-tunnel-repeat.json")).toMatchObject({ suppressed: true });
    await tunnels([
      ["DOWN", "2026-11-22T04:55:00Z"],
      ["DOWN", "2026-11-22T05:35:00Z"],
    ]);
    expect(await invoke("alarm-tunnel-2-down.json")).toMatchObject({
      alerts: [{ state: "DOWN", severity: "CRITICAL" }],
    });
    await tunnels([
      ["UP", "2026-11-22T05:46:00Z"],
      ["UP", "2026-11-22T05:46:00Z"],
    ]);
    const recovered = await invoke("alarm-tunnel-recovered.json");
    expect(recovered.suppressed).not.toBe(true);
    expect(recovered.alerts.map((a: { state: string }) => a.state)).toEqual(["RECOVERED", "RECOVERED"]);

    const outbox = join(state, "outbox");
    const titles = await Promise.all(
      (await readdir(outbox))
        .sort()
        .map(async (n) => JSON.parse(await readFile(join(outbox, n), "utf8")).title as string),
    );
    expect(titles).toEqual([
      "DOWN: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): IPsec down; tunnel 2 up",
      expect.stringMatching(/^DOWN: OCI-オンプレ間VPN \(static\) tunnel 2 \(203\.0\.113\.20\).*NO TUNNEL UP/),
      expect.stringMatching(/^RECOVERED: .*tunnel 1 \(203\.0\.113\.10\): up after 51 min/),
      expect.stringMatching(/^RECOVERED: .*tunnel 2 \(203\.0\.113\.20\): up after 11 min/),
    ]);
  });
});
