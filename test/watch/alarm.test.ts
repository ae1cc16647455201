import { describe, expect, it } from "vitest";
import { fault, MSW_ORIGINS } from "../msw/server.ts";
import { BUCKET, loadEvent, T0, TOPIC } from "../oci/harness.ts";
import { alarmMessage, HOLD_SECONDS, STATIC, seedUp, setTunnel, useWatchHarness } from "./helpers.ts";

const h = useWatchHarness();
const T1 = "203.0.113.10";
const T2 = "203.0.113.20";
const MIN = 60_000;

describe("tunnel alarms (msw)", () => {
  it("alerts DOWN for one tunnel while the other still carries traffic, with what to check", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    await h.invoke(loadEvent("create-static-ikev1")); // rendered: the alert can name the vendors' commands
    setTunnel(h.tunnel(STATIC, 0), { status: "DOWN", at: new Date(T0.getTime() - 3 * MIN) });

    const outcome = await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0));

    expect(outcome).toMatchObject({
      outcome: "alarm-handled",
      type: "OK_TO_FIRING",
      suppressed: false,
      digest: false,
      connections: [{ connectionId: STATIC, status: "checked", unmatchedIps: [], alerts: 1 }],
      alerts: [{ state: "DOWN", severity: "WARNING", tunnelIndex: 1, oracleIp: T1, down: "ipsec" }],
    });
    const [alert] = h.alerts();
    expect(h.alerts()).toHaveLength(1);
    expect(alert?.topicId).toBe(TOPIC);
    expect(alert?.title).toBe(
      "DOWN: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): IPsec down; tunnel 2 up",
    );
    const body = alert?.body ?? "";
    expect(body).toContain("Severity: WARNING: tunnel 2 still carries traffic");
    expect(body).toContain("Oracle headend:  203.0.113.10");
    expect(body).toContain("CPE IP:          198.51.100.10");
    expect(body).toContain(
      "Down since:      2026-11-22T04:57:00Z (OCI's status time; 3 min before detection)",
    );
    expect(body).toMatch(
      /Tunnel 2: +VPNトンネル2, headend 203\.0\.113\.20: IPsec UP -> traffic is flowing over tunnel 2\./,
    );
    expect(body).toContain("Last PSK rotation: not recorded by tunnelsmith");
    expect(body).toContain(
      'by Monitoring alarm "tunnelsmith-tunnel-down" (OK_TO_FIRING at 2026-11-22T05:00:00Z)',
    );
    expect(body).toContain("UDP 500 and 4500 and ESP");
    expect(body).toContain("OCI expects IKEv1");
    expect(body).toContain("libreswan: ipsec status | grep 203.0.113.10");
    expect(body).not.toContain("BGP neighbour");

    const watch = h.state(STATIC)?.watch as {
      tunnels: { id: string; announced: string; healthy: boolean }[];
    };
    expect(watch.tunnels.map((t) => [t.announced, t.healthy])).toEqual([
      ["down", false],
      ["up", true],
    ]);
  });

  it("alerts CRITICAL for both tunnels when both are down: no traffic flows", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    setTunnel(h.tunnel(STATIC, 0), { status: "DOWN", at: new Date(T0.getTime() - 6 * MIN) });
    setTunnel(h.tunnel(STATIC, 1), { status: "DOWN", at: new Date(T0.getTime() - 5 * MIN) });

    const outcome = await h.alarm(
      alarmMessage(
        "OK_TO_FIRING",
        [
          [STATIC, T1],
          [STATIC, T2],
        ],
        T0,
      ),
    );

    expect(outcome.alerts.map((a) => [a.state, a.severity, a.tunnelIndex])).toEqual([
      ["DOWN", "CRITICAL", 1],
      ["DOWN", "CRITICAL", 2],
    ]);
    const titles = h.alerts().map((m) => m.title);
    expect(titles).toEqual([
      "DOWN: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): IPsec down; NO TUNNEL UP",
      "DOWN: OCI-オンプレ間VPN (static) tunnel 2 (203.0.113.20): IPsec down; NO TUNNEL UP",
    ]);
    for (const m of h.alerts()) {
      expect(m.body).toContain("no tunnel of this connection carries traffic: the site is cut off from OCI");
    }
  });

  it("says how long the outage lasted when the tunnel recovers", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    setTunnel(h.tunnel(STATIC, 0), { status: "DOWN", at: T0 });
    await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0));

    h.clock.advance(48 * MIN);
    setTunnel(h.tunnel(STATIC, 0), { status: "UP", at: new Date(T0.getTime() + 47 * MIN) });
    const outcome = await h.alarm(alarmMessage("FIRING_TO_OK", [[STATIC, T1]], h.clock.now()));

    expect(outcome.alerts).toEqual([
      expect.objectContaining({ state: "RECOVERED", severity: "INFO", tunnelIndex: 1, down: null }),
    ]);
    const recovered = h.alerts()[1];
    expect(recovered?.title).toBe(
      "RECOVERED: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): up after 47 min",
    );
    expect(recovered?.body).toContain(
      "The outage lasted 47 min (from 2026-11-22T05:00:00Z to 2026-11-22T05:47:00Z).",
    );
    expect(recovered?.body).toContain("Severity: INFO: traffic flows again.");
    expect(recovered?.body).not.toContain("First things to check");
  });

  it("suppresses a REPEAT that finds nothing new, and alerts when the second tunnel went down too", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    setTunnel(h.tunnel(STATIC, 0), { status: "DOWN", at: T0 });
    await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0));
    const writes = h.fake.requestsTo("PUT", /state\.json$/).length;

    h.clock.advance(30 * MIN);
    const repeat = await h.alarm(alarmMessage("REPEAT", [[STATIC, T1]], h.clock.now()));

    expect(repeat).toMatchObject({ type: "REPEAT", suppressed: true, alerts: [], messageIds: [] });
    expect(h.alerts()).toHaveLength(1);
    expect(h.fake.requestsTo("PUT", /state\.json$/)).toHaveLength(writes); // nothing changed, nothing written
    expect(h.logs.some((l) => l.includes("REPEAT suppressed: nothing changed since the last alert"))).toBe(
      true,
    );

    // Escalation: tunnel 2 is down as well by the next REPEAT of tunnel 1's alarm.
    h.clock.advance(30 * MIN);
    setTunnel(h.tunnel(STATIC, 1), { status: "DOWN", at: new Date(h.clock.now().getTime() - 2 * MIN) });
    const escalated = await h.alarm(alarmMessage("REPEAT", [[STATIC, T1]], h.clock.now()));

    expect(escalated.suppressed).toBe(false);
    expect(escalated.alerts).toEqual([
      expect.objectContaining({ state: "DOWN", severity: "CRITICAL", tunnelIndex: 2 }),
    ]);
    expect(h.alerts().map((m) => m.title)).toEqual([
      "DOWN: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): IPsec down; tunnel 2 up",
      "DOWN: OCI-オンプレ間VPN (static) tunnel 2 (203.0.113.20): IPsec down; NO TUNNEL UP",
    ]);
  });

  it("sends one FLAPPING alert for a tunnel going down and up within the hold time, then one RECOVERED", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    const t1 = h.tunnel(STATIC, 0);
    const step = async (status: "UP" | "DOWN", minutes: number) => {
      h.clock.advance(minutes * MIN);
      setTunnel(t1, { status, at: h.clock.now() });
      const type = status === "DOWN" ? "OK_TO_FIRING" : "FIRING_TO_OK";
      return h.alarm(alarmMessage(type, [[STATIC, T1]], h.clock.now()));
    };

    await step("DOWN", 0);
    const flapped = await step("UP", 2);
    await step("DOWN", 1);
    await step("UP", 1);
    await step("DOWN", 1);
    const quiet = await step("UP", 1);

    expect(flapped.alerts).toEqual([expect.objectContaining({ state: "FLAPPING", tunnelIndex: 1 })]);
    expect(quiet).toMatchObject({ alerts: [], suppressed: true });
    expect(h.alerts().map((m) => m.title.split(":")[0])).toEqual(["DOWN", "FLAPPING"]);
    const flapping = h.alerts()[1];
    expect(flapping?.title).toBe(
      "FLAPPING: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): 2 changes since 05:00Z; tunnel 2 up",
    );
    expect(flapping?.body).toContain(`within the ${HOLD_SECONDS / 60} min hold time; it is UP now`);
    expect(flapping?.body).toContain("lifetimes that differ from Oracle's");

    // Still within the hold time of the last change: nothing. Once stable for the hold time: one RECOVERED.
    h.clock.advance(5 * MIN);
    expect((await h.sweep()).alerts).toEqual([]);
    h.clock.advance(6 * MIN);
    const closed = await h.sweep();
    expect(closed.alerts).toEqual([expect.objectContaining({ state: "RECOVERED", tunnelIndex: 1 })]);
    const last = h.alerts()[2];
    expect(last?.title).toBe("RECOVERED: OCI-オンプレ間VPN (static) tunnel 1 (203.0.113.10): up and stable");
    expect(last?.body).toContain("stopped flapping: stable since 2026-11-22T05:06:00Z after 6 changes");
    expect(h.alerts()).toHaveLength(3);
  });

  it("does not hold back a flapping tunnel dropping while the other tunnel is down (once)", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    const [t1, t2] = [h.tunnel(STATIC, 0), h.tunnel(STATIC, 1)];
    setTunnel(t1, { status: "DOWN", at: T0 });
    await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0));
    h.clock.advance(MIN);
    setTunnel(t1, { status: "UP", at: h.clock.now() });
    await h.alarm(alarmMessage("FIRING_TO_OK", [[STATIC, T1]], h.clock.now())); // FLAPPING
    h.clock.advance(MIN);
    setTunnel(t2, { status: "DOWN", at: h.clock.now() });
    setTunnel(t1, { status: "DOWN", at: h.clock.now() });

    const outcome = await h.alarm(
      alarmMessage(
        "OK_TO_FIRING",
        [
          [STATIC, T1],
          [STATIC, T2],
        ],
        h.clock.now(),
      ),
    );

    expect(outcome.alerts.map((a) => [a.state, a.severity, a.tunnelIndex])).toEqual([
      ["DOWN", "CRITICAL", 1],
      ["DOWN", "CRITICAL", 2],
    ]);
    const escalation = h
      .alerts()
      .find((m) => m.title.startsWith("DOWN") && m.title.includes("tunnel 1") && m.body.includes("flapping"));
    expect(escalation?.body).toContain("this tunnel is flapping and no other tunnel carries traffic now");

    // The next drop of the still-flapping tunnel is held back again.
    h.clock.advance(MIN);
    setTunnel(t1, { status: "UP", at: h.clock.now() });
    await h.alarm(alarmMessage("FIRING_TO_OK", [[STATIC, T1]], h.clock.now()));
    h.clock.advance(MIN);
    setTunnel(t1, { status: "DOWN", at: h.clock.now() });
    expect((await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, T1]], h.clock.now()))).alerts).toEqual([]);
  });

  it("reports a headend IP that no tunnel of the connection has, and sends nothing for it", async () => {
    seedUp(h, "static-ikev1", T0);

    const outcome = await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, "203.0.113.99"]], T0));

    expect(outcome.connections).toEqual([
      { connectionId: STATIC, status: "checked", reason: null, unmatchedIps: ["203.0.113.99"], alerts: 0 },
    ]);
    expect(h.alerts()).toEqual([]);
    const warning = h.logs.map((l) => JSON.parse(l)).find((l) => l.unmatchedIps);
    expect(warning).toMatchObject({
      level: "warn",
      message: "the alarm names a headend IP that no tunnel of the connection has; nothing sent for it",
      headends: [T1, T2],
    });
  });

  it.each([
    ["TERMINATED", false],
    ["404", true],
  ])(
    "answers a connection deleted before the alarm was handled (%s) without sending or writing",
    async (_how, gone) => {
      seedUp(h, "static-ikev1", T0);
      setTunnel(h.tunnel(STATIC, 0), { status: "DOWN", at: T0 });
      h.fake.deleteConnection(STATIC, gone);

      const outcome = await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0));

      expect(outcome.connections).toEqual([
        expect.objectContaining({ connectionId: STATIC, status: "gone", alerts: 0 }),
      ]);
      expect(outcome.suppressed).toBe(false);
      expect(h.fake.messages).toEqual([]);
      expect(h.fake.requestsTo("PUT", /state\.json$/)).toEqual([]);
    },
  );

  it.each([
    ["not json", /EVENT_INVALID: invalid event: body is not JSON/],
    [
      { ...alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0), type: "FIRE" },
      /type: must be one of OK_TO_FIRING/,
    ],
    [
      alarmMessage("OK_TO_FIRING", [[STATIC, "not-an-ip"]], T0),
      /alarmMetaData\[0\]\.dimensions\[0\]\.publicIp: must be an IPv4/,
    ],
    [
      alarmMessage("OK_TO_FIRING", [["ocid1.instance.oc1..x", T1]], T0),
      /dimensions\[0\]\.parentResourceId: must be an OCID of type ipsecconnection/,
    ],
    [
      { ...alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0), dedupeKey: undefined },
      /dedupeKey: needs dedupeKey \(or dedupekey\)/,
    ],
    [
      {
        ...alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0),
        alarmMetaData: [{ namespace: "oci_computeagent", dimensions: [] }],
      },
      /alarmMetaData\[0\]\.namespace: must be "oci_vpn"/,
    ],
    [
      alarmMessage(
        "OK_TO_FIRING",
        Array.from({ length: 101 }, (_, i): [string, string] => [STATIC, `198.18.0.${i + 1}`]),
        T0,
      ),
      /dimensions: must have at most 100 dimension sets/,
    ],
  ])("rejects malformed alarm %# with a clear error and touches nothing", async (input, message) => {
    await expect(h.run(input)).rejects.toThrow(message);
    expect(h.fake.requests).toEqual([]);
    expect(h.fake.messages).toEqual([]);
  });

  it("takes up to 100 dimensions in one message, each connection checked once", async () => {
    const dims = Array.from({ length: 100 }, (_, i): [string, string] => [
      `ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaamissing${String(i % 50).padStart(3, "0")}`,
      `198.18.0.${i + 1}`,
    ]);
    const outcome = await h.alarm(alarmMessage("OK_TO_FIRING", dims, T0));

    expect(outcome.connections).toHaveLength(50);
    expect(outcome.connections.every((c) => c.status === "gone")).toBe(true);
    expect(h.fake.requestsTo("GET", /^\/ipsecConnections\/[^/]+$/)).toHaveLength(50);
  });

  it("shows the last PSK rotation tunnelsmith recorded for the tunnel", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    await h.invoke(loadEvent("create-static-ikev1"));
    const name = `connections/${STATIC}/state.json`;
    const object = h.fake.buckets.get(BUCKET)?.objects.get(name);
    if (!object) throw new Error("no state.json");
    const state = JSON.parse(object.body);
    state.rotation = {
      tunnels: {
        [String(h.tunnel(STATIC, 0).id)]: {
          rotatedAt: "2026-10-01T03:00:00.000Z",
          pskFingerprint: null,
          forced: false,
        },
      },
      inProgress: null,
    };
    object.body = JSON.stringify(state);
    object.etag = h.fake.newEtag();
    setTunnel(h.tunnel(STATIC, 0), { status: "DOWN", at: T0 });

    await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0));

    expect(h.alerts()[0]?.body).toContain("Last PSK rotation: 2026-10-01T03:00:00.000Z");
    expect(h.alerts()[0]?.body).toContain("tunnelsmith last rotated it at 2026-10-01T03:00:00.000Z");
  });

  it("also publishes the JSON variant when a JSON topic is configured", async () => {
    const jsonTopic = "ocid1.onstopic.oc1.ap-tokyo-1.aaaaaaaajsontopic";
    h.fake.topics.add(jsonTopic);
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    setTunnel(h.tunnel(STATIC, 0), { status: "DOWN", at: T0 });

    await h.alarm(alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0), {
      TUNNELSMITH_ALERT_JSON_TOPIC_ID: jsonTopic,
    });

    const json = h.fake.messages.filter((m) => m.topicId === jsonTopic);
    expect(h.alerts()).toHaveLength(1);
    expect(json).toHaveLength(1);
    const variant = JSON.parse(json[0]?.body ?? "{}");
    expect(variant).toMatchObject({
      type: "tunnelsmith.tunnel-alert",
      version: 1,
      state: "DOWN",
      severity: "WARNING",
      title: h.alerts()[0]?.title,
      connection: { id: STATIC, label: "OCI-オンプレ間VPN (static)" },
      tunnel: { index: 1, oracleIp: T1, cpeIp: "198.51.100.10", status: "DOWN", down: "ipsec" },
      other: { index: 2, oracleIp: T2, healthy: true },
      trafficFlowing: true,
      since: T0.toISOString(),
      trigger: { kind: "alarm", type: "OK_TO_FIRING" },
    });
  });

  it("keeps the previous state when the alert cannot be published, so the redelivered alarm sends it", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    setTunnel(h.tunnel(STATIC, 0), { status: "DOWN", at: T0 });
    h.server.use(
      fault(
        h.fake,
        "post",
        `${MSW_ORIGINS.notifications}/20181201/topics/:topicId/messages`,
        503,
        "ServiceUnavailable",
        1, // a publish is not retried on 5xx (its outcome is unknown): one failed attempt
      ),
    );
    const message = alarmMessage("OK_TO_FIRING", [[STATIC, T1]], T0);

    await expect(h.run(message)).rejects.toThrow(/internal error; see the function log/);
    expect(h.alerts()).toEqual([]);
    expect(h.state(STATIC)).toBeNull(); // nothing recorded: the change is still "new"

    const redelivered = await h.alarm(message);
    expect(redelivered.alerts).toEqual([expect.objectContaining({ state: "DOWN", tunnelIndex: 1 })]);
    expect(h.alerts()).toHaveLength(1);
  });
});
