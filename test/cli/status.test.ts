import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { statusCommand } from "../../cli/commands/status.ts";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { createOciDependencyFactory } from "../../shared/adapters/oci/index.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { createLogger } from "../../shared/logger.ts";
import { EVENTS_DIR, SNAPSHOT_DIR } from "../helpers/samples.ts";
import { loadEvent, ociEnv, useOciHarness } from "../oci/harness.ts";
import { STATIC, STATIC_T1, seedHealthy } from "../rotation/helpers.ts";
import { recordingIo, tempDir } from "./helpers.ts";

describe("tunnelsmith status (issue 18.9), local mode", () => {
  it("shows tunnels, the last render, rotation and the last alert from the recorded state", async () => {
    const dir = await tempDir();
    const snapshots = join(dir, "snapshots");
    await cp(SNAPSHOT_DIR, snapshots, { recursive: true });
    const file = join(snapshots, "static-ikev1.json");
    const raw = JSON.parse(await readFile(file, "utf8"));
    raw.tunnels[0].timeStatusUpdated = "2026-11-22T04:55:00Z";
    raw.tunnels[1].status = "UP";
    await writeFile(file, JSON.stringify(raw));
    const env = { TUNNELSMITH_SNAPSHOT_DIR: snapshots, TUNNELSMITH_STATE_DIR: join(dir, "state") };
    const run = async (...argv: string[]) => {
      const io = recordingIo(env);
      const code = await runCli(argv, io.sink);
      return { code, ...io };
    };
    expect((await run("invoke", join(EVENTS_DIR, "create-static-ikev1.json"))).code).toBe(0);
    expect((await run("invoke", join(EVENTS_DIR, "alarm-tunnel-down.json"))).code).toBe(0);

    const { code, out } = await run("status", "--ipsec", STATIC);
    expect(code).toBe(0);
    expect(out[0]).toBe(`IPSec connection "OCI-オンプレ間VPN (static)" (${STATIC})`);
    expect(out[1]).toMatch(/^ {2}tunnel +headend +IPsec +IKE +BGP +last alert$/);
    expect(out[2]).toMatch(/^ {2}1 +203\.0\.113\.10 +DOWN +v1 +- +DOWN at \d{4}-/);
    expect(out[3]).toMatch(/^ {2}2 +203\.0\.113\.20 +UP +v1 +- +none$/);
    expect(out[4]).toMatch(/^ {2}last render: \S+Z; vendors libreswan; \d+ files; links expire \S+Z$/);
    expect(out[5]).toBe("  rotation:    never rotated by tunnelsmith");

    // Both up: a rotation shows in the table.
    raw.tunnels[0].status = "UP";
    await writeFile(file, JSON.stringify(raw));
    expect((await run("rotate", "--ipsec", STATIC, "--tunnel", STATIC_T1)).code).toBe(0);
    const after = await run("status");
    const table = after.out.join("\n");
    expect(table).toMatch(/rotation: {4}tunnel 1 at \S+Z/);
    expect(table).toContain("ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaabgpikev1");
    expect(table).not.toContain(raw.sharedSecrets[STATIC_T1]);
  });

  it.each([
    [["status", "--ipsec", "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaanone"], /not found/],
    [["status", "--ipsec", "x"], /is not an IPSec connection OCID/],
    [["status", "--ipsec", STATIC, "--compartment", "ocid1.compartment.oc1..x"], /not both/],
  ])("%j exits 2", async (argv, message) => {
    const io = recordingIo({
      TUNNELSMITH_SNAPSHOT_DIR: SNAPSHOT_DIR,
      TUNNELSMITH_STATE_DIR: await tempDir(),
    });
    expect(await runCli(argv, io.sink)).toBe(2);
    expect(io.err.at(-1)).toMatch(message);
  });
});

describe("tunnelsmith status, OCI mode", () => {
  const h = useOciHarness();

  it("reads the tunnels from OCI and the render from the bucket's state.json", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: () => {}, env: ociEnv() };
    const factory = createOciDependencyFactory(loadSettings(ociEnv()), {
      logger: createLogger({ level: "debug", write: (l) => h.logs.push(l), now: () => h.clock.now() }),
      clock: h.clock,
    });
    await statusCommand({ ipsec: STATIC, compartment: undefined }, io, factory);
    expect(out[0]).toContain(STATIC);
    expect(out[2]).toMatch(/^ {2}1 +203\.0\.113\.10 +UP +v1 /);
    expect(out[4]).toMatch(/^ {2}last render: \S+Z; vendors [a-z, -]+; \d+ files; links expire \S+Z$/);
  });

  it("needs --ipsec or --compartment", async () => {
    const io = recordingIo(ociEnv());
    expect(await runCli(["status"], io.sink)).toBe(2);
    expect(io.err.at(-1)).toBe("tunnelsmith: status needs --ipsec OCID or --compartment OCID");
  });
});
