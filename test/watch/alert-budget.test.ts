import { describe, expect, it } from "vitest";
import { createLocalQueue, type LocalQueue } from "../../shared/adapters/local/queue.ts";
import { createMemoryLedger } from "../../shared/adapters/local/queue-ledger.ts";
import type { Ledger } from "../../shared/core/queue/ports.ts";
import type { TunnelAlert, TunnelSide } from "../../shared/core/watch/alert.ts";
import { handlePublishAlerts } from "../../shared/core/watch/alert-publisher.ts";
import { DEFAULT_WATCH_SETTINGS } from "../../shared/core/watch/settings.ts";
import { silentLogger } from "../../shared/logger.ts";
import type { Dependencies } from "../../shared/ports.ts";
import { type FakeClock, fakeClock } from "../oci/harness.ts";

const MIN = 60_000;

function side(connection: number, index: number, healthy: boolean): TunnelSide {
  return {
    index,
    id: `ocid1.ipsectunnel.oc1..c${connection}t${index}`,
    label: `tunnel ${index}`,
    oracleIp: `198.18.${Math.floor(connection / 100)}.${(connection % 100) * 2 + index}`,
    cpeIp: "198.51.100.10",
    status: healthy ? "UP" : "DOWN",
    bgpState: null,
    routing: "STATIC",
    ikeVersion: "V1",
    healthy,
    down: healthy ? null : "ipsec",
    maintenance: false,
    bgp: null,
  };
}

/** The DOWN alert an alarm invocation queues for tunnel `index` of connection `c`, both tunnels down. */
function downAlert(c: number, index: 1 | 2, at: Date): TunnelAlert {
  return {
    state: "DOWN",
    severity: "CRITICAL",
    connection: { id: `ocid1.ipsecconnection.oc1..c${c}`, label: `branch-${c}` },
    tunnel: side(c, index, false),
    other: side(c, index === 1 ? 2 : 1, false),
    trafficFlowing: false,
    since: at.toISOString(),
    sinceSource: "oci",
    outageSeconds: null,
    flap: null,
    note: null,
    lastPskRotation: null,
    rotationInProgress: false,
    vendors: ["libreswan"],
    detectedAt: at.toISOString(),
    trigger: {
      kind: "alarm",
      type: "OK_TO_FIRING",
      title: "tunnelsmith-tunnel-down",
      timestamp: at.toISOString(),
    },
  };
}

interface World {
  clock: FakeClock;
  queue: LocalQueue;
  ledger: Ledger;
  /** Every message the topic got, with the (fake) time it was published. */
  published: { title: string; body: string; at: number }[];
}

function world(): World {
  const clock = fakeClock();
  return { clock, queue: createLocalQueue(clock), ledger: createMemoryLedger(), published: [] };
}

/** One publisher invocation's dependencies (only what the publisher uses is real). */
function publisherDeps(w: World, watch: Partial<typeof DEFAULT_WATCH_SETTINGS>, deadlineMs = 120_000) {
  return {
    notifier: {
      publish: async (m: { title: string; body: string }) => {
        w.published.push({ ...m, at: w.clock.now().getTime() });
        return { messageId: `m${w.published.length}` };
      },
    },
    alertJsonNotifier: null,
    scale: {
      ledger: w.ledger,
      queue: { shards: w.queue.channel("sweep-shards"), alerts: w.queue.channel("alerts") },
    },
    clock: w.clock,
    logger: silentLogger,
    settings: { watch: { ...DEFAULT_WATCH_SETTINGS, ...watch } },
    deadline: new Date(w.clock.now().getTime() + deadlineMs),
    invocationId: "publisher",
  } as unknown as Dependencies;
}

/** The most messages published in any 60 s window. */
function peakPerMinute(times: readonly number[]): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u > t - MIN && u <= t).length));
}

describe("the fleet's alert budget (queue outbox, one publisher)", () => {
  it("publishes 500 connections going down (1,000 alerts) as one digest, worst first", async () => {
    const w = world();
    const alerts = w.queue.channel("alerts");
    // 500 alarm invocations, one per connection (split notifications), each queueing its two alerts.
    for (let c = 0; c < 500; c++) {
      await alerts.put([1, 2].map((i) => JSON.stringify(downAlert(c, i as 1 | 2, w.clock.now()))));
    }
    const out = await handlePublishAlerts(publisherDeps(w, {}));
    expect(out).toMatchObject({ alerts: 1000, published: 1, digests: 1, deferred: 0 });
    expect(w.published.length).toBe(1);
    expect(w.published[0]?.title).toBe("DIGEST: 1000 DOWN on 500 connections; 500 with NO TUNNEL UP");
    expect(w.published[0]?.body).toContain("No tunnel up (traffic interrupted) on 500 connections:");
    expect(w.queue.pending("alerts")).toBe(0);
  });

  it("never sends more than the e-mail budget a minute, however many publishers run, and sends each alert once", async () => {
    const w = world();
    const alerts = w.queue.channel("alerts");
    const total = 45;
    for (let c = 0; c < total; c++) await alerts.put([JSON.stringify(downAlert(c, 1, w.clock.now()))]);
    // One message per alert (digest threshold above the count): the budget alone paces them.
    const watch = { alertsPerMinute: 10, digestThreshold: 1000 };
    for (let run = 0; run < 10 && w.queue.pending("alerts") > 0; run++) {
      // Three publishers at once, as overlapping schedules or a slow run would give.
      await Promise.all([0, 1, 2].map(() => handlePublishAlerts(publisherDeps(w, watch, 90_000))));
      w.clock.advance(MIN);
    }
    expect(w.published.length).toBe(total);
    expect(new Set(w.published.map((p) => p.title)).size).toBe(total);
    expect(peakPerMinute(w.published.map((p) => p.at))).toBe(10);
  });

  it("hands alerts back to the queue when the budget has no slot before the deadline", async () => {
    const w = world();
    const alerts = w.queue.channel("alerts");
    for (let c = 0; c < 5; c++) await alerts.put([JSON.stringify(downAlert(c, 1, w.clock.now()))]);
    const out = await handlePublishAlerts(
      publisherDeps(w, { alertsPerMinute: 2, digestThreshold: 1000 }, 30_000),
    );
    expect(out).toMatchObject({ alerts: 5, published: 2, deferred: 3 });
    expect(w.queue.pending("alerts")).toBe(3);
    // They are visible again at once, for the next run.
    const again = await alerts.get({ limit: 20, visibilitySeconds: 30, waitSeconds: 0 });
    expect(again.length).toBe(3);
  });
});
