import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTES, type Route } from "../../functions/dispatch.ts";
import { createHandler } from "../../functions/handler.ts";
import { createLocalDependencies } from "../../shared/adapters/local/index.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { createLogger } from "../../shared/logger.ts";
import { loadEvent, SNAPSHOT_DIR } from "../helpers/samples.ts";

async function localHandler(routes = ROUTES) {
  const stateDir = await mkdtemp(join(tmpdir(), "ts-dispatch-"));
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ write: (l) => lines.push(JSON.parse(l)) });
  const settings = loadSettings({ TUNNELSMITH_SNAPSHOT_DIR: SNAPSHOT_DIR, TUNNELSMITH_STATE_DIR: stateDir });
  const handler = createHandler(createLocalDependencies(settings, { logger, print: () => {} }), routes);
  return { handler, lines, call: (input: unknown) => handler(input, { callID: "01DISPATCH" }) };
}

const ALARM = {
  dedupeKey: "5f4c1f4e-0000-4000-8000-000000000001",
  title: "vpn-tunnel-down",
  body: null,
  type: "OK_TO_FIRING",
  severity: "CRITICAL",
  timestampEpochMillis: 1582324860000,
  timestamp: "2020-02-21T22:41:00Z",
  version: 1.5,
  alarmMetaData: [
    {
      id: "ocid1.alarm.oc1..x",
      status: "FIRING",
      namespace: "oci_vpn",
      query: "TunnelState[1m].mean() == 0",
      dimensions: [{ parentResourceId: "ocid1.ipsecconnection.oc1..x", publicIp: "203.0.113.10" }],
    },
  ],
};

describe("payload dispatch", () => {
  it("routes a Monitoring alarm message to the tunnel watch, with a log line", async () => {
    const { call, lines } = await localHandler();
    // The connection is not in the sample folder: handled as deleted, nothing sent.
    await expect(call(ALARM)).resolves.toMatchObject({
      outcome: "alarm-handled",
      type: "OK_TO_FIRING",
      connections: [{ connectionId: "ocid1.ipsecconnection.oc1..x", status: "gone" }],
      messageIds: [],
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ message: "payload received", route: "alarm", callId: "01DISPATCH" }),
    );
  });

  it("recognises the docs' lower-case dedupekey spelling too", async () => {
    const { call } = await localHandler();
    const { dedupeKey, ...rest } = ALARM;
    await expect(call({ ...rest, dedupekey: dedupeKey })).resolves.toMatchObject({
      outcome: "alarm-handled",
      dedupeKey,
    });
  });

  it("validates a sweep action and answers unknown actions naming the known ones", async () => {
    const { call } = await localHandler();
    await expect(call({ action: "sweep" })).rejects.toThrow(/EVENT_INVALID: invalid event: compartmentId: /);
    await expect(call({ action: "defragment" })).rejects.toThrow(
      "ACTION_UNKNOWN: unknown action defragment; known: sweep, sweep-shard, publish-alerts, rotate-psk",
    );
    await expect(call({ action: "bogus" })).rejects.toThrow(/unknown action bogus; known: /);
  });

  it.each([
    [{ hello: "world" }, /EVENT_INVALID: invalid event: unknown payload: expected an OCI CloudEvent/],
    [[1, 2], /EVENT_INVALID: invalid event: body must be a JSON object/],
    ["not json", /EVENT_INVALID: invalid event: body is not JSON/],
    [null, /EVENT_INVALID: invalid event: body must be a JSON object/],
  ])("rejects %j with an error naming the problem", async (input, message) => {
    const { call } = await localHandler();
    await expect(call(input)).rejects.toThrow(message);
  });

  it("acknowledges a CloudEvent of a type it does not handle, naming the setting", async () => {
    const { call, lines } = await localHandler();
    const event = loadEvent("create-static-ikev1") as { eventType: string };
    event.eventType = "com.oraclecloud.virtualnetwork.createdrg";
    await expect(call(event)).resolves.toMatchObject({ outcome: "ignored" });
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: "event type not configured for rendering; check TUNNELSMITH_RENDER_EVENT_TYPES",
      }),
    );
  });

  it("takes new routes without touching the existing ones", async () => {
    const ping: Route = {
      name: "ping",
      matches: (input) => input.ping === true,
      handle: async () => ({ outcome: "ignored", connectionId: "-", reason: "pong" }),
    };
    const { call } = await localHandler([...ROUTES, ping]);
    await expect(call({ ping: true })).resolves.toEqual({
      outcome: "ignored",
      connectionId: "-",
      reason: "pong",
    });
  });
});
