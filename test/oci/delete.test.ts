import { describe, expect, it } from "vitest";
import { expectedFiles } from "./expected.ts";
import { BUCKET, loadEvent, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";

describe("delete event against OCI (msw)", () => {
  it("revokes every PAR and deletes every object of the connection, state.json included", async () => {
    h.seed("static-ikev1");
    h.seed("bgp-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.invoke(loadEvent("create-bgp-ikev1"));
    const bucket = h.fake.buckets.get(BUCKET);
    const mine = (name: string) => name.startsWith(`connections/${CONNECTION}/`);
    const otherObjects = [...(bucket?.objects.keys() ?? [])].filter((n) => !mine(n));
    const otherPars = [...(bucket?.pars.values() ?? [])].filter((p) => !mine(p.objectName)).map((p) => p.id);
    const n = expectedFiles("static-ikev1").length;
    expect([...(bucket?.objects.keys() ?? [])].filter(mine).length).toBe(n + 1); // + state.json
    h.fake.deleteConnection(CONNECTION);

    const result = await h.invoke(loadEvent("delete-static-ikev1"));

    expect(result).toMatchObject({
      outcome: "deleted",
      connectionId: CONNECTION,
      deletedFiles: n,
      revokedLinks: n,
    });
    expect([...(bucket?.objects.keys() ?? [])].filter(mine)).toEqual([]);
    expect([...(bucket?.pars.values() ?? [])].filter((p) => mine(p.objectName))).toEqual([]);
    // The other connection is untouched.
    expect([...(bucket?.objects.keys() ?? [])].filter((n) => !mine(n))).toEqual(otherObjects);
    expect([...(bucket?.pars.keys() ?? [])].sort()).toEqual(otherPars.sort());
    expect(h.fake.messages.at(-1)?.title).toContain("deleted");
    expect(h.fake.messages.at(-1)?.body).toContain(
      `revoked ${n} download links and deleted ${n} stored files`,
    );
  });

  it("also finds PARs and objects that state.json does not list (state lost or edited)", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const bucket = h.fake.buckets.get(BUCKET);
    bucket?.objects.delete(`connections/${CONNECTION}/state.json`);
    h.fake.deleteConnection(CONNECTION, true);

    const result = await h.invoke(loadEvent("delete-static-ikev1"));

    const n = expectedFiles("static-ikev1").length;
    expect(result).toMatchObject({ outcome: "deleted", deletedFiles: n, revokedLinks: n });
    expect(bucket?.objects.size).toBe(0);
    expect(bucket?.pars.size).toBe(0);
  });

  it("a redelivered delete finds nothing left and changes nothing", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    h.fake.deleteConnection(CONNECTION, true);
    await h.invoke(loadEvent("delete-static-ikev1"));
    const messages = h.fake.messages.length;
    const writes = h.fake.requests.filter((r) => r.method !== "GET").length;

    const again = await h.invoke(loadEvent("delete-static-ikev1"));

    expect(again).toMatchObject({ outcome: "deleted", deletedFiles: 0, revokedLinks: 0, messageId: null });
    expect(h.fake.messages).toHaveLength(messages);
    expect(h.fake.requests.filter((r) => r.method !== "GET")).toHaveLength(writes);
  });

  it("keeps everything when the connection still exists (a misrouted delete event)", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const objects = h.fake.buckets.get(BUCKET)?.objects.size;

    const result = await h.invoke(loadEvent("delete-static-ikev1"));

    expect(result.outcome).toBe("ignored");
    expect(h.fake.buckets.get(BUCKET)?.objects.size).toBe(objects);
    expect(h.fake.requestsTo("DELETE", /./)).toEqual([]);
  });
});
