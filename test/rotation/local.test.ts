import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { EVENTS_DIR, SNAPSHOT_DIR } from "../helpers/samples.ts";
import { STATIC, STATIC_T1, STATIC_T2 } from "./helpers.ts";

type Json = Record<string, unknown>;

/** Hash of every sample snapshot: the tests work on copies and must never change the originals. */
async function samplesDigest(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of (await readdir(SNAPSHOT_DIR)).sort())
    hash.update(await readFile(join(SNAPSHOT_DIR, name)));
  return hash.digest("hex");
}

/** The CLI on the embedded default, over a private copy of the sample snapshots. */
async function localCli(options: { healthy?: boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "ts-rotation-local-"));
  const snapshots = join(dir, "snapshots");
  const state = join(dir, "state");
  await cp(SNAPSHOT_DIR, snapshots, { recursive: true });
  const snapshotFile = join(snapshots, "static-ikev1.json");
  const readSnapshot = async () => JSON.parse(await readFile(snapshotFile, "utf8")) as Json;
  if (options.healthy) {
    const raw = await readSnapshot();
    for (const t of raw.tunnels as Json[]) t.status = "UP";
    await writeFile(snapshotFile, JSON.stringify(raw, null, 2));
  }
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { TUNNELSMITH_SNAPSHOT_DIR: snapshots, TUNNELSMITH_STATE_DIR: state },
  };
  const bucket = join(state, "bucket", "connections", STATIC);
  return {
    out,
    err,
    run: (...argv: string[]) => runCli(argv, io),
    readSnapshot,
    secretsFile: () => readFile(join(bucket, "libreswan", "oci-ipsec.secrets"), "utf8"),
    stateText: () => readFile(join(bucket, "state.json"), "utf8"),
    outbox: async () => {
      const names = (await readdir(join(state, "outbox")).catch(() => [] as string[])).sort();
      return Promise.all(names.map((n) => readFile(join(state, "outbox", n), "utf8")));
    },
    stateDirEntries: () => readdir(state).catch(() => [] as string[]),
    /** What a local rotation recorded in the state folder (the snapshot folder is never written). */
    readRotated: async () =>
      JSON.parse(await readFile(join(state, "rotated", `${STATIC}.json`), "utf8")) as {
        sharedSecrets: Record<string, string>;
        tunnels: Record<string, { status?: string }>;
      },
    rotatedMode: async () => (await stat(join(state, "rotated", `${STATIC}.json`))).mode & 0o777,
  };
}

const event = (name: string) => join(EVENTS_DIR, `${name}.json`);

