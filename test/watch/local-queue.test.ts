import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { SNAPSHOT_DIR } from "../helpers/samples.ts";

const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplecompartment";

describe("the sharded sweep and the alert outbox on the embedded default (TUNNELSMITH_LOCAL_QUEUE)", () => {
  it("queues the sweep's alerts, and publish-alerts sends them, across CLI runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-local-queue-"));
    const snapshots = join(dir, "snapshots");
    const stateDir = join(dir, "state");
    await cp(SNAPSHOT_DIR, snapshots, { recursive: true });
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: {
        TUNNELSMITH_SNAPSHOT_DIR: snapshots,
        TUNNELSMITH_STATE_DIR: stateDir,
        TUNNELSMITH_LOCAL_QUEUE: "true",
      },
    };
    const outbox = async () =>
      (await readdir(join(stateDir, "outbox")).catch(() => [] as string[])).filter((n) =>
        n.endsWith(".json"),
      );
    const sweep = ["sweep", "--compartment", COMPARTMENT, "--json"];
    const file = join(snapshots, "static-ikev1.json");
    const setStatus = async (index: number, status: string, at: Date) => {
      const raw = JSON.parse(await readFile(file, "utf8"));
      raw.tunnels[index].status = status;
      raw.tunnels[index].timeStatusUpdated = at.toISOString();
      await writeFile(file, JSON.stringify(raw));
    };
    const hourAgo = new Date(Date.now() - 3_600_000);
    await setStatus(0, "UP", hourAgo);
    await setStatus(1, "UP", hourAgo);

    expect(await runCli(sweep, io), err.join("\n")).toBe(0);
    const first = JSON.parse(out.at(-1) ?? "{}");
    expect(first).toMatchObject({ outcome: "sweep-sharded", work: { failed: [] } });
    expect(first.shards).toBeGreaterThan(0);
    expect(first.work.checked).toBe(first.connections);
    const before = (await outbox()).length;

    // The static sample's first tunnel drops: the next sweep finds it and queues the alert.
    await setStatus(0, "DOWN", new Date());
    expect(await runCli(sweep, io), err.join("\n")).toBe(0);
    const second = JSON.parse(out.at(-1) ?? "{}");
    expect(second.work.alertsQueued).toBeGreaterThan(0);
    expect((await outbox()).length).toBe(before); // queued, not sent

    const action = join(dir, "publish.json");
    await writeFile(action, JSON.stringify({ action: "publish-alerts" }));
    expect(await runCli(["invoke", action], io), err.join("\n")).toBe(0);
    const published = JSON.parse(out.at(-1) ?? "{}");
    expect(published).toMatchObject({ outcome: "alerts-published", deferred: 0 });
    expect(published.published).toBeGreaterThan(0);
    const names = (await outbox()).sort().slice(before);
    const titles = await Promise.all(
      names.map(async (n) => JSON.parse(await readFile(join(stateDir, "outbox", n), "utf8")).title as string),
    );
    expect(titles.some((t) => t.startsWith("DOWN: OCI-オンプレ間VPN (static) tunnel 1"))).toBe(true);
  });
});
