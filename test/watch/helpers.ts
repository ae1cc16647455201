import { beforeEach } from "vitest";
import type { FunctionHandler, HandlerResult } from "../../functions/handler.ts";
import type { AlarmOutcome, SweepOutcome } from "../../shared/core/watch/outcome.ts";
import type { Json, PublishedMessage } from "../msw/fake-oci.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { BUCKET, type Harness, TOPIC, useOciHarness } from "../oci/harness.ts";

export const STATIC = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
export const BGP = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaabgpikev1";
export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplecompartment";
export const HOLD_SECONDS = 600;

/** The watch's settings on top of the harness's OCI env: the Identity endpoint and a known hold time. */
export const WATCH_ENV = {
  TUNNELSMITH_ENDPOINT_IDENTITY: MSW_ORIGINS.identity,
  TUNNELSMITH_FLAP_HOLD_SECONDS: String(HOLD_SECONDS),
};

export interface WatchHarness extends Harness {
  /** Runs a payload through one warm handler per test (built from WATCH_ENV plus `env`). */
  run(input: unknown, env?: Record<string, string>): Promise<HandlerResult>;
  alarm(input: unknown, env?: Record<string, string>): Promise<AlarmOutcome>;
  sweep(includeSubcompartments?: boolean, env?: Record<string, string>): Promise<SweepOutcome>;
  /** A tunnel of a seeded connection (0 or 1, by OCID order), to change its status as OCI would. */
  tunnel(connectionId: string, index: number): Json;
  /** The connection's `state.json` as stored, or null. */
  state(connectionId: string): Record<string, unknown> | null;
  /** Messages published to the alert topic whose title starts with a watch state (not "configs ready"). */
  alerts(): PublishedMessage[];
}

/** The OCI harness (msw, signature and PSK-leak checks after every test) with watch helpers. */
export function useWatchHarness(): WatchHarness {
  const h = useOciHarness() as WatchHarness;
  const handlers = new Map<string, FunctionHandler>();
  beforeEach(() => handlers.clear());

  h.run = (input, env = {}) => {
    const key = JSON.stringify(env);
    let handler = handlers.get(key);
    if (!handler) {
      handler = h.handler({ ...WATCH_ENV, ...env });
      handlers.set(key, handler);
    }
    return h.invoke(input, { handler });
  };
  h.alarm = async (input, env) => (await h.run(input, env)) as AlarmOutcome;
  h.sweep = async (includeSubcompartments = false, env) =>
    (await h.run(
      { action: "sweep", compartmentId: COMPARTMENT, includeSubcompartments },
      env,
    )) as SweepOutcome;
  h.tunnel = (connectionId, index) => {
    const tunnels = [...(h.fake.tunnels.get(connectionId) ?? [])].sort((a, b) =>
      String(a.id).localeCompare(String(b.id)),
    );
    const t = tunnels[index];
    if (!t) throw new Error(`no tunnel ${index} on ${connectionId}`);
    return t;
  };
  h.state = (connectionId) => {
    const body = h.fake.buckets.get(BUCKET)?.objects.get(`connections/${connectionId}/state.json`)?.body;
    return body ? (JSON.parse(body) as Record<string, unknown>) : null;
  };
  h.alerts = () =>
    h.fake.messages.filter((m) => m.topicId === TOPIC && /^(DOWN|RECOVERED|FLAPPING|DIGEST)/.test(m.title));
  return h;
}

/** Sets a tunnel's IPsec status (and when it changed) and, for BGP tunnels, its BGP state. */
export function setTunnel(t: Json, change: { status?: string; bgpState?: string; at?: Date }): void {
  if (change.status !== undefined) {
    t.status = change.status;
    t.timeStatusUpdated = (change.at ?? new Date()).toISOString();
  }
  if (change.bgpState !== undefined) {
    const info = t.bgpSessionInfo as Json | undefined;
    if (!info) throw new Error("not a BGP tunnel");
    info.bgpState = change.bgpState;
  }
}

/** Seeds a sample with both tunnels up (and their BGP sessions, for BGP samples). */
export function seedUp(h: Harness, sample: string, at: Date): { connectionId: string; tunnelIds: string[] } {
  return h.seed(sample, (raw) => {
    for (const t of raw.tunnels as Json[]) {
      t.status = "UP";
      t.timeStatusUpdated = at.toISOString();
      const info = t.bgpSessionInfo as Json | undefined;
      if (info) info.bgpState = "UP";
    }
  });
}

/** An alarm message as a split-per-tunnel TunnelState alarm sends it. */
export function alarmMessage(
  type: "OK_TO_FIRING" | "FIRING_TO_OK" | "REPEAT" | "RESET",
  dimensions: readonly [string, string][],
  at: Date,
): Json {
  return {
    dedupeKey: "5f4c1f4e-0000-4000-8000-00000000beef",
    title: "tunnelsmith-tunnel-down",
    body: null,
    type,
    severity: "CRITICAL",
    timestampEpochMillis: at.getTime(),
    timestamp: at.toISOString(),
    version: 1.5,
    alarmMetaData: [
      {
        id: "ocid1.alarm.oc1.ap-tokyo-1.aaaaaaaatestalarm",
        status: type === "FIRING_TO_OK" ? "OK" : "FIRING",
        severity: "CRITICAL",
        namespace: "oci_vpn",
        query: "TunnelState[1m].groupBy(parentResourceId, publicIp).mean() == 0",
        totalMetricsFiring: type === "FIRING_TO_OK" ? 0 : dimensions.length,
        dimensions: dimensions.map(([parentResourceId, publicIp]) => ({ parentResourceId, publicIp })),
      },
    ],
  };
}
