import { describe, expect, it } from "vitest";
import { conditionOf } from "../../shared/core/watch/health.ts";
import type { LiveTunnel } from "../../shared/core/watch/live.ts";
import {
  classify,
  type Step,
  TRANSITIONS,
  type TransitionName,
  transition,
} from "../../shared/core/watch/transitions.ts";
import type { TunnelWatch } from "../../shared/core/watch/types.ts";

// Every row of the alert state machine, reached from a minimal look. The table is enumerated: a row added to
// TRANSITIONS without a case here fails the "covers every row" test.

const NOW = new Date("2026-12-07T12:00:00.000Z");
const HOLD = 5 * 60_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function tunnel(status: "UP" | "DOWN"): LiveTunnel {
  return {
    id: "ocid1.ipsectunnel.oc1..t1",
    displayName: "t1",
    vpnIp: "203.0.113.1",
    cpeIp: "198.51.100.1",
    status,
    lifecycleState: "AVAILABLE",
    timeStatusUpdated: null,
    routing: "STATIC",
    ikeVersion: "V2",
    bgp: null,
    phaseOne: null,
    phaseTwo: null,
    encryptionDomain: null,
  };
}

function recorded(healthy: boolean, over: Partial<TunnelWatch> = {}): TunnelWatch {
  return {
    id: "ocid1.ipsectunnel.oc1..t1",
    oracleIp: "203.0.113.1",
    status: healthy ? "UP" : "DOWN",
    bgpState: null,
    healthy,
    down: healthy ? null : "ipsec",
    since: ago(60 * 60_000),
    sinceSource: "observed",
    observedAt: ago(60_000),
    lastChangeAt: ago(60 * 60_000),
    announced: healthy ? "up" : "down",
    announcedAt: ago(60 * 60_000),
    outageSince: healthy ? null : ago(60 * 60_000),
    flapping: null,
    ...over,
  };
}

const flapping = (trafficStopAnnounced = false) => ({
  since: ago(20 * 60_000),
  changes: 3,
  trafficStopAnnounced,
});

function step(status: "UP" | "DOWN", rec: TunnelWatch | undefined, over: Partial<Step> = {}): Step {
  const t = tunnel(status);
  return {
    tunnel: t,
    condition: conditionOf(t),
    rec,
    rendered: undefined,
    now: NOW,
    holdMs: HOLD,
    firing: false,
    flowing: true,
    ...over,
  };
}

const upRendered = {
  id: "ocid1.ipsectunnel.oc1..t1",
  oracleIp: "203.0.113.1",
  status: "UP",
  lifecycleState: "AVAILABLE",
  bgpState: null,
};

const CASES: Record<TransitionName, Step> = {
  "baseline-up": step("UP", undefined),
  "baseline-down-silent": step("DOWN", undefined),
  "baseline-down-alert": step("DOWN", undefined, { rendered: upRendered }),
  "flap-held": step("UP", recorded(true, { flapping: flapping(), lastChangeAt: ago(60_000) })),
  "flap-settled-up": step("UP", recorded(true, { flapping: flapping(), lastChangeAt: ago(HOLD + 1) })),
  "flap-settled-down": step("DOWN", recorded(false, { flapping: flapping(), lastChangeAt: ago(HOLD + 1) })),
  "alarm-confirms-down": step("DOWN", recorded(false, { announced: "none" }), { firing: true }),
  "no-change": step("DOWN", recorded(false), { firing: true }),
  "flap-change-up": step("UP", recorded(false, { flapping: flapping() })),
  "flap-change-down-escalate": step("DOWN", recorded(true, { flapping: flapping() }), { flowing: false }),
  "flap-change-down-held": step("DOWN", recorded(true, { flapping: flapping(true) }), { flowing: false }),
  "first-up": step("UP", recorded(false, { announced: "none", lastChangeAt: null })),
  "flap-start-up": step("UP", recorded(false, { lastChangeAt: ago(60_000) })),
  recovered: step("UP", recorded(false)),
  "flap-start-down": step("DOWN", recorded(true, { lastChangeAt: ago(60_000) })),
  down: step("DOWN", recorded(true)),
};

describe("the alert transition table", () => {
  it("has a case for every row, and every case lands in its own row", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(TRANSITIONS).sort());
    for (const [name, s] of Object.entries(CASES)) expect([name, classify(s)]).toEqual([name, name]);
  });

  it.each(Object.keys(TRANSITIONS) as TransitionName[])(
    "row %s sends the alert the table declares",
    (name) => {
      const out = transition(CASES[name]);
      expect(out.name).toBe(name);
      expect(out.draft?.state ?? null).toBe(TRANSITIONS[name].alert);
      // The record always reflects what was just seen.
      expect(out.record.healthy).toBe(CASES[name].condition.healthy);
      expect(out.record.observedAt).toBe(NOW.toISOString());
    },
  );

  it("records what was announced: an alerting row stamps announcedAt, a silent baseline does not", () => {
    expect(transition(CASES.down).record).toMatchObject({
      announced: "down",
      announcedAt: NOW.toISOString(),
    });
    expect(transition(CASES["baseline-down-silent"]).record).toMatchObject({
      announced: "none",
      announcedAt: null,
    });
    expect(transition(CASES["flap-start-up"]).record.flapping).toMatchObject({ changes: 2 });
    expect(transition(CASES["flap-change-up"]).record.flapping?.changes).toBe(4);
  });

  it("measures a recovery's outage from the recorded outage start", () => {
    const out = transition(CASES.recovered);
    expect(out.draft?.outageSeconds).toBe(3600);
    expect(out.record.outageSince).toBeNull();
  });

  it("without a hold time nothing is a flap", () => {
    expect(classify({ ...CASES["flap-start-down"], holdMs: 0 })).toBe("down");
    expect(classify({ ...CASES["flap-start-up"], holdMs: 0 })).toBe("recovered");
  });
});
