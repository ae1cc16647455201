import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { AdapterError, OutcomeUnknownError } from "../../shared/errors.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { BUCKET, TOPIC, useOciHarness } from "../oci/harness.ts";
import { adaptersFor, storedFile, TEST_MARGIN_MS } from "./invocation.ts";

const h = useOciHarness();
const PAR_POST = /^\/n\/[^/]+\/b\/[^/]+\/p$/;
const PUBLISH = /^\/topics\/[^/]+\/messages$/;
const expires = new Date("2026-11-29T05:00:00.000Z");

describe("a create whose answer is lost is not retried blindly", () => {
  it("CreatePreauthenticatedRequest: a 5xx after the link was made raises OutcomeUnknownError after one request", async () => {
    h.fake.faults.add({
      method: "POST",
      path: PAR_POST,
      when: "after",
      status: 503,
      code: "ServiceUnavailable",
    });
    const { store } = adaptersFor(h);

    const error = await store.createLink(storedFile(), expires).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).operation).toBe("CreatePreauthenticatedRequest");
    expect((error as Error).message).toMatch(/HTTP 503, ServiceUnavailable, opc-request-id/);
    expect(h.fake.requestsTo("POST", PAR_POST)).toHaveLength(1);
    // It did happen: the core has one link to find when it reconciles, not two.
    expect(h.fake.buckets.get(BUCKET)?.pars.size).toBe(1);
  });

  it("PublishMessage: a 5xx after the message went out raises OutcomeUnknownError after one request", async () => {
    h.fake.faults.add({ method: "POST", path: PUBLISH, when: "after", status: 500 });
    const { notifier } = adaptersFor(h);

    const error = await notifier.publish({ title: "configs ready", body: "b" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).operation).toBe("PublishMessage");
    expect(h.fake.requestsTo("POST", PUBLISH)).toHaveLength(1);
    expect(h.fake.messages.map((m) => m.topicId)).toEqual([TOPIC]);
  });

  it("a lost connection (no status at all) on a create is an unknown outcome too, with no second attempt", async () => {
    let attempts = 0;
    h.server.use(
      http.post(`${MSW_ORIGINS.notifications}/20181201/topics/:topic/messages`, () => {
        attempts += 1;
        return HttpResponse.error();
      }),
    );
    const { notifier } = adaptersFor(h);

    await expect(notifier.publish({ title: "t", body: "b" })).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(attempts).toBe(1);
  });

  it("429 means the request was not processed: a create is retried and succeeds", async () => {
    h.fake.faults.add({
      method: "POST",
      path: PUBLISH,
      when: "before",
      status: 429,
      code: "TooManyRequests",
    });
    const { notifier } = adaptersFor(h);

    await notifier.publish({ title: "t", body: "b" });

    expect(h.fake.requestsTo("POST", PUBLISH).map((r) => r.status)).toEqual([429, 202]);
    expect(h.fake.messages).toHaveLength(1);
  });

  it("a refusal (4xx) is a plain adapter error: nothing was made, nothing to reconcile", async () => {
    h.fake.faults.add({
      method: "POST",
      path: PAR_POST,
      when: "before",
      status: 400,
      code: "InvalidParameter",
    });
    const { store } = adaptersFor(h);

    const error = await store.createLink(storedFile(), expires).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AdapterError);
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).message).toMatch(
      /CreatePreauthenticatedRequest .* failed \(HTTP 400, InvalidParameter/,
    );
    expect(h.fake.requestsTo("POST", PAR_POST)).toHaveLength(1);
  });
});

describe("every request ends before the invocation's deadline", () => {
  it("a read that never answers is cut at the deadline, not retried, with an error naming the operation", async () => {
    h.fake.faults.add({ method: "GET", path: /^\/ipsecConnections\/[^/]+$/, when: "hang" });
    const { network } = adaptersFor(h, { deadlineMs: TEST_MARGIN_MS + 300 });

    const error = await network.readConnection("ocid1.ipsecconnection.oc1..hang").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AdapterError);
    expect((error as Error).message).toMatch(
      /GetIPSecConnection failed \(no response, RequestTimeout, at iaas\.oci\.invalid\): no answer within \d+ ms \(the invocation's deadline\)/,
    );
    expect(h.fake.faults.held).toEqual(["GET /ipsecConnections/ocid1.ipsecconnection.oc1..hang"]);
  });

  it("a create that never answers is cut at the deadline and raises OutcomeUnknownError", async () => {
    h.fake.faults.add({ method: "POST", path: PAR_POST, when: "hang" });
    const { store } = adaptersFor(h, { deadlineMs: TEST_MARGIN_MS + 300 });

    const error = await store.createLink(storedFile(), expires).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).message).toMatch(/RequestTimeout/);
    expect(h.fake.requestsTo("POST", PAR_POST)).toHaveLength(1);
  });

  it("a read cut by the per-request cap (not the deadline) is retried and can succeed", async () => {
    h.seed("static-ikev1");
    h.fake.faults.add({ method: "GET", path: /^\/cpes\/[^/]+$/, when: "hang" });
    const { network } = adaptersFor(h, { env: { TUNNELSMITH_REQUEST_TIMEOUT_SECONDS: "1" } });

    const ids = await network.listConnectionsOfCpe("ocid1.cpe.oc1.ap-tokyo-1.aaaaaaaastaticikev1cpe", null);

    expect(h.fake.faults.held).toHaveLength(1);
    expect(h.fake.requestsTo("GET", /^\/cpes\/[^/]+$/).length).toBe(2);
    expect(ids).toEqual(["ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1"]);
  });

  it("sends nothing once the deadline is within the margin", async () => {
    const { notifier } = adaptersFor(h, { deadlineMs: TEST_MARGIN_MS - 50 });

    const error = await notifier.publish({ title: "t", body: "b" }).catch((e: unknown) => e);

    expect((error as Error).message).toMatch(/DeadlineReached/);
    expect(h.fake.requestsTo("POST", PUBLISH)).toEqual([]);
  });
});
