import { describe, expect, it } from "vitest";
import { expectedFiles } from "./expected.ts";
import { BUCKET, loadEvent, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const PREFIX = `connections/${CONNECTION}/`;

/** Object writes other than state.json, PAR creations/deletions and published messages seen so far. */
function sideEffects() {
  return {
    configWrites: h.fake.requestsTo("PUT", /\/o\/connections\/.*\/(?!state\.json$)[^/]+\/[^/]+$/).length,
    parsCreated: h.fake.requestsTo("POST", /\/p$/).length,
    parsDeleted: h.fake.requestsTo("DELETE", /\/p\/[^/]+$/).length,
    messages: h.fake.messages.length,
  };
}

function updateEvent(eventID: string) {
  const event = loadEvent("update-static-ikev1") as { eventID: string };
  event.eventID = eventID;
  return event;
}

describe("idempotency against OCI (msw)", () => {
  it("the same event twice creates no second set of objects, PARs or notifications", async () => {
    h.seed("static-ikev1");
    const event = loadEvent("create-static-ikev1");
    expect((await h.invoke(event)).outcome).toBe("rendered");
    const after = sideEffects();
    const requestsAfterFirst = h.fake.requests.length;

    const second = await h.invoke(event);

    expect(second).toEqual({
      outcome: "duplicate",
      connectionId: CONNECTION,
      eventId: "b6a0d1f2-0000-4000-8000-985577521188",
    });
    expect(sideEffects()).toEqual(after);
    // Recognised from state.json alone: one GET, nothing written.
    const extra = h.fake.requests.slice(requestsAfterFirst);
    expect(extra.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /n/tsfakens/b/${BUCKET}/o/${PREFIX}state.json`,
    ]);
  });

  it("an update whose rendered content is unchanged writes no object, PAR or notification", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const before = sideEffects();
    const bucket = h.fake.buckets.get(BUCKET);
    const parsBefore = [...(bucket?.pars.keys() ?? [])].sort();

    const result = await h.invoke(updateEvent("0c1d2e3f-0000-4000-8000-000000000001"));

    expect(result.outcome).toBe("unchanged");
    expect(sideEffects()).toEqual(before);
    expect([...(bucket?.pars.keys() ?? [])].sort()).toEqual(parsBefore);
    const state = JSON.parse(bucket?.objects.get(`${PREFIX}state.json`)?.body ?? "{}");
    expect(state.lastEventId).toBe("0c1d2e3f-0000-4000-8000-000000000001");
    expect(state.lease).toBeNull();
  });

  it("an update with a changed headend IP replaces the objects and revokes every old PAR", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const bucket = h.fake.buckets.get(BUCKET);
    const oldPars = new Set(bucket?.pars.keys());
    const oldConf = bucket?.objects.get(`${PREFIX}libreswan/oci-ipsec.conf`)?.body ?? "";
    const oldMss = bucket?.objects.get(`${PREFIX}libreswan/oci-vpn-mss.nft`)?.body ?? "";
    expect(oldConf).toContain("203.0.113.20");

    const tunnel = h.fake.tunnels.get(CONNECTION)?.[1];
    if (tunnel) tunnel.vpnIp = "203.0.113.99";
    const before = sideEffects();
    const result = await h.invoke(updateEvent("0c1d2e3f-0000-4000-8000-000000000002"));

    if (result.outcome !== "rendered") throw new Error(`expected rendered, got ${result.outcome}`);
    const conf = bucket?.objects.get(`${PREFIX}libreswan/oci-ipsec.conf`)?.body ?? "";
    expect(conf).toContain("203.0.113.99");
    expect(conf).not.toContain("203.0.113.20");
    expect(result.replaced).toContain(`${PREFIX}libreswan/oci-ipsec.conf`);
    // Unchanged files keep their object (no write) but get a new link like every other file.
    expect(bucket?.objects.get(`${PREFIX}libreswan/oci-vpn-mss.nft`)?.body).toBe(oldMss);
    expect(result.replaced).not.toContain(`${PREFIX}libreswan/oci-vpn-mss.nft`);
    const now = sideEffects();
    expect(now.configWrites - before.configWrites).toBe(result.replaced.length);
    expect(now.parsCreated - before.parsCreated).toBe(result.files.length);
    expect(now.parsDeleted - before.parsDeleted).toBe(oldPars.size);
    expect(result.revokedLinks).toBe(oldPars.size);
    // None of the old PARs survives (they would serve the new content to whoever has the old link).
    for (const id of oldPars) expect(bucket?.pars.has(id)).toBe(false);
    expect(bucket?.pars.size).toBe(result.files.length);
    expect(h.fake.messages).toHaveLength(2);
    expect(h.fake.messages[1]?.title).toContain("updated");
    expect(h.fake.messages[1]?.body).toContain("203.0.113.99");
  });

  it("a changed PSK replaces the secrets file and its fingerprint", async () => {
    const { tunnelIds } = h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const bucket = h.fake.buckets.get(BUCKET);
    const before = bucket?.objects.get(`${PREFIX}libreswan/oci-ipsec.secrets`);
    h.fake.setSecret(tunnelIds[0] ?? "", "NewPsk4Rotation9mZ2LkT7wR4nHs9eJd");

    const result = await h.invoke(updateEvent("0c1d2e3f-0000-4000-8000-000000000003"));

    expect(result.outcome).toBe("rendered");
    const after = bucket?.objects.get(`${PREFIX}libreswan/oci-ipsec.secrets`);
    expect(after?.body).toContain("NewPsk4Rotation9mZ2LkT7wR4nHs9eJd");
    expect(after?.meta["psk-fingerprint"]).not.toBe(before?.meta["psk-fingerprint"]);
    if (result.outcome === "rendered") {
      expect(result.replaced).toEqual([`${PREFIX}libreswan/oci-ipsec.secrets`]);
    }
  });

  it("renews links that are about to expire even when nothing else changed", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    h.clock.advance(6.5 * 86400_000);
    const before = sideEffects();

    const result = await h.invoke(updateEvent("0c1d2e3f-0000-4000-8000-000000000004"));

    expect(result.outcome).toBe("rendered");
    const after = sideEffects();
    expect(after.configWrites).toBe(before.configWrites);
    const n = expectedFiles("static-ikev1").length;
    expect(after.parsCreated - before.parsCreated).toBe(n);
    expect(after.parsDeleted - before.parsDeleted).toBe(n);
    expect(after.messages).toBe(before.messages + 1);
  });
});
