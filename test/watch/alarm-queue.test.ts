import { beforeEach, describe, expect, it } from "vitest";
import type { PublishAlertsOutcome } from "../../shared/core/watch/alert-publisher.ts";
import type { AlarmOutcome } from "../../shared/core/watch/outcome.ts";
import { addQueue, type FakeQueue } from "../msw/queue.ts";
import { BUCKET, T0 } from "../oci/harness.ts";
import { fleetId, QUEUE_ID, queueEnv, seedFleet } from "./fleet.ts";
import { alarmMessage, COMPARTMENT, setTunnel, useWatchHarness } from "./helpers.ts";

const h = useWatchHarness();
let queue: FakeQueue;
beforeEach(() => {
  queue = addQueue(h.fake, QUEUE_ID, 3);
});

describe("alarms with the alert outbox (msw Queue fake)", () => {
  it("queue their alerts instead of publishing; the publisher sends one digest within the budget", async () => {
    const ids = seedFleet(h, 15, COMPARTMENT);
    for (const id of ids) {
      for (const t of h.fake.tunnels.get(id) ?? []) setTunnel(t, { status: "DOWN", at: T0 });
    }
    const env = queueEnv();
    // Three alarm messages, five connections each, as the alarm's split notifications arrive.
    for (let part = 0; part < 3; part++) {
      const dims = ids
        .slice(part * 5, part * 5 + 5)
        .map((id): [string, string] => [id, String(h.tunnel(id, 0).vpnIp)]);
      const out = (await h.alarm(alarmMessage("OK_TO_FIRING", dims, T0), env)) as AlarmOutcome;
      expect(out).toMatchObject({ queued: 10, messageIds: [] });
    }
    expect(h.alerts()).toEqual([]);
    expect(queue.messages.filter((m) => m.channelId === "alerts").length).toBe(30);

    const published = (await h.run({ action: "publish-alerts" }, env)) as PublishAlertsOutcome;
    expect(published).toMatchObject({ alerts: 30, published: 1, digests: 1, deferred: 0 });
    expect(h.alerts().map((m) => m.title)).toEqual([
      "DIGEST: 30 DOWN on 15 connections; 15 with NO TUNNEL UP",
    ]);
    expect(queue.messages).toEqual([]);
    // Batches of at most 20 (Queue's limit): 30 alerts are two GetMessages with messages and two DeleteMessages.
    const deletes = h.fake.requests.filter((r) => r.path.endsWith("/messages/actions/deleteMessages"));
    expect(deletes.map((r) => r.status)).toEqual([200, 200]);
    // The budget's ledger lives in the bucket, outside connections/.
    const budget = h.fake.buckets.get(BUCKET)?.objects.get("tunnelsmith/alert-budget/text.json");
    expect(JSON.parse(budget?.body ?? "{}")).toEqual({ sent: [T0.getTime()] });
    // The transition was recorded when the alerts were queued: a REPEAT finds nothing new.
    const repeat = (await h.alarm(
      alarmMessage("REPEAT", [[fleetId(0), String(h.tunnel(fleetId(0), 0).vpnIp)]], T0),
      env,
    )) as AlarmOutcome;
    expect(repeat).toMatchObject({ suppressed: true, queued: 0 });
  });
});
