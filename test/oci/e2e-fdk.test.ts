import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callFunction, type RunningFunction, startFunction } from "../helpers/fdk.ts";
import { rawSnapshot } from "../helpers/samples.ts";
import { FakeOci } from "../msw/fake-oci.ts";
import { type HttpFake, startHttpFake } from "../msw/http-fake.ts";
import { testIdentity } from "../msw/keys.ts";
import { BUCKET, expectNoPskLeak, FINGERPRINT_KEY, loadEvent, TOPIC } from "./harness.ts";

/**
 * End to end: the real bundled entry (`dist/func.mjs`), started like Fn starts it on a unix socket, in OCI mode
 * with a config-file key, its three endpoint overrides pointing at a node:http fake of OCI on 127.0.0.1 that
 * serves the same handlers and fake state as the msw tests. A create event goes in; the test checks what the fake
 * received.
 */

describe("function entry in OCI mode against a local fake of OCI", () => {
  const fake = new FakeOci(testIdentity());
  let oci: HttpFake;
  let fn: RunningFunction;
  const connectionId = fake.seedSnapshot(rawSnapshot("bgp-ikev1")).connectionId;

  beforeAll(async () => {
    fake.addBucket(BUCKET);
    fake.topics.add(TOPIC);
    oci = await startHttpFake(fake, () => new Date());
    fn = await startFunction(await mkdtemp(join(tmpdir(), "ts-e2e-")), {
      TUNNELSMITH_MODE: "oci",
      TUNNELSMITH_BUCKET: BUCKET,
      TUNNELSMITH_TOPIC_ID: TOPIC,
      TUNNELSMITH_PSK_FINGERPRINT_KEY: FINGERPRINT_KEY,
      TUNNELSMITH_RETRY_MAX_DELAY_SECONDS: "0",
      OCI_CONFIG_FILE: testIdentity().configFile,
      TUNNELSMITH_ENDPOINT_IAAS: oci.origin,
      TUNNELSMITH_ENDPOINT_OBJECTSTORAGE: oci.origin,
      TUNNELSMITH_ENDPOINT_NOTIFICATIONS: oci.origin,
    });
  }, 60_000);

  afterAll(async () => {
    await fn?.stop();
    await oci?.close();
  });

  it("renders a create event into objects, PARs and one message, with every request signed by the config-file key", async () => {
    const res = await callFunction(fn.socket, JSON.stringify(loadEvent("create-bgp-ikev1")));

    expect(res.status, res.body).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.outcome).toBe("rendered");
    const bucket = fake.buckets.get(BUCKET);
    const objects = [...(bucket?.objects.keys() ?? [])].sort();
    expect(objects).toContain(`connections/${connectionId}/libreswan/oci-ipsec.conf`);
    expect(objects).toContain(`connections/${connectionId}/libreswan/frr.conf`);
    expect(objects).toContain(`connections/${connectionId}/state.json`);
    expect(bucket?.pars.size).toBe(objects.length - 1);
    for (const f of body.files)
      expect(f.url).toMatch(/^https:\/\/objectstorage\.ap-tokyo-1\.oraclecloud\.com\/p\//);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.body).toContain("203.0.113.30");

    expect(fake.requests.length).toBeGreaterThan(10);
    expect(fake.requests.filter((r) => r.signatureProblem !== null)).toEqual([]);
    expect(oci.unhandled).toEqual([]);
    expect(new Set(fake.requests.map((r) => r.service))).toEqual(new Set(["core", "objectstorage", "ons"]));

    // The same checks as every in-process OCI test, over the child's own output.
    expectNoPskLeak({ fake, logs: fn.stderr().split("\n"), consoleLines: fn.stdout().split("\n") });
    const lines = fn
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual(
      expect.objectContaining({ message: "connection rendered", callId: "01TESTCALL" }),
    );
  });

  it("answers the redelivered event as a duplicate without touching OCI beyond one read", async () => {
    const before = fake.requests.length;
    const res = await callFunction(fn.socket, JSON.stringify(loadEvent("create-bgp-ikev1")));
    expect(JSON.parse(res.body).outcome).toBe("duplicate");
    expect(fake.requests.slice(before).map((r) => r.method)).toEqual(["GET"]);
    expect(fake.messages).toHaveLength(1);
  });
});

describe("function entry in OCI mode with a broken configuration", () => {
  let fn: RunningFunction;

  beforeAll(async () => {
    fn = await startFunction(await mkdtemp(join(tmpdir(), "ts-e2e-bad-")), { TUNNELSMITH_MODE: "oci" });
  }, 60_000);

  afterAll(async () => {
    await fn?.stop();
  });

  it("still listens, and answers every call with the list of what to fix", async () => {
    const res = await callFunction(fn.socket, JSON.stringify(loadEvent("create-bgp-ikev1")));
    expect(res.status).toBe(502);
    expect(res.body).toContain("CONFIG_INVALID");
    expect(res.body).toContain("TUNNELSMITH_BUCKET: is not set");
    expect(res.body).toContain("TUNNELSMITH_TOPIC_ID: is not set");
    expect(fn.stderr()).toContain("function configuration is invalid");
  });
});
