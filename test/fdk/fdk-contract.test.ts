import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callFunction, type RunningFunction, startFunction } from "../helpers/fdk.ts";
import { loadEvent, loadSnapshot, SNAPSHOT_DIR } from "../helpers/samples.ts";

/**
 * The FDK contract: the real bundled entry, started like Fn starts it, answers POST /call on a unix socket. Runs in
 * local mode (the embedded default), so it needs no OCI account.
 */
describe("function entry over the Fn http-stream contract", () => {
  let fn: RunningFunction;
  let stateDir: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-fdk-"));
    stateDir = join(dir, "state");
    fn = await startFunction(dir, {
      TUNNELSMITH_MODE: "local",
      TUNNELSMITH_SNAPSHOT_DIR: SNAPSHOT_DIR,
      TUNNELSMITH_STATE_DIR: stateDir,
    });
  }, 60_000);

  afterAll(async () => {
    await fn?.stop();
  });

  it("renders a create event: 200, files in the bucket folder, links, one outbox message, no PSK in logs", async () => {
    const event = loadEvent("create-bgp-ikev1");
    const res = await callFunction(fn.socket, JSON.stringify(event));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    const body = JSON.parse(res.body);
    expect(body.outcome).toBe("rendered");
    const names = body.files.map((f: { vendor: string; name: string }) => `${f.vendor}/${f.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "libreswan/oci-ipsec.conf",
        "libreswan/oci-ipsec.secrets",
        "libreswan/frr.conf",
      ]),
    );

    const connectionId = (event.data as { resourceId: string }).resourceId;
    const conf = await readFile(
      join(stateDir, "bucket", "connections", connectionId, "libreswan", "oci-ipsec.conf"),
      "utf8",
    );
    expect(conf).toContain("leftvti=192.168.254.1/30");

    const outbox = await readdir(join(stateDir, "outbox"));
    expect(outbox).toHaveLength(1);
    const message = JSON.parse(await readFile(join(stateDir, "outbox", outbox[0] ?? ""), "utf8"));
    expect(message.title).toContain("OCI-オンプレ間VPN (BGP)");
    expect(message.body).toContain("203.0.113.30");
    expect(message.body).toContain("203.0.113.40");

    const snapshot = loadSnapshot("bgp-ikev1");
    for (const psk of Object.values(snapshot.sharedSecrets)) {
      expect(message.body).not.toContain(psk);
      expect(fn.stdout()).not.toContain(psk);
      expect(fn.stderr()).not.toContain(psk);
    }
    // Structured log lines carry the call id.
    const logLines = fn
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    expect(logLines.some((l) => l.callId === "01TESTCALL" && l.message === "connection rendered")).toBe(true);
  });

  it("acknowledges a redelivered event without a second notification", async () => {
    const event = loadEvent("create-bgp-ikev1");
    const res = await callFunction(fn.socket, JSON.stringify(event));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).outcome).toBe("duplicate");
    expect(await readdir(join(stateDir, "outbox"))).toHaveLength(1);
  });

  it("answers a non-JSON body with an error naming the problem, and keeps serving", async () => {
    const bad = await callFunction(fn.socket, "this is not json");
    expect(bad.status).toBe(502);
    expect(bad.body).toContain("body is not JSON");
    const good = await callFunction(fn.socket, JSON.stringify(loadEvent("create-ikev2-static-custom")));
    expect(good.status).toBe(200);
  });

  it("answers an event for an unknown connection without crashing", async () => {
    const event = loadEvent("create-static-ikev1") as { data: { resourceId: string } };
    event.data.resourceId = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaadoesnotexist";
    const res = await callFunction(fn.socket, JSON.stringify(event));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).outcome).toBe("ignored");
    expect(fn.process.exitCode).toBeNull();
  });
});