describe("rotation on the embedded default (local adapters)", () => {
  it("tunnelsmith invoke runs the sample rotate-psk events; on the pristine samples both tunnels are down", async () => {
    const before = await samplesDigest();
    const cli = await localCli();

    expect(await cli.run("invoke", event("rotate-psk-static-ikev1-dry-run")), cli.err.join("\n")).toBe(0);
    expect(JSON.parse(cli.out.join(""))).toMatchObject({ outcome: "dry-run", wouldDo: "refuse" });
    expect(await cli.stateDirEntries()).toEqual([]); // a dry run writes nothing

    cli.out.length = 0;
    expect(await cli.run("invoke", event("rotate-psk-static-ikev1"))).toBe(0);
    expect(JSON.parse(cli.out.join(""))).toMatchObject({
      outcome: "refused",
      reasons: [expect.stringMatching(/^the other tunnel \(tunnel 2, 203\.0\.113\.20\) is DOWN/)],
    });

    cli.out.length = 0;
    expect(await cli.run("invoke", event("rotate-psk-compartment"))).toBe(0);
    expect(JSON.parse(cli.out.join(""))).toMatchObject({ outcome: "rotation-sweep", deferred: [] });
    expect(await samplesDigest()).toBe(before);
  });

  it("rotates through the sample event: new key in the state folder and the stored config, nowhere else", async () => {
    const before = await samplesDigest();
    const cli = await localCli({ healthy: true });
    const oldKey = ((await cli.readSnapshot()).sharedSecrets as Record<string, string>)[STATIC_T1];
    expect(await cli.run("invoke", event("create-static-ikev1"))).toBe(0);

    cli.out.length = 0;
    expect(await cli.run("invoke", event("rotate-psk-static-ikev1")), cli.err.join("\n")).toBe(0);

    const result = JSON.parse(cli.out.filter((l) => !l.startsWith("[outbox]")).join("")) as Json;
    expect(result).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T1 });
    const snapshotBefore = await cli.readSnapshot();
    const rotated = await cli.readRotated();
    const key = rotated.sharedSecrets[STATIC_T1] ?? "";
    expect(key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(key).not.toBe(oldKey);
    expect(await cli.rotatedMode()).toBe(0o600);
    // The snapshot folder keeps the old key; as OCI does, the tunnel is down until the CPE has the new one.
    expect((snapshotBefore.sharedSecrets as Record<string, string>)[STATIC_T1]).toBe(oldKey);
    expect(rotated.tunnels[STATIC_T1]?.status).toBe("DOWN");
    expect(await cli.secretsFile()).toContain(key);
    const elsewhere = [...cli.err, ...cli.out, await cli.stateText(), ...(await cli.outbox())];
    expect(elsewhere.filter((t) => t.includes(key))).toEqual([]);
    expect(await samplesDigest()).toBe(before);
  });

  it("tunnelsmith rotate: dry run, rotation, refusal while the rotated tunnel is down, --force, --tunnel", async () => {
    const cli = await localCli({ healthy: true });

    expect(await cli.run("rotate", "--ipsec", STATIC, "--dry-run"), cli.err.join("\n")).toBe(0);
    expect(cli.out).toEqual([
      "dry run: would rotate (tunnel 1, 203.0.113.10): tunnel 1 has the oldest key (never)",
      "keys:",
      expect.stringMatching(
        /^ {2}tunnel 1 203\.0\.113\.10 \(.+tunnel1\): never rotated by tunnelsmith \(age unknown, at most [\d.]+ days\)$/,
      ),
      expect.stringMatching(/^ {2}tunnel 2 203\.0\.113\.20 /),
      "nothing was changed",
    ]);
    expect(await cli.stateDirEntries()).toEqual([]);

    cli.out.length = 0;
    expect(await cli.run("rotate", "--ipsec", STATIC), cli.err.join("\n")).toBe(0);
    expect(cli.out.find((l) => l.startsWith("rotated"))).toMatch(
      /^rotated the pre-shared key of tunnel 1 \(203\.0\.113\.10\) of ocid1\.ipsecconnection\.\S+ at \S+$/,
    );

    cli.err.length = 0;
    expect(await cli.run("rotate", "--ipsec", STATIC)).toBe(2);
    expect(cli.err.at(-1)).toBe(
      "tunnelsmith: rotation refused, nothing changed: the other tunnel (tunnel 1, 203.0.113.10) is DOWN, not UP: changing this key would take the last working tunnel down (--force overrides)",
    );

    cli.out.length = 0;
    expect(await cli.run("rotate", "--ipsec", STATIC, "--force")).toBe(0);
    expect(cli.out).toContainEqual(
      expect.stringMatching(/^FORCED over: the other tunnel \(tunnel 1, 203\.0\.113\.10\) is DOWN/),
    );
    expect(cli.out).toContainEqual(expect.stringMatching(/^rotated the pre-shared key of tunnel 2 /));

    cli.out.length = 0;
    expect(await cli.run("rotate", "--ipsec", STATIC, "--tunnel", STATIC_T2, "--dry-run")).toBe(0);
    expect(cli.out[0]).toMatch(/^dry run: would refuse \(tunnel 2, 203\.0\.113\.20\): /);
  });

  it.each([
    [["rotate"], /rotate needs --ipsec OCID/],
    [["rotate", "--ipsec", "ocid1.cpe.oc1..x"], /is not an IPSec connection OCID/],
    [["rotate", "--ipsec", STATIC, "--tunnel", "tunnel-1"], /--tunnel "tunnel-1" is not a tunnel OCID/],
    [["rotate", "--ipsec", STATIC, "--yes"], /rotate: unknown option '--yes'; valid: --ipsec/],
  ])("%j exits 2 with a one-line message", async (argv, message) => {
    const cli = await localCli();
    expect(await cli.run(...argv)).toBe(2);
    expect(cli.err.join("\n")).toMatch(message);
  });
});
