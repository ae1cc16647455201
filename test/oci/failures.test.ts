import { http } from "msw";
import { describe, expect, it } from "vitest";
import { ociError, signed } from "../msw/respond.ts";
import { fault, MSW_ORIGINS } from "../msw/server.ts";
import { expectedFiles } from "./expected.ts";
import { BUCKET, loadEvent, T0, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const OS = `${MSW_ORIGINS.objectStorage}/n/:ns/b/:bucket`;
const STATE = `connections/${CONNECTION}/state.json`;

function stateOf() {
  return JSON.parse(h.fake.buckets.get(BUCKET)?.objects.get(STATE)?.body ?? "null");
}

describe("OCI failure modes", () => {
  it("refuses to write to a public bucket", async () => {
    h.seed("static-ikev1");
    const bucket = h.fake.buckets.get(BUCKET);
    if (bucket) bucket.publicAccessType = "ObjectRead";

    await expect(h.invoke(loadEvent("create-static-ikev1"))).rejects.toThrow(
      /BUCKET_PUBLIC: bucket tunnelsmith-configs has publicAccessType ObjectRead/,
    );
    expect(h.fake.requestsTo("PUT", /./)).toEqual([]);
    expect(h.fake.requestsTo("POST", /./)).toEqual([]);
    expect(h.fake.messages).toEqual([]);
  });

  it.each([
    [409, "ConcurrentObjectUpdate"],
    [412, "IfMatchFailed"],
  ])("a %i on state.json means someone else wrote it: read again and retry", async (status, code) => {
    h.seed("static-ikev1");
    h.server.use(fault(h.fake, "put", `${OS}/o/${encodeURIComponent(STATE)}`, status, code, 1));

    const result = await h.invoke(loadEvent("create-static-ikev1"));

    expect(result.outcome).toBe("rendered");
    const statePuts = h.fake.requestsTo("PUT", /state\.json$/);
    expect(statePuts.map((r) => r.status)).toEqual([status, 200, 200]);
    expect(stateOf()).toMatchObject({ status: "rendered", lease: null });
    expect(h.fake.messages).toHaveLength(1);
  });

  it("waits for a lease another invocation holds, then takes it once it expires", async () => {
    h.seed("static-ikev1");
    const bucket = h.fake.buckets.get(BUCKET);
    const held = {
      schemaVersion: 1,
      connectionId: CONNECTION,
      status: "new",
      announced: false,
      files: [],
      lease: { holder: "other-call", expiresAt: new Date(T0.getTime() + 10_000).toISOString() },
    };
    bucket?.objects.set(STATE, {
      body: JSON.stringify(held),
      etag: '"held"',
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });

    const result = await h.invoke(loadEvent("create-static-ikev1"));

    expect(result.outcome).toBe("rendered");
    expect(h.clock.now().getTime()).toBeGreaterThanOrEqual(T0.getTime() + 10_000);
    const waits = h.logs
      .map((l) => JSON.parse(l))
      .filter((l) => l.message.startsWith("another invocation is handling"));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toMatchObject({ holder: "other-call" });
  });

  it("gives up with a clear BUSY error when the lease outlives this invocation's deadline", async () => {
    h.seed("static-ikev1");
    const held = {
      schemaVersion: 1,
      connectionId: CONNECTION,
      lease: { holder: "other-call", expiresAt: new Date(T0.getTime() + 600_000).toISOString() },
    };
    h.fake.buckets.get(BUCKET)?.objects.set(STATE, {
      body: JSON.stringify(held),
      etag: '"held"',
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });

    await expect(h.invoke(loadEvent("create-static-ikev1"), { deadlineMs: 30_000 })).rejects.toThrow(
      /BUSY: connection .* is being handled by invocation other-call/,
    );
    expect(h.fake.requestsTo("PUT", /./)).toEqual([]);
  });

  it("two invocations for one connection at once take turns and leave one consistent state", async () => {
    h.seed("static-ikev1");
    h.clock.yieldMs = 5;
    const update = loadEvent("update-static-ikev1");

    const results = await Promise.all([
      h.invoke(loadEvent("create-static-ikev1"), { callId: "call-a", deadlineMs: 1_800_000 }),
      h.invoke(update, { callId: "call-b", deadlineMs: 1_800_000 }),
    ]);

    // They did collide on the lease (one lost the If-None-Match race or found it held) and then took turns.
    const contention = h.logs
      .map((l) => JSON.parse(l))
      .filter((l) =>
        /state\.json changed while taking the lease|another invocation is handling/.test(l.message),
      );
    expect(contention.length).toBeGreaterThan(0);
    expect(results.map((r) => r.outcome).sort()).toEqual(["rendered", "unchanged"]);
    expect(h.fake.messages).toHaveLength(1);
    const state = stateOf();
    const pars = [...(h.fake.buckets.get(BUCKET)?.pars.keys() ?? [])].sort();
    expect(state.lease).toBeNull();
    expect(state.files.map((f: { linkId: string }) => f.linkId).sort()).toEqual(pars);
  });

  // A 5xx on a create (CreatePreauthenticatedRequest, PublishMessage) is not retried: test/oci-adapters/creates.test.ts.
  it("retries 429 and 500 from every service and succeeds", async () => {
    h.seed("static-ikev1");
    h.server.use(
      fault(h.fake, "get", `${MSW_ORIGINS.iaas}/20160918/ipsecConnections/:id`, 429, "TooManyRequests", 2),
      fault(h.fake, "put", `${OS}/o/:object`, 500, "InternalServerError", 1),
      fault(h.fake, "post", `${OS}/p`, 429, "TooManyRequests", 1),
      fault(
        h.fake,
        "post",
        `${MSW_ORIGINS.notifications}/20181201/topics/:topic/messages`,
        429,
        "TooManyRequests",
        1,
      ),
    );

    const result = await h.invoke(loadEvent("create-static-ikev1"));

    expect(result.outcome).toBe("rendered");
    expect(h.fake.requestsTo("GET", /^\/ipsecConnections\/[^/]+$/).map((r) => r.status)).toEqual([
      429, 429, 200,
    ]);
    expect(h.fake.requestsTo("POST", /\/messages$/).map((r) => r.status)).toEqual([429, 202]);
    expect(h.fake.requestsTo("POST", /\/p$/).filter((r) => r.status === 429)).toHaveLength(1);
    expect(h.fake.requestsTo("PUT", /\/o\//).filter((r) => r.status === 500)).toHaveLength(1);
    expect(h.fake.messages).toHaveLength(1);
  });

  it("stops retrying after the configured attempts and fails without writing", async () => {
    h.seed("static-ikev1");
    h.server.use(
      fault(
        h.fake,
        "get",
        `${MSW_ORIGINS.iaas}/20160918/ipsecConnections/:id`,
        500,
        "InternalServerError",
        100,
      ),
    );

    await expect(
      h.invoke(loadEvent("create-static-ikev1"), {
        handler: h.handler({ TUNNELSMITH_RETRY_MAX_ATTEMPTS: "3" }),
      }),
    ).rejects.toThrow(/internal error; see the function log for call 01OCITESTCALL/);
    expect(h.fake.requestsTo("GET", /^\/ipsecConnections\/[^/]+$/)).toHaveLength(3);
    const failure = h.logs.map((l) => JSON.parse(l)).find((l) => l.message === "invocation failed");
    expect(failure?.error.message).toMatch(
      /GetIPSecConnection failed \(HTTP 500, InternalServerError, opc-request-id /,
    );
    // The lease was given up: state.json is gone again (there was none before).
    expect(stateOf()).toBeNull();
  });

  it("a notification that cannot be sent leaves the new links recorded and unannounced; the next delivery sends it", async () => {
    h.seed("static-ikev1");
    h.server.use(
      fault(
        h.fake,
        "post",
        `${MSW_ORIGINS.notifications}/20181201/topics/:topic/messages`,
        400,
        "InvalidParameter",
        1,
      ),
    );

    await expect(h.invoke(loadEvent("create-static-ikev1"))).rejects.toThrow(/internal error/);
    const partial = stateOf();
    expect(partial).toMatchObject({ status: "rendered", announced: false, lastEventId: null, lease: null });
    expect(partial.files).toHaveLength(expectedFiles("static-ikev1").length);
    expect(h.fake.messages).toHaveLength(0);

    const again = await h.invoke(loadEvent("create-static-ikev1"));

    expect(again.outcome).toBe("rendered");
    expect(h.fake.messages).toHaveLength(1);
    const pars = [...(h.fake.buckets.get(BUCKET)?.pars.keys() ?? [])].sort();
    expect(pars).toHaveLength(expectedFiles("static-ikev1").length);
    expect(
      stateOf()
        .files.map((f: { linkId: string }) => f.linkId)
        .sort(),
    ).toEqual(pars);
  });

  it("takes back the links it made when creating the rest fails, leaving no orphaned PAR", async () => {
    h.seed("static-ikev1");
    let created = 0;
    h.server.use(
      http.post(
        `${OS}/p`,
        signed(h.fake, "objectstorage", () => {
          created += 1;
          return created === 3 ? ociError(400, "InvalidParameter", "injected on the third PAR") : undefined;
        }),
      ),
    );

    await expect(h.invoke(loadEvent("create-static-ikev1"))).rejects.toThrow(/internal error/);

    // Links are created a few at a time: every one that was created (all but the failed third) is revoked again.
    expect(created).toBeGreaterThanOrEqual(3);
    expect(h.fake.buckets.get(BUCKET)?.pars.size).toBe(0);
    expect(h.fake.requestsTo("DELETE", /\/p\/[^/]+$/)).toHaveLength(created - 1);
    expect(stateOf()).toBeNull();
    expect(h.fake.messages).toHaveLength(0);
  });
});
