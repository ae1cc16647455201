import type { BenchResults } from "./lib/results.ts";
import { table } from "./lib/table.ts";

const mark = (ok: boolean) => (ok ? "ok" : "OVER");

/** The results as the tables `npm run bench` prints. */
export function report(r: BenchResults): string {
  const out: string[] = [];
  const t = r.targets;
  if (r.coldStart) {
    out.push(
      "Cold start: spawn -> listening -> first /call answered (median of 10 runs each)",
      table(
        [
          "variant",
          "listening ms",
          "first call ms",
          "x floor (listen)",
          "x floor (call)",
          "peak RSS MiB",
          "first call",
        ],
        r.coldStart.map((c) => [
          c.variant,
          c.listeningMs,
          c.firstCallMs,
          c.listeningRatio,
          c.firstCallRatio,
          c.peakRssMiB,
          c.outcome,
        ]),
      ),
    );
    const oci = r.coldStart.find((c) => c.variant === "bundle-oci");
    const local = r.coldStart.find((c) => c.variant === "bundle-local");
    if (oci && local) {
      out.push(
        `targets: listening < ${t.listeningMs} ms: local ${local.listeningMs} (${mark(local.listeningMs < t.listeningMs)}), OCI ${oci.listeningMs} (${mark(oci.listeningMs < t.listeningMs)}); first create handled < ${t.firstCreateMs} ms: OCI ${oci.firstCallMs} (${mark(oci.firstCallMs < t.firstCreateMs)})`,
      );
    }
    out.push("");
  }
  if (r.memory) {
    out.push(
      "Peak RSS (VmHWM) of one invocation per handler, OCI mode, fresh process each",
      table(
        ["handler", "listening MiB", "peak MiB", "of 256 MB", "of 128 MB", "call ms", "outcome"],
        r.memory.map((m) => [
          m.handler,
          m.implemented ? m.listeningMiB : "-",
          m.implemented ? m.peakMiB : "-",
          m.implemented ? `${Math.round((m.peakMiB / 256) * 100)} %` : "-",
          m.implemented ? `${Math.round((m.peakMiB / 128) * 100)} %` : "-",
          m.implemented ? m.callMs : "-",
          m.outcome,
        ]),
      ),
      "",
    );
  }
  if (r.render) {
    const rr = r.render;
    out.push(
      "Render: every vendor for one connection, after warm-up (1000 runs, each followed by the reference workload)",
      table(
        ["sample", "vendors", "median ms", "p99 ms", "x reference", `< ${t.renderMs} ms`],
        rr.rows.map((s) => [
          s.sample,
          s.vendors,
          s.medianMs,
          s.p99Ms,
          s.ratio,
          mark(s.medianMs < t.renderMs),
        ]),
      ),
      `reference workload ${rr.referenceMs} ms; first render in a fresh process ${rr.firstRenderMs} ms; templates: ${rr.templates.distinct} distinct, ${rr.templates.fileReads} file reads, ${rr.templates.mustacheParses} mustache parses over ${rr.templates.renders} renders (compiled once per process)`,
      "",
    );
  }
  if (r.apiCalls) {
    out.push(
      "OCI API calls per event, counted at the fake (warm container unless said)",
      table(
        ["event", "outcome", "needed", "actual", "above need"],
        r.apiCalls.map((a) => [
          a.event,
          a.outcome,
          a.neededTotal ?? "-",
          a.total,
          a.over.join(", ") || "none",
        ]),
      ),
      "",
    );
  }
  if (r.fleet) {
    const f = r.fleet;
    const b = f.burst;
    out.push(
      `Fleet: ${f.conditions.connections} create events over ${f.conditions.containers} containers, ${f.conditions.latencyMs} ms per call, ${f.conditions.throttleRate * 100} % seeded 429s`,
      table(
        ["run", "wall s", "calls", "calls/conn", "429 injected", "failed", "lost", "duplicated", "per min"],
        [
          [
            "burst of creates",
            (b.wallMs / 1000).toFixed(1),
            b.calls,
            b.callsPerConnection,
            b.injected429,
            b.failed,
            b.audit.lost,
            b.audit.duplicated,
            b.perMinute,
          ],
          [
            `sweep (${f.sweep.outcome})`,
            f.sweep.implemented ? (f.sweep.wallMs / 1000).toFixed(1) : "-",
            f.sweep.implemented ? f.sweep.calls : "-",
            "-",
            "-",
            "-",
            "-",
            "-",
            "-",
          ],
        ],
      ),
      `CPU per create: function ${b.functionCpuMsPerCreate} ms, fake ${b.fakeCpuMsPerCreate} ms (both on this machine's cores); bucket: ${b.audit.objects} objects, ${b.audit.pars} PARs, ${b.audit.messages} messages`,
      "",
    );
  }
  if (r.topic) {
    const tp = r.topic;
    out.push(
      `Notifications topic at ${tp.topicPerMinute} messages/min (real time): ${tp.creates} creates over ${tp.containers} containers`,
      table(
        ["TUNNELSMITH_NOTIFY_PER_MINUTE", "wall s", "topic 429s", "messages", "failed calls", "unannounced"],
        tp.rows.map((row) => [
          `${row.notifyPerMinute} (${row.setting})`,
          (row.wallMs / 1000).toFixed(1),
          row.topic429,
          row.messages,
          row.failed,
          row.unannounced,
        ]),
      ),
      "",
    );
  }
  return out.join("\n");
}
