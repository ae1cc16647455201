import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../functions/handler.ts";
import { createLocalDependencies } from "../../shared/adapters/local/index.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { createLogger } from "../../shared/logger.ts";
import { loadEvent, loadSnapshot, SNAPSHOT_DIR } from "../helpers/samples.ts";
import { expectedFiles } from "../oci/expected.ts";

const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";

/** The local adapters over a private copy of the sample snapshots. */
async function localRun() {
  const dir = await mkdtemp(join(tmpdir(), "ts-local-flow-"));
  const snapshots = join(dir, "snapshots");
  const state = join(dir, "state");
  await cp(SNAPSHOT_DIR, snapshots, { recursive: true });
  const logs: string[] = [];
  const settings = loadSettings({ TUNNELSMITH_SNAPSHOT_DIR: snapshots, TUNNELSMITH_STATE_DIR: state });
  const handler = createHandler(
    createLocalDependencies(settings, {
      logger: createLogger({ write: (l) => logs.push(l) }),
      print: () => {},
    }),
  );
  const bucketDir = join(state, "bucket", "connections", CONNECTION);
  return {
    snapshots,
    logs,
    call: (name: string) => handler(loadEvent(name), { callID: `local-${name}` }),
    files: async () => (await readdir(join(bucketDir, "libreswan")).catch(() => [])).sort(),
    links: async () => (await readdir(join(state, "links")).catch(() => [])).length,
    outbox: async () => (await readdir(join(state, "outbox")).catch(() => [])).length,
    state: async () => JSON.parse(await readFile(join(bucketDir, "state.json"), "utf8").catch(() => "null")),
  };
}

describe("the core on the local adapters", () => {
  it("create, unchanged update, refused delete, delete, redelivered delete", async () => {
    const run = await localRun();
    expect((await run.call("create-static-ikev1")).outcome).toBe("rendered");
    const n = expectedFiles("static-ikev1").length;
    expect(await run.files()).toHaveLength(n);
    expect(await run.links()).toBe(n);
    expect(await run.state()).toMatchObject({
      status: "rendered",
      lease: null,
      lastEventId: "b6a0d1f2-0000-4000-8000-985577521188",
    });

    expect((await run.call("update-static-ikev1")).outcome).toBe("unchanged");
    expect(await run.outbox()).toBe(1);

    // The snapshot is still there, i.e. the connection exists: a delete event must not remove its configs.
    expect((await run.call("delete-static-ikev1")).outcome).toBe("ignored");
    expect(await run.files()).toHaveLength(n);

    await rm(join(run.snapshots, "static-ikev1.json"));
    expect(await run.call("delete-static-ikev1")).toMatchObject({
      outcome: "deleted",
      deletedFiles: n,
      revokedLinks: n,
    });
    expect(await run.files()).toEqual([]);
    expect(await run.links()).toBe(0);
    expect(await run.state()).toBeNull();
    expect(await run.outbox()).toBe(2);

    expect(await run.call("delete-static-ikev1")).toMatchObject({
      outcome: "deleted",
      deletedFiles: 0,
      messageId: null,
    });
    expect(await run.outbox()).toBe(2);
  });

  it("a CPE event re-renders the connections on that CPE", async () => {
    const run = await localRun();
    const result = await run.call("update-cpe-static-ikev1");
    expect(result).toMatchObject({
      outcome: "cpe-updated",
      cpeId: "ocid1.cpe.oc1.ap-tokyo-1.aaaaaaaastaticikev1cpe",
    });
    expect(
      result.outcome === "cpe-updated" && result.connections.map((c) => [c.connectionId, c.outcome]),
    ).toEqual([[CONNECTION, "rendered"]]);
  });

  it("keeps PSKs out of the log, the outbox and state.json", async () => {
    const run = await localRun();
    await run.call("create-static-ikev1");
    const outbox = await readdir(join(run.snapshots, "..", "state", "outbox"));
    const texts = [
      ...run.logs,
      JSON.stringify(await run.state()),
      ...(await Promise.all(
        outbox.map((f) => readFile(join(run.snapshots, "..", "state", "outbox", f), "utf8")),
      )),
    ];
    for (const psk of Object.values(loadSnapshot("static-ikev1").sharedSecrets)) {
      expect(texts.filter((t) => t.includes(psk))).toEqual([]);
    }
  });
});
