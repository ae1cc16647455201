import { http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { parCreateFault } from "../msw/objectstorage.ts";
import { publishThenFail } from "../msw/ons.ts";
import { ociError, signed } from "../msw/respond.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { BGP, STATIC, seedUp, useWatchHarness } from "../watch/helpers.ts";
import { expectedFiles } from "./expected.ts";
import { BUCKET, loadEvent, T0 } from "./harness.ts";

const h = useWatchHarness();
const HOUR = 3_600_000;

function stateOf(id: string) {
  return JSON.parse(h.fake.buckets.get(BUCKET)?.objects.get(`connections/${id}/state.json`)?.body ?? "null");
}
/** PARs alive in the fake under the connection's prefix. */
function livePars(id: string): string[] {
  return [...(h.fake.buckets.get(BUCKET)?.pars.values() ?? [])]
    .filter((p) => p.objectName.startsWith(`connections/${id}/`))
    .map((p) => p.id)
    .sort();
}
function recordedLinks(id: string): string[] {
  return (stateOf(id)?.files ?? []).map((f: { linkId: string }) => f.linkId).sort();
}

describe("level-triggered reconcile and converging links (msw)", () => {
  it("a tenancy with connections and no state: one sweep renders and announces each once, a second does nothing", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    seedUp(h, "bgp-ikev1", new Date(T0.getTime() - HOUR));

    const first = await h.sweep();

    expect(first).toMatchObject({ outcome: "swept", connections: 2, adopted: 2, failed: [] });
    expect(first.rerendered.map((r) => [r.connectionId, r.outcome, r.adopted]).sort()).toEqual([
      [BGP, "rendered", true],
      [STATIC, "rendered", true],
    ]);
    const titles = h.fake.messages.map((m) => m.title).sort();
    expect(titles).toEqual([
      "tunnelsmith: OCI-オンプレ間VPN (BGP) adopted by the sweep, CPE configs ready",
      "tunnelsmith: OCI-オンプレ間VPN (static) adopted by the sweep, CPE configs ready",
    ]);
    for (const id of [STATIC, BGP]) {
      expect(stateOf(id)).toMatchObject({ status: "rendered", announced: true, lease: null });
      expect(livePars(id)).toEqual(recordedLinks(id));
      expect(livePars(id).length).toBeGreaterThan(0);
    }
    const writes = h.fake.requestsTo("PUT", /\/o\/connections\/.+\/(?!state\.json$)[^/]+\/[^/]+$/).length;
    const creates = h.fake.requestsTo("POST", /\/p$/).length;

    h.clock.advance(15 * 60_000);
    const second = await h.sweep();

    expect(second).toMatchObject({ adopted: 0, rerendered: [], alerts: [] });
    expect(h.fake.messages).toHaveLength(2);
    expect(h.fake.requestsTo("PUT", /\/o\/connections\/.+\/(?!state\.json$)[^/]+\/[^/]+$/)).toHaveLength(
      writes,
    );
    expect(h.fake.requestsTo("POST", /\/p$/)).toHaveLength(creates);
  });

  it("logs every event type received, so a wrong TUNNELSMITH_*_EVENT_TYPES string is visible", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    const event = {
      ...loadEvent("create-static-ikev1"),
      eventType: "com.oraclecloud.virtualnetwork.somethingelse",
    };
    await h.invoke(event);
    const received = h.logs.map((l) => JSON.parse(l)).filter((l) => l.message === "event received");
    expect(received).toEqual([
      expect.objectContaining({ level: "info", eventType: "com.oraclecloud.virtualnetwork.somethingelse" }),
    ]);
  });

  it("a crash at the 4th CreatePreauthenticatedRequest and a redelivery leave no orphan link", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    h.server.use(parCreateFault(h.fake, MSW_ORIGINS.objectStorage, () => h.clock.now(), [4], "hang"));
    const event = loadEvent("create-static-ikev1");
    // The first invocation dies inside its 4th create: its promise never settles, nothing of it runs again.
    void h.invoke(event, { callId: "crashed", deadlineMs: 60_000 });
    // The other files' creates run on (a few at once); then it waits on the 4th forever.
    await vi.waitFor(() => expect(livePars(STATIC)).toHaveLength(expectedFiles("static-ikev1").length));
    const orphans = livePars(STATIC);
    expect(stateOf(STATIC)?.files ?? []).toEqual([]); // nothing recorded them

    h.clock.advance(61_000); // its lease expired with its deadline
    const again = await h.invoke(event, { callId: "redelivered" });

    expect(again.outcome).toBe("rendered");
    expect(livePars(STATIC)).toEqual(recordedLinks(STATIC));
    for (const id of orphans) expect(livePars(STATIC)).not.toContain(id);
    expect(h.fake.messages).toHaveLength(1);
  });

  it("a 500 answered after the PAR was created (SDK retry or unknown outcome) leaves only the recorded links", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    h.server.use(parCreateFault(h.fake, MSW_ORIGINS.objectStorage, () => h.clock.now(), [2], "500"));

    const result = await h.invoke(loadEvent("create-static-ikev1"));

    expect(result.outcome).toBe("rendered");
    expect(livePars(STATIC)).toEqual(recordedLinks(STATIC));
    expect(h.fake.messages).toHaveLength(1);
  });

  it("a 500 after PublishMessage delivered counts as maybe sent: the redelivery announces nothing again", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    h.server.use(publishThenFail(h.fake, MSW_ORIGINS.notifications));
    const event = loadEvent("create-static-ikev1");

    const first = await h.invoke(event);

    expect(first).toMatchObject({ outcome: "rendered", messageId: null });
    expect(h.fake.messages).toHaveLength(1);
    expect(stateOf(STATIC)).toMatchObject({
      announced: true,
      announcement: { outcome: "unknown", messageId: null },
    });
    expect(await h.invoke(event, { callId: "redelivered" })).toMatchObject({ outcome: "duplicate" });
    expect(await h.invoke(loadEvent("update-static-ikev1"), { callId: "update" })).toMatchObject({
      outcome: "unchanged",
    });
    expect(h.fake.messages).toHaveLength(1);
    expect(livePars(STATIC)).toEqual(recordedLinks(STATIC));
  });

  it("a persistent 5xx on the final state write keeps no unrecorded link alive after the redelivery", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    const url = `${MSW_ORIGINS.objectStorage}/n/:ns/b/:bucket/o/${encodeURIComponent(`connections/${STATIC}/state.json`)}`;
    // The lease write passes; every later state write (the final one, its retries, the failure path's) fails.
    let writes = 0;
    let failing = true;
    h.server.use(
      http.put(
        url,
        signed(h.fake, "objectstorage", () => {
          writes += 1;
          return failing && writes > 1 ? ociError(503, "ServiceUnavailable", "injected") : undefined;
        }),
      ),
    );
    const event = loadEvent("create-static-ikev1");
    await expect(h.invoke(event, { callId: "failing", deadlineMs: 60_000 })).rejects.toThrow(
      /internal error/,
    );
    expect(livePars(STATIC).length).toBeGreaterThan(0); // created, never recorded

    failing = false;
    h.clock.advance(61_000); // the stuck lease expires with that invocation's deadline
    expect((await h.invoke(event, { callId: "redelivered" })).outcome).toBe("rendered");

    expect(livePars(STATIC)).toEqual(recordedLinks(STATIC));
  });

  it("renders again with new links when TUNNELSMITH_LINK_GENERATION changes (the sweep too)", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    await h.invoke(loadEvent("create-static-ikev1"));
    const before = livePars(STATIC);
    expect(stateOf(STATIC).linkGeneration).toBeNull();

    const swept = await h.sweep(false, { TUNNELSMITH_LINK_GENERATION: "dg-2" });

    expect(swept.rerendered.map((r) => r.reasons)).toEqual([
      ["its links belong to link generation none, the function's is now dg-2"],
    ]);
    expect(stateOf(STATIC).linkGeneration).toBe("dg-2");
    expect(livePars(STATIC)).toEqual(recordedLinks(STATIC));
    for (const id of before) expect(livePars(STATIC)).not.toContain(id);
    expect((await h.sweep(false, { TUNNELSMITH_LINK_GENERATION: "dg-2" })).rerendered).toEqual([]);
  });
});
