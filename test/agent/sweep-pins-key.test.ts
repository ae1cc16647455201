import { generateKeyPairSync } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { SEALED_MAGIC } from "../../shared/bundle/encrypt-secret.ts";
import { EVENTS_DIR, SNAPSHOT_DIR } from "../helpers/samples.ts";

const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplecompartment";

/** The embedded default with the agent on, the static sample rendered once (its event, not the sweep). */
async function renderedWithAgent() {
  const dir = await mkdtemp(join(tmpdir(), "ts-agent-sweep-"));
  const snapshots = join(dir, "snapshots");
  const stateDir = join(dir, "state");
  await cp(SNAPSHOT_DIR, snapshots, { recursive: true });
  const err: string[] = [];
  const io: CliIo = {
    out: () => {},
    err: (t) => err.push(t),
    env: { TUNNELSMITH_SNAPSHOT_DIR: snapshots, TUNNELSMITH_STATE_DIR: stateDir, TUNNELSMITH_AGENT: "on" },
  };
  expect(await runCli(["invoke", join(EVENTS_DIR, "create-static-ikev1.json")], io), err.join("\n")).toBe(0);
  const folder = join(stateDir, "bucket", "connections", CONNECTION);
  const secrets = () => readFile(join(folder, "libreswan", "oci-ipsec.secrets"), "utf8");
  const state = async () => JSON.parse(await readFile(join(folder, "state.json"), "utf8"));
  const messages = async () => (await readdir(join(stateDir, "outbox")).catch(() => [])).length;
  const sweep = async () =>
    expect(await runCli(["sweep", "--compartment", COMPARTMENT], io), err.join("\n")).toBe(0);
  /** What the agent writes through its status link after the bootstrap: the report with its public key. */
  const report = async (publicKey: string) => {
    await mkdir(join(folder, "agent-status"), { recursive: true });
    const status = {
      connectionId: CONNECTION,
      vendor: "libreswan",
      result: "applied",
      bundle: "",
      tunnels: [],
      publicKey,
      time: new Date().toISOString(),
    };
    await writeFile(join(folder, "agent-status", "libreswan.json"), JSON.stringify(status));
  };
  return { secrets, state, messages, sweep, report };
}

const publicKey = (bits: number) =>
  generateKeyPairSync("rsa", { modulusLength: bits })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();

describe("the sweep closes the plaintext bootstrap window (issue 20.4)", () => {
  it("renders a connection whose agent reported its key: the key is pinned and the PSK files sealed, once", async () => {
    const cpe = await renderedWithAgent();
    await cpe.sweep(); // adopts the other samples; this one has no report yet: stays as rendered
    expect(await cpe.secrets()).not.toContain(SEALED_MAGIC);
    expect((await cpe.state()).agent.publicKey).toBeNull();

    await cpe.report(publicKey(3072));
    await cpe.sweep();
    expect((await cpe.secrets()).startsWith(SEALED_MAGIC)).toBe(true);
    expect((await cpe.state()).agent.publicKey).not.toBeNull();

    const after = await cpe.messages();
    await cpe.sweep();
    expect(await cpe.messages()).toBe(after);
  });

  it("leaves a connection alone whose agent reported a key the render would refuse", async () => {
    const cpe = await renderedWithAgent();
    await cpe.report(publicKey(2048));
    await cpe.sweep();
    const before = await cpe.messages();
    await cpe.sweep();
    expect(await cpe.messages()).toBe(before);
    expect(await cpe.secrets()).not.toContain(SEALED_MAGIC);
    expect((await cpe.state()).agent.publicKey).toBeNull();
  });
});
