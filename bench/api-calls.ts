import type { Json } from "../test/msw/fake-oci.ts";
import type { BenchContext } from "./lib/context.ts";
import { callFn, outcomeOf, startFn } from "./lib/fn-process.ts";
import { alarmMessage } from "./lib/handlers.ts";
import {
  BUCKET,
  COMPARTMENT,
  copySample,
  event,
  sample,
  seedWithShape,
  startBenchOci,
} from "./lib/oci-fake.ts";
import { countOperations } from "./lib/operations.ts";

/** One event of the sequence and the requests the fake saw for it. */
export interface ApiCallRow {
  event: string;
  outcome: string;
  /** Requests by OCI operation. */
  actual: Record<string, number>;
  total: number;
  /** Files the connection has (rendered vendors + Oracle's helper), which several counts scale with. */
  files: number;
}

/** The connection the sequence works on: the STATIC sample on a CPE with a device shape (every read it can make). */
const SAMPLE = "static-ikev1";

/**
 * Runs the event sequence against one function process (one warm container, as Fn reuses it) and counts what
 * each event asked of OCI at the fake: create in the cold container, the redelivered create, a create in the now
 * warm container, an unchanged update, an update after a headend IP changed, and the delete. Alarm, sweep and
 * rotation rows are added by {@link extraEventRows} once their routes exist.
 */
export async function measureApiCalls(ctx: BenchContext): Promise<ApiCallRow[]> {
  const oci = await startBenchOci();
  const { fake } = oci;
  const first = seedWithShape(fake, sample(ctx.root, SAMPLE));
  const second = seedWithShape(fake, copySample(sample(ctx.root, SAMPLE), "warm"));
  const fn = await startFn({ args: [ctx.bundle], env: oci.env, dir: ctx.tmp, cwd: ctx.root });
  const rows: ApiCallRow[] = [];
  let n = 0;
  const run = async (label: string, payload: Json, connectionId: string) => {
    const before = fake.requests.length;
    n += 1;
    const answer = await callFn(fn.socket, payload, { callId: `01BENCHAPI${n}`, deadlineMs: 120_000 });
    const requests = fake.requests.slice(before);
    const files = [...(fake.buckets.get(BUCKET)?.objects.keys() ?? [])].filter(
      (name) => name.startsWith(`connections/${connectionId}/`) && !name.endsWith("/state.json"),
    ).length;
    rows.push({
      event: label,
      outcome: outcomeOf(answer),
      actual: countOperations(requests),
      total: requests.length,
      files,
    });
  };
  try {
    const create = event(ctx.root, "create-static-ikev1");
    await run("create (cold container)", create, first.connectionId);
    await run("create, redelivered (duplicate)", create, first.connectionId);
    await run(
      "create (warm container)",
      event(ctx.root, "create-static-ikev1", "bench-create-warm", second.connectionId),
      second.connectionId,
    );
    await run(
      "update, nothing changed",
      event(ctx.root, "update-static-ikev1", "bench-update-unchanged"),
      first.connectionId,
    );
    const tunnel = fake.tunnels.get(first.connectionId)?.[0];
    if (tunnel) tunnel.vpnIp = "203.0.113.11";
    await run(
      "update, headend IP changed",
      event(ctx.root, "update-static-ikev1", "bench-update-headend"),
      first.connectionId,
    );
    for (const t of fake.tunnels.get(first.connectionId) ?? []) t.status = "UP";
    await run(
      "rotation (one tunnel)",
      { action: "rotate-psk", ipsecConnectionId: first.connectionId },
      first.connectionId,
    );
    const down = fake.tunnels.get(first.connectionId)?.[0];
    if (down) down.status = "DOWN";
    await run(
      "alarm, tunnel down",
      alarmMessage(first.connectionId, String(down?.vpnIp ?? "")),
      first.connectionId,
    );
    if (down) down.status = "UP";
    await run(
      "sweep (2 connections, 1 recovered)",
      { action: "sweep", compartmentId: COMPARTMENT },
      first.connectionId,
    );
    const filesBeforeDelete = rows.at(-1)?.files ?? 0;
    fake.deleteConnection(first.connectionId);
    await run("delete", event(ctx.root, "delete-static-ikev1", "bench-delete"), first.connectionId);
    const deleted = rows.at(-1);
    if (deleted) deleted.files = filesBeforeDelete;
  } finally {
    await fn.stop();
    await oci.http.close();
  }
  if (oci.http.unhandled.length > 0) throw new Error(`unhandled requests: ${oci.http.unhandled.join(", ")}`);
  return rows;
}
