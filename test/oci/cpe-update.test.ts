import { describe, expect, it } from "vitest";
import { BUCKET, loadEvent, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const CPE = "ocid1.cpe.oc1.ap-tokyo-1.aaaaaaaastaticikev1cpe";
const STATIC = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const BGP = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaabgpikev1";

/** Two connections terminating on one CPE: the static sample, and the BGP sample moved onto its CPE. */
function seedTwoOnOneCpe() {
  h.seed("static-ikev1");
  h.seed("bgp-ikev1", (raw) => {
    const staticCpe = structuredClone(h.fake.cpes.get(CPE));
    const connection = raw.ipsecConnection as Record<string, unknown>;
    connection.cpeId = CPE;
    connection.timeCreated = "2026-11-22T04:30:00.000Z";
    raw.cpe = staticCpe;
  });
}

/** The body of the connection's one stored file whose name matches (file names may carry a slot suffix). */
function fileLike(connectionId: string, name: RegExp): string {
  const prefix = `connections/${connectionId}/libreswan/`;
  const matches = [...(h.fake.buckets.get(BUCKET)?.objects ?? new Map())].filter(
    ([key]) => key.startsWith(prefix) && name.test(key.slice(prefix.length)),
  );
  if (matches.length > 1) throw new Error(`several files match ${name}`);
  return matches[0]?.[1].body ?? "";
}

const conf = (connectionId: string) => fileLike(connectionId, /^oci-ipsec.*\.conf$/);

describe("CPE update event", () => {
  it("gives connections on one CPE distinct interfaces, and re-renders all of them when the CPE changes", async () => {
    seedTwoOnOneCpe();
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.invoke(loadEvent("create-bgp-ikev1"));
    expect(conf(STATIC)).toMatch(/\bvti1\b/);
    expect(conf(BGP)).toMatch(/\bvti3\b/);
    expect(conf(BGP)).not.toMatch(/\bvti1\b/);
    const cpe = h.fake.cpes.get(CPE);
    if (cpe) cpe.freeformTags = { ...(cpe.freeformTags as object), "tunnelsmith-wan-mtu": "1400" };
    const messages = h.fake.messages.length;

    const result = await h.invoke(loadEvent("update-cpe-static-ikev1"));

    expect(result.outcome).toBe("cpe-updated");
    if (result.outcome !== "cpe-updated") return;
    expect(result.connections.map((c) => [c.connectionId, c.outcome]).sort()).toEqual([
      [BGP, "rendered"],
      [STATIC, "rendered"],
    ]);
    expect(h.fake.messages).toHaveLength(messages + 2);
    expect(h.fake.messages.at(-1)?.title).toContain("re-rendered after a CPE change");
    const mss = fileLike(STATIC, /^oci-vpn-mss.*\.nft$/);
    expect(mss).toContain("WAN MTU 1400"); // the CPE's new tag reached the rendered clamp
    expect(mss).not.toContain("WAN MTU 1500");

    const again = await h.invoke(loadEvent("update-cpe-static-ikev1"));
    expect(again.outcome === "cpe-updated" && again.connections.map((c) => c.outcome)).toEqual([
      "duplicate",
      "duplicate",
    ]);
    expect(h.fake.messages).toHaveLength(messages + 2);
  });

  it("a CPE change that changes nothing rendered sends nothing", async () => {
    seedTwoOnOneCpe();
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.invoke(loadEvent("create-bgp-ikev1"));
    const messages = h.fake.messages.length;

    const result = await h.invoke(loadEvent("update-cpe-static-ikev1"));

    expect(result.outcome === "cpe-updated" && result.connections.map((c) => c.outcome)).toEqual([
      "unchanged",
      "unchanged",
    ]);
    expect(h.fake.messages).toHaveLength(messages);
  });

  it("reports invalid tags by resource and key, and still renders the other connections", async () => {
    seedTwoOnOneCpe();
    const bgp = h.fake.connections.get(BGP);
    if (bgp) bgp.freeformTags = { ...(bgp.freeformTags as object), "tunnelsmith-wan-mtu": "jumbo" };

    await expect(h.invoke(loadEvent("update-cpe-static-ikev1"))).rejects.toThrow(
      /PARTIAL_FAILURE: 1 of 2 connections of CPE .* could not be rendered \(ocid1\.ipsecconnection\.oc1\.ap-tokyo-1\.aaaaaaaabgpikev1\): invalid tunnelsmith tags: connection tag tunnelsmith-wan-mtu: /,
    );
    expect(conf(STATIC)).toContain("203.0.113.10");
    expect(conf(BGP)).toBe("");
  });
});
