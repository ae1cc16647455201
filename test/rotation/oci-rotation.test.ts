import { http } from "msw";
import { describe, expect, it } from "vitest";
import { rotateCommand } from "../../cli/commands/rotate.ts";
import type { CliIo } from "../../cli/io.ts";
import { createOciDependencyFactory } from "../../shared/adapters/oci/index.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { pskFingerprint } from "../../shared/core/fingerprint.ts";
import { createLogger } from "../../shared/logger.ts";
import { ociError, signed } from "../msw/respond.ts";
import { fault, MSW_ORIGINS } from "../msw/server.ts";
import { FINGERPRINT_KEY, loadEvent, ociEnv, T0, useOciHarness } from "../oci/harness.ts";
import {
  BGP,
  BGP_T1,
  BGP_T2,
  daysAgo,
  objectBody,
  parIds,
  recordRotation,
  STATIC,
  STATIC_T1,
  STATIC_T2,
  seedHealthy,
  stateOf,
  tunnelAt,
  tunnelPrint,
  writes,
} from "./helpers.ts";

const h = useOciHarness();
const OS = `${MSW_ORIGINS.objectStorage}/n/:ns/b/:bucket`;
const SECRET_PUT = `${MSW_ORIGINS.iaas}/20160918/ipsecConnections/:id/tunnels/:tunnelId/sharedSecret`;
const rotate = (extra: Record<string, unknown> = {}) =>
  h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC, ...extra });

type Json = Record<string, unknown>;

function lastMessage() {
  const m = h.fake.messages.at(-1);
  if (!m) throw new Error("no message");
  return m;
}

