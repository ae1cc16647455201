import { http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import type { ShardedSweepOutcome, ShardWorkOutcome } from "../../shared/core/watch/sweep-sharded.ts";
import { addQueue, type FakeQueue } from "../msw/queue.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { fleetId, QUEUE_ID, queueEnv, seedFleet } from "./fleet.ts";
import { COMPARTMENT, useWatchHarness } from "./helpers.ts";

const h = useWatchHarness();
let queue: FakeQueue;
beforeEach(() => {
  queue = addQueue(h.fake, QUEUE_ID, 3);
});

const sweepAction = { action: "sweep", compartmentId: COMPARTMENT, includeSubcompartments: false };
const watched = (id: string) => (h.state(id)?.watch as { checkedAt?: string } | undefined)?.checkedAt;
const listTunnelsCalls = () =>
  h.fake.requests.filter((r) => /^\/ipsecConnections\/[^/]+\/tunnels$/.test(r.path) && r.method === "GET");

/** A worker invocation (`{"action": "sweep-shard"}`) with the given deadline. */
async function worker(deadlineMs = 120_000): Promise<ShardWorkOutcome> {
  return (await h.invoke(
    { action: "sweep-shard" },
    { handler: handlerFor(), deadlineMs },
  )) as ShardWorkOutcome;
}
let handler: ReturnType<typeof h.handler> | undefined;
beforeEach(() => {
  handler = undefined;
});
const handlerFor = () => {
  handler ??= h.handler({ ...queueEnv(10, 3), TUNNELSMITH_ENDPOINT_IDENTITY: MSW_ORIGINS.identity ?? "" });
  return handler;
};
const coordinator = async (deadlineMs = 120_000) =>
  (await h.invoke(sweepAction, { handler: handlerFor(), deadlineMs })) as ShardedSweepOutcome;

describe("the sweep on the work queue (msw Queue fake)", () => {
  it("queues the connections as shards, then checks and commits them one by one", async () => {
    const ids = seedFleet(h, 25, COMPARTMENT);
    const out = await coordinator();
    expect(out).toMatchObject({ outcome: "sweep-sharded", connections: 25, shards: 3 });
    expect(out.work).toMatchObject({ shards: 3, checked: 25, retried: 0, requeued: 0, failed: [] });
    for (const id of ids) expect(watched(id)).toBe(h.clock.now().toISOString());
    expect(queue.messages).toEqual([]);
    // Shards carry the listed connections: no GetIPSecConnection per connection.
    expect(h.fake.requests.filter((r) => /^\/ipsecConnections\/[^/]+$/.test(r.path))).toEqual([]);
    const puts = h.fake.requests.filter((r) => r.service === "queue" && r.method === "POST");
    expect(puts.filter((r) => r.path.endsWith("/messages")).length).toBe(1); // 3 shards in one PutMessages
  });

  it("retries a lost shard once its lease runs out", async () => {
    const ids = seedFleet(h, 20, COMPARTMENT);
    // A coordinator too close to its deadline to check anything itself: it only queues.
    const queued = await coordinator(10_000);
    expect(queued.work.shards).toBe(0);
    expect(queue.messages.length).toBe(2);
    // A worker takes the first shard and dies: the message stays leased for 60 s, never deleted.
    const lost = queue.messages[0];
    if (!lost) throw new Error("no shard");
    Object.assign(lost, {
      deliveryCount: 1,
      receipt: "lost-worker",
      visibleAt: h.clock.now().getTime() + 60_000,
    });

    const first = await worker();
    expect(first).toMatchObject({ outcome: "shards-worked", shards: 1, checked: 10 });
    expect(ids.filter((id) => watched(id) === undefined).length).toBe(10);

    h.clock.advance(61_000);
    const second = await worker();
    expect(second).toMatchObject({ shards: 1, checked: 10, failed: [] });
    expect(ids.filter((id) => watched(id) === undefined)).toEqual([]);
    expect(queue.messages).toEqual([]);
  });

  it("sends a shard that keeps failing to the dead-letter queue, with one alert", async () => {
    seedFleet(h, 12, COMPARTMENT);
    const poisoned = fleetId(3);
    h.fake.faults.add({
      method: "GET",
      path: new RegExp(`^/ipsecConnections/${poisoned}/tunnels$`),
      when: "before",
      status: 400,
      code: "InvalidParameter",
      times: 1000,
    });
    const first = await coordinator();
    expect(first.work).toMatchObject({ shards: 2, retried: 1, deadLettered: 0 });
    expect(first.work.failed.map((f) => f.connectionId)).toEqual([poisoned]);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(301_000);
      await worker();
    }
    const alerts = h.fake.messages.filter((m) => m.title.startsWith("SWEEP SHARD FAILED"));
    expect(alerts.length).toBe(1);
    expect(alerts[0]?.title).toContain("shard 1/2");
    expect(alerts[0]?.body).toContain(poisoned);
    expect(queue.deadLetters.length).toBe(1);
    expect(queue.deadLetters[0]?.deliveryCount).toBe(3);
    expect(queue.messages).toEqual([]);
  });

  it("queues what the deadline cut off again, and the next worker checks it", async () => {
    const ids = seedFleet(h, 20, COMPARTMENT);
    // Every tunnel listing takes 10 s of the invocation's time: a 120 s worker reaches about ten connections.
    h.server.use(
      http.get(`${MSW_ORIGINS.iaas}/20160918/ipsecConnections/:id/tunnels`, () => {
        h.clock.advance(10_000);
        return undefined;
      }),
    );
    const out = await h.invoke(sweepAction, {
      handler: h.handler({
        ...queueEnv(50, 3),
        TUNNELSMITH_ENDPOINT_IDENTITY: MSW_ORIGINS.identity ?? "",
        TUNNELSMITH_SWEEP_CONCURRENCY: "2",
      }),
      deadlineMs: 120_000,
    });
    const work = (out as ShardedSweepOutcome).work;
    expect(work.requeued).toBe(1);
    expect(work.checked).toBeGreaterThan(0);
    expect(work.checked).toBeLessThan(20);
    expect(queue.messages.length).toBe(1);
    const rest = await worker(600_000);
    expect(rest.checked).toBe(20 - work.checked);
    expect(ids.filter((id) => watched(id) === undefined)).toEqual([]);
    // Read twice at most: the two connections in flight (concurrency 2) when the deadline came.
    expect(listTunnelsCalls().length).toBeGreaterThanOrEqual(20);
    expect(listTunnelsCalls().length).toBeLessThanOrEqual(22);
  });
});

describe("the sweep without a queue: the rotating cursor", () => {
  it("starts the next sweep with the connections the last one had no time for", async () => {
    const ids = seedFleet(h, 12, COMPARTMENT);
    h.server.use(
      http.get(`${MSW_ORIGINS.iaas}/20160918/ipsecConnections/:id/tunnels`, () => {
        h.clock.advance(10_000);
        return undefined;
      }),
    );
    const env = { TUNNELSMITH_SWEEP_CONCURRENCY: "1" };
    const first = (await h.run(sweepAction, env)) as { skipped: { connectionId: string }[] };
    expect(first.skipped.length).toBeGreaterThan(0);
    const cutOff = first.skipped[0]?.connectionId;
    const before = listTunnelsCalls().length;
    await h.run(sweepAction, env);
    const next = listTunnelsCalls()[before]?.path;
    expect(next).toBe(`/ipsecConnections/${cutOff}/tunnels`);
    expect(cutOff).not.toBe(ids[0]);
  });
});
