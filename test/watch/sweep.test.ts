import { http } from "msw";
import { describe, expect, it } from "vitest";
import { rawSnapshot } from "../helpers/samples.ts";
import type { Json } from "../msw/fake-oci.ts";
import { ONS_MAX_MESSAGE_BYTES } from "../msw/ons.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { BUCKET, loadEvent, T0, TOPIC } from "../oci/harness.ts";
import { BGP, COMPARTMENT, STATIC, seedUp, setTunnel, useWatchHarness } from "./helpers.ts";

const h = useWatchHarness();
const MIN = 60_000;
const CHILD = "ocid1.compartment.oc1..aaaaaaaachildcompartment";
const GRANDCHILD = "ocid1.compartment.oc1..aaaaaaaagrandchildcompartment";

/** `n` copies of the static sample with their own ids and headend IPs, both tunnels UP. */
function seedMany(n: number, compartmentOf: (i: number) => string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const raw = rawSnapshot("static-ikev1");
    const tag = String(i).padStart(3, "0");
    const connection = raw.ipsecConnection as Json;
    connection.id = `ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaasweep${tag}`;
    connection.displayName = `branch-${tag}`;
    connection.compartmentId = compartmentOf(i);
    const secrets: Record<string, string> = {};
    (raw.tunnels as Json[]).forEach((t, k) => {
      t.id = `ocid1.ipsectunnel.oc1.ap-tokyo-1.aaaaaaaasweep${tag}t${k + 1}`;
      t.vpnIp = `198.18.${Math.floor(i / 100)}.${(i % 100) * 2 + k + 1}`;
      t.status = "UP";
      t.timeStatusUpdated = new Date(T0.getTime() - 3600_000).toISOString();
      secrets[String(t.id)] = `SweepKey${tag}Tunnel${k + 1}abcdefghij`;
    });
    raw.sharedSecrets = secrets;
    const id = h.fake.seedSnapshot(raw).connectionId;
    ids.push(id);
    knownToTunnelsmith(id, raw.tunnels as Json[]);
  }
  return ids;
}

/**
 * A `state.json` as a render would leave it (no files): the connection is one tunnelsmith already handles, so
 * these watch tests are not about the sweep adopting connections without state.
 */
function knownToTunnelsmith(connectionId: string, tunnels: Json[]): void {
  const state = {
    schemaVersion: 1,
    connectionId,
    status: "rendered",
    announced: true,
    tunnels: tunnels.map((t) => ({
      id: t.id,
      oracleIp: t.vpnIp,
      status: t.status ?? null,
      lifecycleState: t.lifecycleState ?? null,
      bgpState: null,
    })),
  };
  h.fake.buckets.get(BUCKET)?.objects.set(`connections/${connectionId}/state.json`, {
    body: JSON.stringify(state),
    etag: h.fake.newEtag(),
    contentType: "application/json",
    meta: {},
    kmsKeyId: null,
  });
}