describe("PSK rotation against OCI (msw)", () => {
  it("rotates the tunnel with the older key, stores new configs with new links and revokes the old ones", async () => {
    seedHealthy(h, "bgp-ikev1");
    await h.invoke(loadEvent("create-bgp-ikev1"));
    const old1 = h.fake.secrets.get(BGP_T1) ?? "";
    const old2 = h.fake.secrets.get(BGP_T2) ?? "";
    const oldPars = parIds(h);
    const tenDaysAgo = daysAgo(h, 10);
    recordRotation(h, BGP, {
      tunnels: {
        [BGP_T1]: { rotatedAt: tenDaysAgo, pskFingerprint: tunnelPrint(BGP_T1, old1), forced: false },
        [BGP_T2]: { rotatedAt: daysAgo(h, 100), pskFingerprint: tunnelPrint(BGP_T2, old2), forced: false },
      },
      inProgress: null,
    });

    const result = await h.invoke({ action: "rotate-psk", ipsecConnectionId: BGP });

    expect(result).toMatchObject({
      outcome: "rotated",
      tunnelId: BGP_T2,
      index: 2,
      oracleIp: "203.0.113.40",
      overridden: [],
      rotatedAt: T0.toISOString(),
    });
    // Exactly one key changed in OCI: tunnel 2's, to a fresh 32-character key.
    expect(h.fake.requestsTo("PUT", /sharedSecret$/).map((r) => r.path)).toEqual([
      `/ipsecConnections/${BGP}/tunnels/${BGP_T2}/sharedSecret`,
    ]);
    const key = h.fake.secrets.get(BGP_T2) ?? "";
    expect(key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(key).not.toBe(old2);
    expect(h.fake.secrets.get(BGP_T1)).toBe(old1);
    // It waited for the tunnel to be reprovisioned before rendering.
    expect(h.fake.requestsTo("GET", new RegExp(`/tunnels/${BGP_T2}$`)).length).toBeGreaterThanOrEqual(2);
    // The new config holds the new key; the old key of tunnel 2 is gone from it.
    const secrets = objectBody(h, `connections/${BGP}/libreswan/oci-ipsec.secrets`);
    expect(secrets).toContain(key);
    expect(secrets).toContain(old1);
    expect(secrets).not.toContain(old2);
    // Every old link is revoked; every file has a new one.
    expect(parIds(h)).toHaveLength(oldPars.length);
    expect(parIds(h).filter((id) => oldPars.includes(id))).toEqual([]);
    for (const id of oldPars) expect(h.fake.requestsTo("DELETE", new RegExp(`/p/${id}$`))).toHaveLength(1);
    // The message says which tunnel, which peer, which file and line, and carries the new links.
    const message = lastMessage();
    expect(message.title).toBe(
      "tunnelsmith: OCI-オンプレ間VPN (BGP) new PSK for tunnel 2 (203.0.113.40), update the CPE",
    );
    expect(message.body).toContain(
      'only the pre-shared key of tunnel 2 "VPNトンネル2" (peer = Oracle headend 203.0.113.40, BGP neighbour 192.168.254.6)',
    );
    expect(message.body).toMatch(
      /libreswan\/oci-ipsec\.secrets -> \/etc\/ipsec\.d\/oci-ipsec\.secrets.*\n {4}line \d+: \S+ 203\.0\.113\.40 : PSK "<new key of tunnel 2>"\n/,
    );
    expect(message.body).not.toMatch(/line \d+: .*203\.0\.113\.30/); // tunnel 1's line is unchanged
    if (result.outcome !== "rotated") throw new Error("not rotated");
    for (const f of result.files) expect(message.body).toContain(f.url);
    expect(JSON.stringify(result)).not.toContain(key); // the function's response carries links, never keys
    // state.json: the rotation time and a keyed fingerprint of the new key, nothing open, lease given up.
    const state = stateOf(h, BGP) as Json & { rotation: Json; files: Json[] };
    expect(state.rotation).toEqual({
      tunnels: {
        [BGP_T1]: {
          rotatedAt: tenDaysAgo,
          pskFingerprint: tunnelPrint(BGP_T1, old1),
          forced: false,
          previousPskFingerprint: null,
        },
        // The replaced key's fingerprint, so a revert to it (Terraform) is recognised by the sweep.
        [BGP_T2]: {
          rotatedAt: T0.toISOString(),
          pskFingerprint: tunnelPrint(BGP_T2, key),
          forced: false,
          previousPskFingerprint: tunnelPrint(BGP_T2, old2),
        },
      },
      inProgress: null,
    });
    expect(state.lease).toBeNull();
    const current = pskFingerprint(FINGERPRINT_KEY, { [BGP_T1]: old1, [BGP_T2]: key });
    expect(state.files.filter((f) => f.pskFingerprint !== null).map((f) => f.pskFingerprint)).toEqual([
      current,
    ]);
    // (The harness checks after every test that no key the fake ever held, the new one included, reached a log
    // line, a message or any state.json written.)
  });

  it("refuses, writing nothing, when the other tunnel is down", async () => {
    seedHealthy(h, "static-ikev1", (raw) => {
      tunnelAt(raw, 1).status = "DOWN";
    });

    const result = await rotate();

    expect(result).toEqual({
      outcome: "refused",
      connectionId: STATIC,
      tunnel: { tunnelId: STATIC_T1, index: 1, oracleIp: "203.0.113.10" },
      reasons: [
        "the other tunnel (tunnel 2, 203.0.113.20) is DOWN, not UP: changing this key would take the last working tunnel down",
      ],
      forceable: true,
    });
    expect(writes(h)).toEqual([]);
    const refusal = h.logs.map((l) => JSON.parse(l)).find((l) => l.message === "rotation refused");
    expect(refusal).toMatchObject({ level: "warn", forceable: true });
  });

  it("refuses when the other tunnel is up but its BGP session is down", async () => {
    seedHealthy(h, "bgp-ikev1", (raw) => {
      (tunnelAt(raw, 1).bgpSessionInfo as Json).bgpState = "DOWN";
    });

    const result = await h.invoke({ action: "rotate-psk", ipsecConnectionId: BGP });

    expect(result).toMatchObject({
      outcome: "refused",
      reasons: [
        "the BGP session of the other tunnel (tunnel 2, 203.0.113.40) is DOWN, not UP: no routes would be left",
      ],
    });
    expect(writes(h)).toEqual([]);
  });

  it("refuses without a way to force while another change is still being provisioned", async () => {
    seedHealthy(h, "static-ikev1", (raw) => {
      tunnelAt(raw, 1).lifecycleState = "PROVISIONING";
    });

    const result = await rotate({ force: true });

    expect(result).toMatchObject({
      outcome: "refused",
      forceable: false,
      reasons: ["tunnel 2 (203.0.113.20) is PROVISIONING: another change is still in progress"],
    });
    expect(writes(h)).toEqual([]);
  });

  it("rotates a tunnel that is itself down when the other one carries the traffic", async () => {
    seedHealthy(h, "static-ikev1", (raw) => {
      tunnelAt(raw, 0).status = "DOWN";
    });
    await h.invoke(loadEvent("create-static-ikev1"));

    expect(await rotate()).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T1 });
  });

  it("--force rotates anyway, and the log and the message say so loudly", async () => {
    seedHealthy(h, "static-ikev1", (raw) => {
      tunnelAt(raw, 1).status = "DOWN";
    });
    await h.invoke(loadEvent("create-static-ikev1"));

    const result = await rotate({ force: true });

    expect(result).toMatchObject({
      outcome: "rotated",
      tunnelId: STATIC_T1,
      overridden: [expect.stringMatching(/^the other tunnel \(tunnel 2, 203\.0\.113\.20\) is DOWN/)],
    });
    const message = lastMessage();
    expect(message.title).toMatch(/^tunnelsmith \[FORCED\]: /);
    expect(message.body).toContain("FORCED: --force overrode these safety checks");
    expect(message.body).toContain("the other tunnel (tunnel 2, 203.0.113.20) is DOWN");
    const forced = h.logs.map((l) => JSON.parse(l)).find((l) => l.message.startsWith("FORCED rotation"));
    expect(forced).toMatchObject({ level: "warn", tunnelId: STATIC_T1 });
    expect((stateOf(h, STATIC) as { rotation: Json }).rotation).toMatchObject({
      tunnels: { [STATIC_T1]: { forced: true } },
    });
  });

  it("--dry-run reports what would happen and sends no write at all", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const before = objectBody(h, `connections/${STATIC}/state.json`);
    const secrets = new Map(h.fake.secrets);
    h.fake.requests.length = 0;

    const result = await rotate({ dryRun: true });

    expect(result).toMatchObject({
      outcome: "dry-run",
      wouldDo: "rotate",
      tunnel: { tunnelId: STATIC_T1, index: 1 },
      keys: [
        { tunnelId: STATIC_T1, source: "never", ageDays: null },
        { tunnelId: STATIC_T2, source: "never", ageDays: null },
      ],
    });
    expect(writes(h)).toEqual([]);
    expect(h.fake.requests.length).toBeGreaterThan(0); // it did read
    expect(objectBody(h, `connections/${STATIC}/state.json`)).toBe(before);
    expect(h.fake.secrets).toEqual(secrets);
  });

  it("after a failure between the OCI update and the new objects, the next run stores them instead of rotating again", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const oldPars = parIds(h);
    const oldKey = h.fake.secrets.get(STATIC_T1) ?? "";
    let failing = true;
    h.server.use(
      http.put(
        `${OS}/o/:object`,
        signed(h.fake, "objectstorage", ({ params }) =>
          failing && params.object?.endsWith("/oci-ipsec.secrets")
            ? ociError(500, "InternalServerError", "injected: objects cannot be written")
            : undefined,
        ),
      ),
    );

    await expect(rotate()).rejects.toThrow(/internal error; see the function log/);

    // OCI has the new key; the bucket still serves the old one; the record says what is unfinished.
    const key = h.fake.secrets.get(STATIC_T1) ?? "";
    expect(key).not.toBe(oldKey);
    expect(objectBody(h, `connections/${STATIC}/libreswan/oci-ipsec.secrets`)).toContain(oldKey);
    const broken = stateOf(h, STATIC) as { rotation: Json; lease: unknown };
    expect(broken.lease).toBeNull();
    expect(broken.rotation.inProgress).toMatchObject({ tunnelId: STATIC_T1, phase: "rendering" });
    expect(lastMessage().title).toBe(
      "tunnelsmith: OCI-オンプレ間VPN (static) PSK of tunnel 1 changed, configs not ready yet",
    );
    expect(lastMessage().body).toContain("Nothing to do on the CPE yet");
    expect(parIds(h)).toEqual(oldPars);

    failing = false;
    h.clock.advance(3_600_000);
    const repaired = await rotate();

    expect(repaired).toMatchObject({ outcome: "repaired", render: "rendered" });
    expect(h.fake.requestsTo("PUT", /sharedSecret$/)).toHaveLength(1); // not rotated again
    expect(h.fake.secrets.get(STATIC_T1)).toBe(key);
    expect(objectBody(h, `connections/${STATIC}/libreswan/oci-ipsec.secrets`)).toContain(key);
    expect(parIds(h).filter((id) => oldPars.includes(id))).toEqual([]);
    expect(lastMessage().title).toBe(
      "tunnelsmith: OCI-オンプレ間VPN (static) new PSK for tunnel 1 (203.0.113.10), update the CPE",
    );
    expect(lastMessage().body).toMatch(
      /^An earlier PSK rotation is finished now \(the rotation of tunnel 1 started at/,
    );
    expect(lastMessage().body).toMatch(/line \d+: \S+ 203\.0\.113\.10 : PSK "<new key of tunnel 1>"/);
    const fixed = stateOf(h, STATIC) as { rotation: Json; files: Json[] };
    expect(fixed.rotation).toEqual({
      tunnels: {
        [STATIC_T1]: {
          rotatedAt: T0.toISOString(),
          pskFingerprint: tunnelPrint(STATIC_T1, key),
          forced: false,
          previousPskFingerprint: tunnelPrint(STATIC_T1, oldKey),
        },
      },
      inProgress: null,
    });

    // A third run would rotate tunnel 2, but tunnel 1 is down until the CPE has its new key: refused.
    expect(await rotate()).toMatchObject({
      outcome: "refused",
      tunnel: { tunnelId: STATIC_T2 },
      reasons: [expect.stringMatching(/^the other tunnel \(tunnel 1, 203\.0\.113\.10\) is DOWN/)],
    });
  });

  it("a tunnel still reprovisioning at the deadline is reported; the next run finishes it", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    h.fake.reprovisionReads = 30;

    const first = await rotate();

    expect(first).toMatchObject({
      outcome: "rotation-incomplete",
      tunnelId: STATIC_T1,
      reason: "the tunnel was still reprovisioning when this run's time ran out",
    });
    expect(lastMessage().title).toMatch(/PSK of tunnel 1 changed, configs not ready yet$/);
    expect(stateOf(h, STATIC)).toMatchObject({
      lease: null,
      rotation: { inProgress: { phase: "rendering" } },
    });

    const second = await h.invoke(
      { action: "rotate-psk", ipsecConnectionId: STATIC },
      { deadlineMs: 1_800_000 },
    );

    expect(second).toMatchObject({ outcome: "repaired", render: "rendered" });
    expect(h.fake.requestsTo("PUT", /sharedSecret$/)).toHaveLength(1);
    expect(objectBody(h, `connections/${STATIC}/libreswan/oci-ipsec.secrets`)).toContain(
      h.fake.secrets.get(STATIC_T1),
    );
  });

  it("a key change OCI refuses leaves everything as it was", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const before = { secrets: new Map(h.fake.secrets), pars: parIds(h), messages: h.fake.messages.length };
    h.server.use(fault(h.fake, "put", SECRET_PUT, 400, "InvalidParameter", 1));

    await expect(rotate()).rejects.toThrow(/internal error/);

    expect(h.fake.secrets).toEqual(before.secrets);
    expect(parIds(h)).toEqual(before.pars);
    expect(h.fake.messages).toHaveLength(before.messages);
    expect(stateOf(h, STATIC)).toMatchObject({ lease: null, rotation: { inProgress: null, tunnels: {} } });
    const failure = h.logs.map((l) => JSON.parse(l)).find((l) => l.message === "invocation failed");
    expect(failure?.error.message).toMatch(/UpdateIPSecConnectionTunnelSharedSecret failed \(HTTP 400/);
  });

  it("a key change that fails and whose read-back fails too keeps the record open (unknown, not refused)", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    let putFailed = false;
    h.server.use(
      http.put(
        SECRET_PUT,
        signed(h.fake, "core", () => {
          if (putFailed) return undefined;
          putFailed = true;
          return ociError(400, "InvalidParameter", "injected");
        }),
      ),
      http.get(
        SECRET_PUT,
        signed(h.fake, "core", () =>
          putFailed ? ociError(503, "ServiceUnavailable", "injected read-back failure") : undefined,
        ),
      ),
    );

    await expect(rotate()).rejects.toThrow(/internal error/);

    expect(stateOf(h, STATIC)).toMatchObject({
      lease: null,
      rotation: { inProgress: { tunnelId: STATIC_T1, phase: "updating" } },
    });
  });

  it("a key change that landed although its answer was lost (retry meets 409) carries on", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    let first = true;
    h.server.use(
      http.put(
        SECRET_PUT,
        signed(h.fake, "core", ({ params, body }) => {
          if (!first) return undefined;
          first = false;
          // The change happens, but the client only sees a 503 and retries (which then meets the 409).
          h.fake.changeSecret(params.id ?? "", params.tunnelId ?? "", JSON.parse(body).sharedSecret);
          return ociError(503, "ServiceUnavailable", "injected after the change");
        }),
      ),
    );

    const result = await rotate();

    expect(result).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T1 });
    expect(h.fake.requestsTo("PUT", /sharedSecret$/).map((r) => r.status)).toEqual([503, 409]);
    expect(objectBody(h, `connections/${STATIC}/libreswan/oci-ipsec.secrets`)).toContain(
      h.fake.secrets.get(STATIC_T1),
    );
  });

  it("a scheduled run over a compartment rotates one tunnel of each connection that is due, and nothing else", async () => {
    seedHealthy(h, "static-ikev1", (raw) => {
      // An old connection: its keys may be as old as its tunnels.
      (raw.ipsecConnection as Json).timeCreated = "2025-01-01T00:00:00.000Z";
      for (const t of raw.tunnels as Json[]) t.timeCreated = "2025-01-01T00:00:00.000Z";
    });
    seedHealthy(h, "bgp-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.invoke(loadEvent("create-bgp-ikev1"));

    const result = await h.invoke(loadEvent("rotate-psk-compartment"));

    expect(result).toMatchObject({
      outcome: "rotation-sweep",
      maxAgeDays: 90,
      deferred: [],
      connections: [
        // bgp-ikev1 was created a day before: its keys cannot be 90 days old yet.
        { outcome: "not-due", connectionId: BGP, ageDays: null },
        { outcome: "rotated", connectionId: STATIC, tunnelId: STATIC_T1 },
      ],
    });
    expect(h.fake.requestsTo("PUT", /sharedSecret$/)).toHaveLength(1);
  });

  it("tunnelsmith rotate --force against OCI prints the rotation and what it overrode", async () => {
    seedHealthy(h, "static-ikev1", (raw) => {
      tunnelAt(raw, 1).status = "DOWN";
    });
    await h.invoke(loadEvent("create-static-ikev1"));
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: ociEnv() };
    // The same factory the CLI builds in oci mode, with the harness clock (no real waiting) and log capture.
    const factory = createOciDependencyFactory(loadSettings(ociEnv()), {
      logger: createLogger({ level: "debug", write: (l) => h.logs.push(l), now: () => h.clock.now() }),
      clock: h.clock,
    });

    await expect(
      rotateCommand({ ipsec: STATIC, tunnel: undefined, dryRun: false, force: false }, io, factory),
    ).rejects.toThrow(
      /rotation refused, nothing changed: the other tunnel \(tunnel 2, 203\.0\.113\.20\) is DOWN/,
    );
    await rotateCommand({ ipsec: STATIC, tunnel: undefined, dryRun: false, force: true }, io, factory);

    expect(out[0]).toMatch(/^rotated the pre-shared key of tunnel 1 \(203\.0\.113\.10\) of /);
    expect(out[1]).toMatch(/^FORCED over: the other tunnel \(tunnel 2, 203\.0\.113\.20\) is DOWN/);
    expect(out.filter((l) => l.includes("https://objectstorage."))).toHaveLength(parIds(h).length);
    expect(h.fake.requestsTo("PUT", /sharedSecret$/)).toHaveLength(1);
  });

  it("a scheduled run refuses force and says what it needs", async () => {
    await expect(
      h.invoke({ action: "rotate-psk", compartmentId: "ocid1.compartment.oc1..x", force: true }),
    ).rejects.toThrow(/EVENT_INVALID: invalid event: force: is not accepted for a compartment/);
    await expect(h.invoke({ action: "rotate-psk" })).rejects.toThrow(
      /rotate-psk needs "ipsecConnectionId" \(one connection\) or "compartmentId"/,
    );
    await expect(h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC, maxAgeDay: 3 })).rejects.toThrow(
      /EVENT_INVALID/,
    );
  });
});
