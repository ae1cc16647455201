import { http } from "msw";
import { describe, expect, it } from "vitest";
import type { HandlerResult } from "../../functions/handler.ts";
import { signed } from "../msw/respond.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { loadEvent, T0, useOciHarness } from "../oci/harness.ts";
import {
  objectBody,
  parIds,
  recordRotation,
  STATIC,
  STATIC_T1,
  STATIC_T2,
  seedHealthy,
  stateOf,
  tunnelPrint,
} from "./helpers.ts";

/**
 * The rotation takes the connection's lease on the `state.json` it planned from and keeps it until the render
 * flow, working under the same lease, records the configs and closes the rotation in one write. These tests pin
 * what that must not lose: a run that another one overtook decides again, and every way the render can end
 * closes the record.
 */
const h = useOciHarness();
const OS = `${MSW_ORIGINS.objectStorage}/n/:ns/b/:bucket`;
const rotate = () => h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC });

type Json = Record<string, unknown>;

function lastMessage() {
  const m = h.fake.messages.at(-1);
  if (!m) throw new Error("no message");
  return m;
}

/** Marks the tunnel's reprovisioning done, as OCI does in the end. */
function reprovisioned(tunnelId: string) {
  h.fake.reprovisioning.delete(tunnelId);
  const tunnel = h.fake.tunnels.get(STATIC)?.find((t) => t.id === tunnelId);
  if (tunnel) tunnel.lifecycleState = "AVAILABLE";
}

describe("PSK rotation under the connection's lease", () => {
  it("a run overtaken between its read and its lease plans again: the other run rotated tunnel 1, so it refuses", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    let armed = true;
    let overtaking: HandlerResult | undefined;
    h.server.use(
      http.put(
        `${OS}/o/:object`,
        signed(h.fake, "objectstorage", async ({ params }) => {
          if (!armed || !params.object?.endsWith("/state.json")) return undefined;
          armed = false;
          // This run has planned "rotate tunnel 1" and now writes its lease: another invocation gets there first
          // and rotates tunnel 1 to the end. The lease write then meets a changed state.json (412).
          overtaking = await h.invoke(
            { action: "rotate-psk", ipsecConnectionId: STATIC },
            { callId: "01OVERTAKINGRUN" },
          );
          return undefined;
        }),
      ),
    );

    const result = await rotate();

    expect(overtaking).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T1 });
    expect(result).toMatchObject({
      outcome: "refused",
      tunnel: { tunnelId: STATIC_T2 },
      reasons: [expect.stringMatching(/^the other tunnel \(tunnel 1, 203\.0\.113\.10\) is DOWN/)],
    });
    // One key changed in all: the overtaking run's. Rotating on the stale plan would have changed tunnel 1 again.
    expect(h.fake.requestsTo("PUT", /sharedSecret$/)).toHaveLength(1);
    const logged = h.logs.map((l) => JSON.parse(l) as Json);
    expect(logged.map((l) => l.message)).toContain(
      "state.json changed before the lease was taken; reading the connection again",
    );
    expect(stateOf(h, STATIC)).toMatchObject({ lease: null, rotation: { inProgress: null } });
  });

  it("reads the connection after state.json: a rotation finished just before that read is seen in both", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    let armed = true;
    h.server.use(
      http.get(
        `${OS}/o/:object`,
        signed(h.fake, "objectstorage", async ({ params }) => {
          if (!armed || !params.object?.endsWith("/state.json")) return undefined;
          armed = false;
          // Another invocation rotates tunnel 1 to the end just as this run reads state.json. Had this run read
          // the connection first, it would plan from tunnel 1 still UP and the lease (over the new state.json)
          // would succeed: it would rotate tunnel 2 with tunnel 1 down.
          await h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC }, { callId: "01OVERTAKINGRUN" });
          return undefined;
        }),
      ),
    );

    const result = await rotate();

    expect(result).toMatchObject({
      outcome: "refused",
      tunnel: { tunnelId: STATIC_T2 },
      reasons: [expect.stringMatching(/^the other tunnel \(tunnel 1, 203\.0\.113\.10\) is DOWN/)],
    });
    expect(h.fake.requestsTo("PUT", /sharedSecret$/)).toHaveLength(1);
  });

  it("configs another render stored first: the record is closed with that render's write and the CPE admin is told what to change", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    h.fake.reprovisionReads = 30;
    expect(await rotate()).toMatchObject({ outcome: "rotation-incomplete", tunnelId: STATIC_T1 });
    reprovisioned(STATIC_T1);
    // An update event renders the connection (with the new key) before the next rotation run.
    expect(
      await h.invoke({ ...loadEvent("update-static-ikev1"), eventID: "update-after-rotation" }),
    ).toMatchObject({ outcome: "rendered" });
    const key = h.fake.secrets.get(STATIC_T1) ?? "";
    expect(objectBody(h, `connections/${STATIC}/libreswan/oci-ipsec.secrets`)).toContain(key);
    const updated = stateOf(h, STATIC) as Json & { rotation: Json };
    expect(updated.rotation.inProgress).toMatchObject({ tunnelId: STATIC_T1, phase: "rendering" });
    const pars = parIds(h);
    const messages = h.fake.messages.length;

    const finished = await rotate();

    expect(finished).toMatchObject({ outcome: "repaired", render: "unchanged" });
    expect(parIds(h)).toEqual(pars); // no new links: the update's are the ones to use
    expect(h.fake.messages).toHaveLength(messages + 1);
    expect(lastMessage().title).toBe(
      "tunnelsmith: OCI-オンプレ間VPN (static) new PSK for tunnel 1 (203.0.113.10), update the CPE",
    );
    expect(lastMessage().body).toContain(
      `The configs with it were stored at ${String(updated.renderedAt)} and their links sent`,
    );
    expect(stateOf(h, STATIC)).toMatchObject({
      lease: null,
      renderedAt: updated.renderedAt,
      rotation: {
        tunnels: {
          [STATIC_T1]: { rotatedAt: T0.toISOString(), pskFingerprint: tunnelPrint(STATIC_T1, key) },
        },
        inProgress: null,
      },
    });
  });

  it("a record left open after its configs were stored and announced is closed, with no new link or message", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    expect(await rotate()).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T1 });
    const key = h.fake.secrets.get(STATIC_T1) ?? "";
    const done = stateOf(h, STATIC) as Json & { rotation: { tunnels: Json } };
    // As an earlier version left it when closing the record (a separate write then) failed.
    recordRotation(h, STATIC, {
      tunnels: done.rotation.tunnels as never,
      inProgress: {
        tunnelId: STATIC_T1,
        startedAt: T0.toISOString(),
        pskFingerprint: tunnelPrint(STATIC_T1, key),
        forced: false,
        phase: "rendering",
        invocationId: "01OCITESTCALL",
      },
    });
    const pars = parIds(h);
    const messages = h.fake.messages.length;
    h.clock.advance(3_600_000);

    const closed = await rotate();

    expect(closed).toMatchObject({ outcome: "repaired", render: "duplicate", files: [], messageId: null });
    expect(parIds(h)).toEqual(pars);
    expect(h.fake.messages).toHaveLength(messages);
    expect(h.fake.requestsTo("PUT", /sharedSecret$/)).toHaveLength(1);
    expect(stateOf(h, STATIC)).toMatchObject({
      lease: null,
      lastEventId: `rotate-psk/${STATIC_T1}/${T0.toISOString()}`,
      rotation: { tunnels: done.rotation.tunnels, inProgress: null },
    });
  });
});
