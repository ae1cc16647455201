import type { BenchResults } from "./lib/results.ts";
import { round } from "./lib/stats.ts";

/** A regression is more than this much worse than the committed result. */
export const TOLERANCE = 0.2;

export interface CheckOutcome {
  failures: string[];
  /** Improvements and other things worth committing a fresh `bench/results.json` for. */
  notes: string[];
}

/**
 * Compares a fresh (check-mode) run with the committed results, on numbers that do not depend on the machine:
 * start-up and render times as ratios to a reference measured in the same run, peak RSS, API calls per event
 * (exactly), and the fleet's calls per connection; lost, duplicated or failed fleet configs always fail.
 */
export function compare(fresh: BenchResults, committed: BenchResults): CheckOutcome {
  const failures: string[] = [];
  const notes: string[] = [];
  const worse = (what: string, now: number, before: number) => {
    if (now > before * (1 + TOLERANCE))
      failures.push(`${what}: ${now} vs committed ${before} (more than ${TOLERANCE * 100} % worse)`);
    else if (now < before * (1 - TOLERANCE)) notes.push(`${what} improved: ${now} vs committed ${before}`);
  };

  for (const row of fresh.coldStart ?? []) {
    if (!row.variant.startsWith("bundle-")) continue;
    const old = committed.coldStart?.find((c) => c.variant === row.variant);
    if (!old) continue;
    worse(`cold start ${row.variant} listening (x node floor)`, row.listeningRatio, old.listeningRatio);
    worse(`cold start ${row.variant} first call (x node floor)`, row.firstCallRatio, old.firstCallRatio);
  }

  // The all-vendors row, and the samples together (one sample alone is too short to time steadily).
  const ratioOf = (r: BenchResults, sample: string) => r.render?.rows.find((s) => s.sample === sample)?.ratio;
  const samplesRatio = (r: BenchResults) =>
    (r.render?.rows ?? []).filter((s) => s.sample !== "all-vendors").reduce((sum, s) => sum + s.ratio, 0);
  const all = ratioOf(fresh, "all-vendors");
  const allBefore = ratioOf(committed, "all-vendors");
  if (all !== undefined && allBefore !== undefined) worse("render all vendors (x reference)", all, allBefore);
  if (fresh.render && committed.render)
    worse(
      "render of the samples (x reference, summed)",
      round(samplesRatio(fresh)),
      round(samplesRatio(committed)),
    );
  const t = fresh.render?.templates;
  if (t && (t.fileReads !== t.distinct || t.mustacheParses !== t.distinct))
    failures.push(`templates compiled more than once per process: ${JSON.stringify(t)}`);

  for (const row of fresh.memory ?? []) {
    const old = committed.memory?.find((m) => m.handler === row.handler);
    if (row.implemented && old?.implemented) worse(`peak RSS ${row.handler} (MiB)`, row.peakMiB, old.peakMiB);
    if (row.implemented && old && !old.implemented)
      notes.push(`${row.handler} is implemented now: commit results`);
  }

  for (const row of fresh.apiCalls ?? []) {
    const old = committed.apiCalls?.find((a) => a.event === row.event);
    if (!old) {
      notes.push(`API calls for "${row.event}" are new: commit results`);
      continue;
    }
    const ops = new Set([...Object.keys(row.actual), ...Object.keys(old.actual)]);
    for (const op of ops) {
      const now = row.actual[op] ?? 0;
      const before = old.actual[op] ?? 0;
      if (now > before) failures.push(`API calls "${row.event}": ${op} ${now} vs committed ${before}`);
      if (now < before) notes.push(`API calls "${row.event}": ${op} down to ${now} from ${before}`);
    }
    if (row.over.length > 0) notes.push(`API calls "${row.event}" above the need: ${row.over.join(", ")}`);
  }

  const fleet = fresh.fleet;
  if (fleet) {
    const b = fleet.burst;
    if (b.audit.lost > 0 || b.audit.duplicated > 0 || b.failed > 0)
      failures.push(
        `fleet: ${b.audit.lost} lost, ${b.audit.duplicated} duplicated, ${b.failed} failed invocations`,
      );
    const old = committed.fleet?.burst;
    if (old) worse("fleet calls per connection", b.callsPerConnection, old.callsPerConnection);
  }
  return { failures, notes };
}