describe("the sweep (msw)", () => {
  it("finds a BGP session that dropped while IPsec stayed up, and its recovery", async () => {
    seedUp(h, "bgp-ikev1", new Date(T0.getTime() - 3600_000));
    await h.invoke(loadEvent("create-bgp-ikev1"));
    h.fake.messages.length = 0; // the "configs ready" message; this test is about alerts
    const first = await h.sweep();
    expect(first).toMatchObject({ outcome: "swept", connections: 1, checked: 1, alerts: [], rerendered: [] });
    expect(h.fake.messages).toEqual([]);

    h.clock.advance(15 * MIN);
    setTunnel(h.tunnel(BGP, 0), { bgpState: "DOWN" });
    const second = await h.sweep();

    expect(second.alerts).toEqual([
      expect.objectContaining({ state: "DOWN", severity: "WARNING", tunnelIndex: 1, down: "bgp" }),
    ]);
    const [alert] = h.alerts();
    expect(alert?.title).toBe("DOWN: OCI-オンプレ間VPN (BGP) tunnel 1 (203.0.113.30): BGP down; tunnel 2 up");
    expect(alert?.body).toContain("IPsec status:    UP (IKEv1)");
    expect(alert?.body).toContain(
      "BGP:             DOWN (CPE 192.168.254.1/30 AS65000 <-> Oracle 192.168.254.2/30 AS31898)",
    );
    expect(alert?.body).toContain("Down since:      2026-11-22T05:15:00Z (when tunnelsmith saw it");
    expect(alert?.body).toContain("by the scheduled sweep");
    expect(alert?.body).toContain("IPsec is up but BGP is down");
    expect(alert?.body).toContain(
      "BGP neighbour 192.168.254.2 configured with remote AS 31898 and local AS 65000",
    );
    expect(alert?.body).toContain("TCP port 179");
    expect(alert?.body).not.toContain("UDP 500");

    h.clock.advance(15 * MIN);
    expect((await h.sweep()).alerts).toEqual([]);

    h.clock.advance(15 * MIN);
    setTunnel(h.tunnel(BGP, 0), { bgpState: "UP" });
    const recovered = await h.sweep();
    expect(recovered.alerts).toEqual([expect.objectContaining({ state: "RECOVERED", tunnelIndex: 1 })]);
    expect(h.alerts()[1]?.title).toBe(
      "RECOVERED: OCI-オンプレ間VPN (BGP) tunnel 1 (203.0.113.30): up after 30 min",
    );
  });

  it("sends one digest, under the topic's rate, when 150 connections change in one sweep", async () => {
    h.fake.compartments.push(
      { id: CHILD, compartmentId: COMPARTMENT, lifecycleState: "ACTIVE", name: "branches" },
      { id: GRANDCHILD, compartmentId: CHILD, lifecycleState: "ACTIVE", name: "east" },
      { id: "ocid1.compartment.oc1..aaaaaaaadeleted", compartmentId: COMPARTMENT, lifecycleState: "DELETED" },
    );
    const ids = seedMany(150, (i) => (i < 50 ? COMPARTMENT : i < 100 ? CHILD : GRANDCHILD));
    h.fake.pageSize = 40; // every list call pages

    const baseline = await h.sweep(true);
    expect(baseline).toMatchObject({ compartments: 3, connections: 150, checked: 150, alerts: [] });
    expect(h.fake.messages).toEqual([]);

    for (const id of ids) {
      for (const t of h.fake.tunnels.get(id) ?? [])
        setTunnel(t, { status: "DOWN", at: new Date(T0.getTime() - MIN) });
    }
    const jsonTopic = "ocid1.onstopic.oc1.ap-tokyo-1.aaaaaaaajsontopic";
    h.fake.topics.add(jsonTopic);
    const publishesBefore = h.fake.requestsTo("POST", /\/topics\/.+\/messages$/).length;
    const swept = await h.sweep(true, { TUNNELSMITH_ALERT_JSON_TOPIC_ID: jsonTopic });

    expect(swept.alerts).toHaveLength(300);
    expect(swept.digest).toBe(true);
    expect(swept.messageIds).toHaveLength(1);
    const text = h.fake.messages.filter((m) => m.topicId === TOPIC);
    expect(text).toHaveLength(1);
    const digest = text[0];
    expect(digest?.title).toBe("DIGEST: 300 DOWN on 150 connections; 150 with NO TUNNEL UP");
    expect(Buffer.byteLength(digest?.body ?? "", "utf8")).toBeLessThan(ONS_MAX_MESSAGE_BYTES);
    expect(digest?.body).toContain("more than 10 alerts at once (TUNNELSMITH_ALERT_DIGEST_THRESHOLD)");
    expect(digest?.body).toContain("No tunnel up (traffic interrupted) on 150 connections:");
    for (const id of ids) expect(digest?.body).toContain(id);
    expect(digest?.body).toContain(
      "CRITICAL DOWN      branch-149 tunnel 2 198.18.1.100: IPsec down since 04:59Z; tunnel 1 DOWN",
    );
    expect(digest?.body).not.toContain("omitted");

    // The JSON variant: as many messages as needed, each valid JSON under 64 KB, together every alert once.
    const json = h.fake.messages.filter((m) => m.topicId === jsonTopic);
    const parts = json.map((m) => JSON.parse(m.body) as { part: number; parts: number; alerts: Json[] });
    expect(json.every((m) => Buffer.byteLength(m.body, "utf8") < ONS_MAX_MESSAGE_BYTES)).toBe(true);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
    expect(parts.flatMap((p) => p.alerts)).toHaveLength(300);

    // Every publish of the sweep, text and JSON, fits in one minute of the topic's ~60 (and the limiter's 50).
    const publishes = h.fake.requestsTo("POST", /\/topics\/.+\/messages$/).length - publishesBefore;
    expect(publishes).toBe(1 + json.length);
    expect(publishes).toBeLessThan(50);

    // Recorded: the next sweep finds nothing new.
    expect((await h.sweep(true)).alerts).toEqual([]);
  }, 120_000);

  it("checks connections with bounded concurrency", async () => {
    seedMany(30, () => COMPARTMENT);
    let inFlight = 0;
    let most = 0;
    h.server.use(
      http.get(`${MSW_ORIGINS.iaas}/20160918/ipsecConnections/:id/tunnels`, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return undefined; // fall through to the fake
      }),
    );

    const outcome = await h.sweep(false, { TUNNELSMITH_SWEEP_CONCURRENCY: "4" });

    expect(outcome.checked).toBe(30);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });

  it("sweeps a whole tenancy with one subtree listing of its compartments", async () => {
    const tenancy = "ocid1.tenancy.oc1..aaaaaaaaexampletenancy";
    h.fake.compartments.push(
      { id: COMPARTMENT, compartmentId: tenancy, lifecycleState: "ACTIVE", name: "network" },
      { id: CHILD, compartmentId: COMPARTMENT, lifecycleState: "ACTIVE", name: "branches" },
    );
    seedMany(3, (i) => [tenancy, COMPARTMENT, CHILD][i] ?? tenancy);

    const outcome = await h.run({ action: "sweep", compartmentId: tenancy, includeSubcompartments: true });

    expect(outcome).toMatchObject({ outcome: "swept", compartments: 3, connections: 3, checked: 3 });
    expect(h.fake.requestsTo("GET", /^\/compartments$/)).toHaveLength(1);
    // Without includeSubcompartments only the compartment itself is listed.
    expect(await h.sweep(false)).toMatchObject({ compartments: 1, connections: 1 });
  });

  it("renders a connection again when its headend IP or PSK changed outside tunnelsmith", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    seedUp(h, "bgp-ikev1", new Date(T0.getTime() - 3600_000)); // never rendered by tunnelsmith: adopted
    await h.invoke(loadEvent("create-static-ikev1"));
    // Records the baseline of the rendered one; the other has no state, so the sweep renders it (adopts it).
    expect((await h.sweep()).rerendered).toEqual([
      {
        connectionId: BGP,
        reasons: [
          "tunnelsmith has no rendered configs for it (its event was missed or came before deployment)",
        ],
        outcome: "rendered",
        adopted: true,
      },
    ]);
    const rendered = h.fake.messages.length;
    expect((await h.sweep()).rerendered).toEqual([]); // records the adopted one's baseline

    h.clock.advance(15 * MIN);
    h.tunnel(STATIC, 0).vpnIp = "203.0.113.11";
    const moved = await h.sweep();

    expect(moved.rerendered).toEqual([
      {
        connectionId: STATIC,
        reasons: ["tunnel 1 headend IP 203.0.113.10 -> 203.0.113.11"],
        outcome: "rendered",
      },
    ]);
    const announce = h.fake.messages[rendered];
    expect(announce?.title).toBe(
      "tunnelsmith: OCI-オンプレ間VPN (static) changed outside tunnelsmith (headend IP), CPE configs ready",
    );
    const conf = h.fake.buckets
      .get(BUCKET)
      ?.objects.get(`connections/${STATIC}/libreswan/oci-ipsec.conf`)?.body;
    expect(conf).toContain("right=203.0.113.11");
    expect((await h.sweep()).rerendered).toEqual([]); // the new baseline holds

    // PSKs are read once a day (TUNNELSMITH_PSK_CHECK_HOURS) while the tunnels stay up: the next daily read.
    h.clock.advance(24 * 60 * MIN);
    const newKey = "Zq3Xv8Np2Lr5Tb9Wm4Kc7Hd1Fg6Js0Ya";
    h.fake.setSecret(String(h.tunnel(STATIC, 1).id), newKey);
    const rekeyed = await h.sweep();

    expect(rekeyed.rerendered).toEqual([
      { connectionId: STATIC, reasons: ["tunnel 2 PSK changed outside tunnelsmith"], outcome: "rendered" },
    ]);
    const secrets = h.fake.buckets
      .get(BUCKET)
      ?.objects.get(`connections/${STATIC}/libreswan/oci-ipsec.secrets`)?.body;
    expect(secrets).toContain(newKey);
    expect((await h.sweep()).rerendered).toEqual([]);
  });

  it("renders a connection again when its IKE version or phase settings changed outside tunnelsmith", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.sweep();

    const t1 = h.tunnel(STATIC, 0);
    t1.ikeVersion = "V2";
    t1.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      customEncryptionAlgorithm: "AES_256_CBC",
      customAuthenticationAlgorithm: "SHA2_256",
      customDhGroup: "GROUP14",
      lifetime: 28800,
      negotiatedEncryptionAlgorithm: "AES_256_CBC", // changes at every rekey: never drift by itself
    };
    const outcome = await h.sweep();

    expect(outcome.rerendered).toEqual([
      {
        connectionId: STATIC,
        reasons: [
          "tunnel 1 IKE version V1 -> V2",
          "tunnel 1 phase 1 settings Oracle defaults, lifetime 28800 -> custom AES_256_CBC/SHA2_256/GROUP14, lifetime 28800",
        ],
        outcome: "rendered",
      },
    ]);
    expect(h.fake.messages.at(-1)?.title).toContain(
      "changed outside tunnelsmith (IKE version, phase settings)",
    );

    (t1.phaseOneDetails as Json).negotiatedEncryptionAlgorithm = "AES_128_CBC";
    expect((await h.sweep()).rerendered).toEqual([]);
  });

  it("renders a connection whose create event found it still provisioning", async () => {
    h.seed("static-ikev1");
    h.fake.provisionSlowly(STATIC, 100);
    const first = await h.invoke(loadEvent("create-static-ikev1"), { deadlineMs: 30_000 });
    expect(first.outcome).toBe("pending");
    expect((await h.sweep()).skipped).toEqual([
      { connectionId: STATIC, reason: "lifecycleState PROVISIONING" },
    ]);

    const slow = h.fake.provisioningReads.get(STATIC);
    if (slow) slow.reads = 1;
    h.fake.onConnectionRead(STATIC); // OCI finishes provisioning
    const outcome = await h.sweep();

    expect(outcome.rerendered).toEqual([
      expect.objectContaining({
        connectionId: STATIC,
        outcome: "rendered",
        reasons: [expect.stringContaining("still provisioning")],
      }),
    ]);
    expect(h.fake.messages.at(-1)?.title).toBe(
      "tunnelsmith: OCI-オンプレ間VPN (static) provisioned, CPE configs ready",
    );
    expect(h.state(STATIC)?.status).toBe("rendered");
  });

  it("rejects a sweep without a compartment OCID", async () => {
    await expect(h.run({ action: "sweep", compartmentId: "my-compartment" })).rejects.toThrow(
      /EVENT_INVALID: invalid event: compartmentId: must be a compartment or tenancy OCID/,
    );
    expect(h.fake.requests).toEqual([]);
  });
});
