import { rawSnapshot } from "../helpers/samples.ts";
import type { Json } from "../msw/fake-oci.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { BUCKET, type Harness, T0 } from "../oci/harness.ts";

export const QUEUE_ID = "ocid1.queue.oc1.ap-tokyo-1.aaaaaaaatestqueue";

/** The function's settings with the work queue (the msw Queue fake), shards of `shardSize`. */
export function queueEnv(shardSize = 10, maxDeliveries = 3): Record<string, string> {
  return {
    TUNNELSMITH_QUEUE_ID: QUEUE_ID,
    TUNNELSMITH_QUEUE_ENDPOINT: MSW_ORIGINS.queue ?? "",
    TUNNELSMITH_QUEUE_MAX_DELIVERIES: String(maxDeliveries),
    TUNNELSMITH_SWEEP_SHARD_SIZE: String(shardSize),
  };
}

/** The id of fleet connection `i`. */
export const fleetId = (i: number) =>
  `ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaafleet${String(i).padStart(5, "0")}`;

/**
 * `n` copies of the static sample with their own ids, headend IPs and PSKs, both tunnels UP, each with a
 * `state.json` as a render leaves it (no files), so the sweep watches them rather than adopting them.
 */
export function seedFleet(h: Harness, n: number, compartmentId: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const raw = rawSnapshot("static-ikev1");
    const tag = String(i).padStart(5, "0");
    const connection = raw.ipsecConnection as Json;
    connection.id = fleetId(i);
    connection.displayName = `branch-${tag}`;
    connection.compartmentId = compartmentId;
    const secrets: Record<string, string> = {};
    (raw.tunnels as Json[]).forEach((t, k) => {
      t.id = `ocid1.ipsectunnel.oc1.ap-tokyo-1.aaaaaaaafleet${tag}t${k + 1}`;
      t.vpnIp = `198.18.${Math.floor(i / 100)}.${(i % 100) * 2 + k + 1}`;
      t.status = "UP";
      t.timeStatusUpdated = new Date(T0.getTime() - 3600_000).toISOString();
      secrets[String(t.id)] = `FleetKey${tag}Tunnel${k + 1}abcdefghij`;
    });
    raw.sharedSecrets = secrets;
    const id = h.fake.seedSnapshot(raw).connectionId;
    ids.push(id);
    const state = {
      schemaVersion: 1,
      connectionId: id,
      status: "rendered",
      announced: true,
      tunnels: (raw.tunnels as Json[]).map((t) => ({
        id: t.id,
        oracleIp: t.vpnIp,
        status: "UP",
        lifecycleState: t.lifecycleState ?? null,
        bgpState: null,
      })),
    };
    h.fake.buckets.get(BUCKET)?.objects.set(`connections/${id}/state.json`, {
      body: JSON.stringify(state),
      etag: h.fake.newEtag(),
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });
  }
  return ids;
}
