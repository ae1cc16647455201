import { describe, expect, it } from "vitest";
import { fault, MSW_ORIGINS } from "../msw/server.ts";
import { expectedFiles } from "./expected.ts";
import { BUCKET, loadEvent, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const CPE = "ocid1.cpe.oc1.ap-tokyo-1.aaaaaaaastaticikev1cpe";

/** Every rendered file of the connection, concatenated: where the Oracle CIDRs end up is the vendors' business. */
function routesScript(): string {
  const prefix = `connections/${CONNECTION}/`;
  return [...(h.fake.buckets.get(BUCKET)?.objects ?? new Map())]
    .filter(([name]) => name.startsWith(prefix) && !name.endsWith("/state.json"))
    .map(([, o]) => o.body)
    .join("\n");
}

describe("the OCI network reader", () => {
  it("finds the Oracle-side CIDRs through the DRG's VCN attachments", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    expect(routesScript()).toContain("10.0.2.0/24");
    expect(h.fake.requestsTo("GET", /^\/drgAttachments$/).length).toBeGreaterThan(0);
    expect(h.fake.requestsTo("GET", /^\/vcns\//)).toHaveLength(1);
  });

  it("prefers the tunnelsmith-oracle-cidrs tag, then TUNNELSMITH_ORACLE_CIDRS, over discovery", async () => {
    h.seed("static-ikev1");
    const handler = h.handler({ TUNNELSMITH_ORACLE_CIDRS: "172.16.0.0/16" });
    await h.invoke(loadEvent("create-static-ikev1"), { handler });
    expect(routesScript()).toContain("172.16.0.0/16");
    expect(h.fake.requestsTo("GET", /^\/drgAttachments$/)).toHaveLength(0);

    const connection = h.fake.connections.get(CONNECTION);
    if (connection)
      connection.freeformTags = {
        ...(connection.freeformTags as object),
        "tunnelsmith-oracle-cidrs": "10.9.0.0/16",
      };
    await h.invoke(loadEvent("update-static-ikev1"), { handler });
    expect(routesScript()).toContain("10.9.0.0/16");
    expect(routesScript()).not.toContain("172.16.0.0/16");
  });

  it("says which setting to use when it may not read the DRG, and the connection needs the CIDRs", async () => {
    h.seed("static-ikev1");
    h.server.use(
      fault(h.fake, "get", `${MSW_ORIGINS.iaas}/20160918/drgs/:id`, 404, "NotAuthorizedOrNotFound", 5),
    );

    await expect(h.invoke(loadEvent("create-static-ikev1"))).rejects.toThrow(
      /SNAPSHOT_INVALID: .*oracleCidrs: tunnels\[0\] uses STATIC routing, which needs at least one Oracle-side CIDR/,
    );
    const warning = h.logs.map((l) => JSON.parse(l)).find((l) => l.message.startsWith("cannot read the DRG"));
    expect(warning?.message).toContain("set TUNNELSMITH_ORACLE_CIDRS or the tunnelsmith-oracle-cidrs tag");
  });

  it("follows pagination in every list call", async () => {
    h.seed("static-ikev1");
    h.seed("bgp-ikev1", (raw) => {
      (raw.ipsecConnection as Record<string, unknown>).cpeId = CPE;
      raw.cpe = structuredClone(h.fake.cpes.get(CPE));
    });
    h.fake.pageSize = 1;
    await h.invoke(loadEvent("create-static-ikev1"));
    const tunnelPages = h.fake.requestsTo("GET", /^\/ipsecConnections\/[^/]+\/tunnels$/);
    expect(tunnelPages).toHaveLength(2);
    expect(h.fake.requestsTo("GET", /^\/ipsecConnections$/)).toHaveLength(2);

    h.fake.deleteConnection(CONNECTION, true);
    const result = await h.invoke(loadEvent("delete-static-ikev1"));
    const n = expectedFiles("static-ikev1").length;
    expect(result).toMatchObject({ outcome: "deleted", deletedFiles: n, revokedLinks: n });
    expect(h.fake.buckets.get(BUCKET)?.pars.size).toBe(0);
  });

  it("reads site facts from tags, the connection's overriding the CPE's", async () => {
    h.seed("static-ikev1");
    const connection = h.fake.connections.get(CONNECTION);
    if (connection)
      connection.freeformTags = { ...(connection.freeformTags as object), "tunnelsmith-wan-mtu": "1454" };
    await h.invoke(loadEvent("create-static-ikev1"));
    const mss = h.fake.buckets
      .get(BUCKET)
      ?.objects.get(`connections/${CONNECTION}/libreswan/oci-vpn-mss.nft`)?.body;
    expect(mss).toContain("WAN MTU 1454");
  });
});
