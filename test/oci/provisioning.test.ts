import { describe, expect, it } from "vitest";
import { BUCKET, loadEvent, T0, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
// Jitter pinned to its low end: each wait is half its step (steps 2 s, 4 s, 8 s).
const WAIT = { firstMs: 2_000, maxMs: 8_000, reserveMs: 10_000, random: () => 0 };

describe("a create event that arrives while the connection is PROVISIONING", () => {
  it("waits with backoff and renders once the connection is AVAILABLE", async () => {
    h.seed("static-ikev1");
    h.fake.provisionSlowly(CONNECTION, 4);

    const result = await h.invoke(loadEvent("create-static-ikev1"), { handler: h.handler({}, WAIT) });

    expect(result.outcome).toBe("rendered");
    expect(h.fake.requestsTo("GET", /^\/ipsecConnections\/[^/]+$/)).toHaveLength(4);
    // 1 s, 2 s, 4 s of (fake) waiting.
    expect(h.clock.now().getTime() - T0.getTime()).toBe(7_000);
    expect(h.fake.messages).toHaveLength(1);
    const waits = h.logs
      .map((l) => JSON.parse(l))
      .filter((l) => l.message === "connection not ready yet; waiting");
    expect(waits.map((l) => l.waitMs)).toEqual([1000, 2000, 4000]);
  });

  it("records it as pending when the deadline comes first, and renders on the next event", async () => {
    h.seed("static-ikev1");
    h.fake.provisionSlowly(CONNECTION, 100);

    const first = await h.invoke(loadEvent("create-static-ikev1"), {
      handler: h.handler({}, WAIT),
      deadlineMs: 30_000,
    });

    expect(first).toMatchObject({
      outcome: "pending",
      connectionId: CONNECTION,
      reason: "lifecycleState PROVISIONING",
    });
    // It gave up in time to finish cleanly: no more waiting than the deadline minus the reserve allows.
    expect(h.clock.now().getTime() - T0.getTime()).toBeLessThanOrEqual(20_000);
    const bucket = h.fake.buckets.get(BUCKET);
    const state = JSON.parse(bucket?.objects.get(`connections/${CONNECTION}/state.json`)?.body ?? "{}");
    expect(state).toMatchObject({
      status: "pending",
      pendingReason: "lifecycleState PROVISIONING",
      lease: null,
    });
    expect([...(bucket?.objects.keys() ?? [])]).toEqual([`connections/${CONNECTION}/state.json`]);
    expect(h.fake.messages).toHaveLength(0);

    // The same create event delivered again (or the update event) renders it once it is AVAILABLE.
    h.fake.provisioningReads.set(CONNECTION, { reads: 1, vpnIps: ["203.0.113.10", "203.0.113.20"] });
    const again = await h.invoke(loadEvent("create-static-ikev1"));
    expect(again.outcome).toBe("rendered");
    expect(h.fake.messages).toHaveLength(1);
  });

  it("a connection deleted before the function ran (404) is acknowledged without writing anything", async () => {
    const result = await h.invoke(loadEvent("create-static-ikev1"));

    expect(result).toMatchObject({ outcome: "ignored", connectionId: CONNECTION });
    expect(h.fake.buckets.get(BUCKET)?.objects.size).toBe(0);
    expect(h.fake.messages).toHaveLength(0);
    expect(h.fake.requestsTo("GET", /^\/ipsecConnections\/[^/]+$/)[0]?.status).toBe(404);
  });
});
