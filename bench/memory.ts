import type { Json } from "../test/msw/fake-oci.ts";
import type { BenchContext } from "./lib/context.ts";
import { callFn, outcomeOf, peakRssMiB, startFn } from "./lib/fn-process.ts";
import { HANDLER_CASES, notImplemented } from "./lib/handlers.ts";
import { startBenchOci } from "./lib/oci-fake.ts";
import { round } from "./lib/stats.ts";

export interface MemoryRow {
  handler: string;
  /** Peak RSS (VmHWM) once listening, before any call, MiB. */
  listeningMiB: number;
  /** Peak RSS after the one invocation, MiB (the largest of the runs). */
  peakMiB: number;
  /** Wall time of the invocation, ms (informational). */
  callMs: number;
  outcome: string;
  /** False while the handler's route answers NOT_IMPLEMENTED. */
  implemented: boolean;
}

/**
 * Peak RSS of one invocation of each handler in OCI mode: a fresh function process per run, whose only call is
 * the measured one (the state it needs, e.g. rendered connections for an alarm, is prepared by another process
 * first). VmHWM is read from /proc while the process is still alive. Largest of `runs` runs.
 */
export async function measureMemory(ctx: BenchContext): Promise<MemoryRow[]> {
  const runs = ctx.check ? 1 : 2;
  const rows: MemoryRow[] = [];
  for (const c of HANDLER_CASES) {
    let row: MemoryRow | null = null;
    for (let i = 0; i < runs; i++) {
      const oci = await startBenchOci();
      try {
        const { before, payload } = c.prepare(oci.fake, ctx.root);
        if (before.length > 0) await prepare(ctx, oci.env, before, c.name);
        const fn = await startFn({ args: [ctx.bundle], env: oci.env, dir: ctx.tmp, cwd: ctx.root });
        const pid = fn.child.pid ?? 0;
        const listeningMiB = peakRssMiB(pid);
        const started = performance.now();
        const answer = await callFn(fn.socket, payload, { callId: "01BENCHMEASURED", deadlineMs: 300_000 });
        const callMs = performance.now() - started;
        const peakMiB = peakRssMiB(pid);
        await fn.stop();
        const implemented = !notImplemented(answer.body);
        if (implemented && answer.status !== 200) throw new Error(`${c.name}: ${outcomeOf(answer)}`);
        if (row === null || peakMiB > row.peakMiB) {
          row = {
            handler: c.name,
            listeningMiB: round(listeningMiB, 1),
            peakMiB: round(peakMiB, 1),
            callMs: round(callMs, 1),
            outcome: implemented ? outcomeOf(answer) : "not implemented yet",
            implemented,
          };
        }
        if (!implemented) break;
      } finally {
        await oci.http.close();
      }
    }
    if (row) rows.push(row);
    ctx.log(`  memory: ${c.name} done`);
  }
  return rows;
}

/** Runs the untimed payloads a case needs first, over up to four function processes. */
async function prepare(ctx: BenchContext, env: Record<string, string>, payloads: Json[], name: string) {
  const queue = payloads.map((p, n) => ({ p, n }));
  const workers = Math.min(4, payloads.length);
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const prep = await startFn({ args: [ctx.bundle], env, dir: ctx.tmp, cwd: ctx.root });
      try {
        for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
          const answer = await callFn(prep.socket, job.p, { callId: `01BENCHPREP${job.n}` });
          if (answer.status !== 200) throw new Error(`${name}: preparing failed: ${outcomeOf(answer)}`);
        }
      } finally {
        await prep.stop();
      }
    }),
  );
}
