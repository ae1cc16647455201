import { describe, expect, it } from "vitest";
import { loadEvent, useOciHarness } from "./harness.ts";

/**
 * Calls the benchmark (`npm run bench`, BENCHMARKS.md) removed as above what an event needs: each stays
 * removed. Counts, not timings.
 */
const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const STATE_GET = /^\/n\/[^/]+\/b\/[^/]+\/o\/connections\/[^/]+\/state\.json$/;

describe("OCI calls per event", () => {
  it("reads state.json once for a create: the lease is taken on that read, not a second one", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    expect(h.fake.requestsTo("GET", STATE_GET)).toHaveLength(1);
  });

  it("reads state.json once for an update", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const before = h.fake.requests.length;
    await h.invoke({ ...loadEvent("update-static-ikev1"), eventID: "update-once" });
    const reads = h.fake.requests.slice(before).filter((r) => r.method === "GET" && STATE_GET.test(r.path));
    expect(reads).toHaveLength(1);
  });

  it("reads state.json once for a delete", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    h.fake.deleteConnection(CONNECTION);
    const before = h.fake.requests.length;
    const result = await h.invoke(loadEvent("delete-static-ikev1"));
    expect(result.outcome).toBe("deleted");
    const reads = h.fake.requests.slice(before).filter((r) => r.method === "GET" && STATE_GET.test(r.path));
    expect(reads).toHaveLength(1);
  });
});
