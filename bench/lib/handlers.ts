import type { FakeOci, Json } from "../../test/msw/fake-oci.ts";
import { COMPARTMENT, event, sample, seedFleet } from "./oci-fake.ts";

/**
 * One handler invocation the benchmark measures: how to prepare the fake (and which payloads must have run
 * before, in another process, so the measured process does only its own work) and the payload itself.
 */
export interface HandlerCase {
  name: string;
  /** Seeds the fake; returns the payloads to run first (untimed, another process) and the measured one. */
  prepare(fake: FakeOci, root: string): { before: Json[]; payload: Json };
}

const BGP = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaabgpikev1";

/** Marks both tunnels of a seeded connection UP (IPsec and BGP), as a healthy connection reads. */
function allUp(fake: FakeOci, connectionId: string): Json[] {
  const tunnels = fake.tunnels.get(connectionId) ?? [];
  for (const t of tunnels) {
    t.status = "UP";
    const bgp = t.bgpSessionInfo as Json | undefined;
    if (bgp) bgp.bgpState = "UP";
  }
  return tunnels;
}

/** A Monitoring alarm message (OK_TO_FIRING) for one tunnel, as the Notifications subscription delivers it. */
export function alarmMessage(connectionId: string, publicIp: string, type = "OK_TO_FIRING"): Json {
  return {
    dedupeKey: `bench-${connectionId}-${publicIp}`,
    title: "tunnelsmith-tunnel-down",
    body: null,
    type,
    severity: "CRITICAL",
    timestampEpochMillis: Date.parse("2026-11-22T05:00:00Z"),
    timestamp: "2026-11-22T05:00:00Z",
    version: 1.5,
    alarmMetaData: [
      {
        id: "ocid1.alarm.oc1.ap-tokyo-1.aaaaaaaabenchalarm",
        status: "FIRING",
        severity: "CRITICAL",
        namespace: "oci_vpn",
        query: 'TunnelState[1m]{parentResourceId = "…"}.mean() == 0',
        totalMetricsFiring: 1,
        dimensions: [{ parentResourceId: connectionId, publicIp }],
        metricValues: [{ "TunnelState[1m].mean()": "0" }],
        alarmUrl: "https://cloud.oracle.com/monitoring/alarms/bench",
        alarmSummary: "tunnel down",
      },
    ],
  };
}

export const HANDLER_CASES: readonly HandlerCase[] = [
  {
    name: "create",
    prepare: (fake, root) => {
      fake.seedSnapshot(sample(root, "bgp-ikev1"));
      allUp(fake, BGP);
      return { before: [], payload: event(root, "create-bgp-ikev1") };
    },
  },
  {
    name: "alarm (tunnel down)",
    prepare: (fake, root) => {
      fake.seedSnapshot(sample(root, "bgp-ikev1"));
      const tunnels = allUp(fake, BGP);
      const down = tunnels[0];
      if (down) down.status = "DOWN";
      return {
        before: [event(root, "create-bgp-ikev1")],
        payload: alarmMessage(BGP, String(down?.vpnIp ?? "203.0.113.30")),
      };
    },
  },
  {
    name: "sweep (100 connections)",
    prepare: (fake, root) => {
      const ids = seedFleet(fake, root, 100);
      for (const id of ids) allUp(fake, id);
      return {
        before: ids.map((id, i) => event(root, "create-bgp-ikev1", `bench-sweep-prep-${i}`, id)),
        payload: { action: "sweep", compartmentId: COMPARTMENT },
      };
    },
  },
  {
    name: "rotate (one tunnel)",
    prepare: (fake, root) => {
      fake.seedSnapshot(sample(root, "bgp-ikev1"));
      allUp(fake, BGP);
      return {
        before: [event(root, "create-bgp-ikev1")],
        payload: { action: "rotate-psk", ipsecConnectionId: BGP },
      };
    },
  },
];

/** True when the function answered that this payload kind is not built yet. */
export function notImplemented(body: string): boolean {
  return body.includes("NOT_IMPLEMENTED");
}
