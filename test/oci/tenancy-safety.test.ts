import { describe, expect, it } from "vitest";
import { fault, MSW_ORIGINS } from "../msw/server.ts";
import { STATIC, seedUp, useWatchHarness } from "../watch/helpers.ts";
import { BUCKET, loadEvent, T0 } from "./harness.ts";

const h = useWatchHarness();
const HOUR = 3_600_000;
const OTHER = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaabgpikev1";

function bucket() {
  const b = h.fake.buckets.get(BUCKET);
  if (!b) throw new Error("no bucket");
  return b;
}
function stateOf(id: string) {
  return JSON.parse(bucket().objects.get(`connections/${id}/state.json`)?.body ?? "null");
}
function editState(id: string, edit: (s: Record<string, unknown>) => void): void {
  const name = `connections/${id}/state.json`;
  const object = bucket().objects.get(name);
  if (!object) throw new Error("no state");
  const s = JSON.parse(object.body);
  edit(s);
  bucket().objects.set(name, { ...object, body: JSON.stringify(s), etag: h.fake.newEtag() });
}

describe("tenancy safety (msw)", () => {
  it("a delete event plus a 404 for a connection still listed in its compartment keeps everything and alerts", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    await h.invoke(loadEvent("create-static-ikev1"));
    const objects = [...bucket().objects.keys()].sort();
    const pars = [...bucket().pars.keys()].sort();
    // A policy that stopped allowing the read: OCI answers 404 NotAuthorizedOrNotFound, the listing still has it.
    h.server.use(
      fault(
        h.fake,
        "get",
        `${MSW_ORIGINS.iaas}/20160918/ipsecConnections/${STATIC}`,
        404,
        "NotAuthorizedOrNotFound",
        10,
      ),
    );

    const result = await h.invoke(loadEvent("delete-static-ikev1"));

    expect(result).toMatchObject({ outcome: "ignored", connectionId: STATIC });
    expect(result.outcome === "ignored" ? result.reason : "").toMatch(/deletion not confirmed.*still listed/);
    expect([...bucket().objects.keys()].sort()).toEqual(objects);
    expect([...bucket().pars.keys()].sort()).toEqual(pars);
    expect(h.fake.messages.at(-1)?.title).toBe(
      "tunnelsmith: OCI-オンプレ間VPN (static) delete not confirmed, access looks broken",
    );
  });

  it("a delete confirmed by the compartment listing (gone from it) still deletes", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    await h.invoke(loadEvent("create-static-ikev1"));
    h.fake.deleteConnection(STATIC, true);

    expect(await h.invoke(loadEvent("delete-static-ikev1"))).toMatchObject({ outcome: "deleted" });
    expect([...bucket().pars.values()].filter((p) => p.objectName.includes(STATIC))).toEqual([]);
  });

  it("a tampered state.json naming another connection's file and link touches neither", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    seedUp(h, "bgp-ikev1", new Date(T0.getTime() - HOUR));
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.invoke(loadEvent("create-bgp-ikev1"));
    const theirs = stateOf(OTHER).files[0];
    editState(STATIC, (s) => {
      (s.files as unknown[]).push(theirs);
      (s.revokeLater as unknown[]).push(theirs.linkId);
    });
    h.fake.deleteConnection(STATIC);

    await h.invoke(loadEvent("delete-static-ikev1"));

    expect(bucket().objects.has(theirs.objectName)).toBe(true);
    expect(bucket().pars.has(theirs.linkId)).toBe(true);
    const alert = h.logs
      .map((l) => JSON.parse(l))
      .find((l) => /outside this connection's folder/.test(l.message));
    expect(alert).toMatchObject({ level: "error", ignored: [theirs.objectName] });
  });

  it("TUNNELSMITH_NOTIFY_LINKS=false sends object names, no URL", async () => {
    seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    const handler = h.handler({ TUNNELSMITH_NOTIFY_LINKS: "false" });

    const result = await h.invoke(loadEvent("create-static-ikev1"), { handler });

    const body = h.fake.messages[0]?.body ?? "";
    if (result.outcome !== "rendered") throw new Error("not rendered");
    for (const f of result.files) {
      expect(body).not.toContain(f.url);
      expect(body).toContain(`object ${f.objectName}`);
    }
    expect(body).not.toMatch(/\/p\//);
  });

  it("names Terraform as the likely cause when a rotated PSK reverts to the previous key", async () => {
    const { tunnelIds } = seedUp(h, "static-ikev1", new Date(T0.getTime() - HOUR));
    await h.invoke(loadEvent("create-static-ikev1"));
    const oldKeys = new Map(tunnelIds.map((id) => [id, h.fake.secrets.get(id) ?? ""]));
    const rotated = await h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC });
    expect(rotated.outcome).toBe("rotated");
    const tunnelId = rotated.outcome === "rotated" ? rotated.tunnelId : "";
    h.clock.advance(HOUR);
    await h.sweep();

    h.fake.setSecret(tunnelId, oldKeys.get(tunnelId) ?? ""); // what Terraform's state still holds
    h.clock.advance(HOUR);
    const swept = await h.sweep();

    const reasons = swept.rerendered.flatMap((r) => r.reasons);
    expect(reasons).toEqual([
      expect.stringMatching(
        /PSK reverted to the key tunnelsmith rotated away at .*terraform apply of oci_core_ipsec_connection_tunnel_management/,
      ),
    ]);
    expect(h.fake.messages.at(-1)?.title).toMatch(/PSK reverted \(Terraform\?\)/);
  });
});
