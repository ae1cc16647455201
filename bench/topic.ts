import type { BenchContext } from "./lib/context.ts";
import { callFn, type FnProcess, outcomeOf, startFn } from "./lib/fn-process.ts";
import { BUCKET, createEvent, seedFleet, startBenchOci } from "./lib/oci-fake.ts";
import { round } from "./lib/stats.ts";

/** One configuration of the topic run. */
export interface TopicRow {
  setting: string;
  notifyPerMinute: number;
  wallMs: number;
  /** Publishes the topic refused (each retried by the SDK within the deadline). */
  topic429: number;
  messages: number;
  /** Invocations that failed (the configs were stored, the message was not sent). */
  failed: number;
  /** Connections whose state.json says the links were never announced. */
  unannounced: number;
}

export interface TopicResult {
  creates: number;
  containers: number;
  topicPerMinute: number;
  rows: TopicRow[];
}

/**
 * The Notifications topic's publish rate, in real time: the fake accepts 60 messages a minute per topic (ten
 * seconds' worth at once), `containers` functions handle a burst of creates, each publishing one message. Run
 * once with the default TUNNELSMITH_NOTIFY_PER_MINUTE (50 per container, so together they offer several times
 * what the topic takes) and once with 60 / containers, the setting that keeps the sum under the topic's rate.
 */
export async function measureTopic(ctx: BenchContext): Promise<TopicResult> {
  const creates = 40;
  const containers = 4;
  const topicPerMinute = 60;
  const rows: TopicRow[] = [];
  for (const [setting, perMinute] of [
    ["default (50 per container)", 50],
    [`60 / ${containers} containers`, Math.floor(topicPerMinute / containers)],
  ] as const) {
    const oci = await startBenchOci(
      { latencyMs: 30, topicPerMinute },
      { TUNNELSMITH_NOTIFY_PER_MINUTE: String(perMinute) },
    );
    const ids = seedFleet(oci.fake, ctx.root, creates);
    const fns: FnProcess[] = [];
    try {
      for (let i = 0; i < containers; i++)
        fns.push(await startFn({ args: [ctx.bundle], env: oci.env, dir: ctx.tmp, cwd: ctx.root }));
      const queue = ids.map((id, n) => ({ id, n }));
      let failed = 0;
      const started = performance.now();
      await Promise.all(
        fns.map(async (fn, c) => {
          for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
            const answer = await callFn(fn.socket, createEvent(ctx.root, job.id, job.n), {
              callId: `01TOPIC${c}X${job.n}`,
            });
            if (outcomeOf(answer) !== "rendered") failed += 1;
          }
        }),
      );
      const bucket = oci.fake.buckets.get(BUCKET);
      const unannounced = ids.filter((id) => {
        const text = bucket?.objects.get(`connections/${id}/state.json`)?.body;
        return !text || (JSON.parse(text) as { announced?: boolean }).announced !== true;
      }).length;
      rows.push({
        setting,
        notifyPerMinute: perMinute,
        wallMs: round(performance.now() - started, 0),
        topic429: oci.http.stats.topic429,
        messages: oci.fake.messages.length,
        failed,
        unannounced,
      });
      ctx.log(`  topic: ${setting} done`);
    } finally {
      await Promise.all(fns.map((f) => f.stop()));
      await oci.http.close();
    }
  }
  return { creates, containers, topicPerMinute, rows };
}
