import { describe, expect, it } from "vitest";
import { countOperations } from "../../bench/lib/operations.ts";
import { BUCKET, loadEvent, useOciHarness } from "./harness.ts";

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

describe("the bucket's public-access check", () => {
  const BUCKET_GET = /^\/n\/[^/]+\/b\/[^/]+$/;

  it("is made once per warm container and repeated after five minutes", async () => {
    h.seed("static-ikev1");
    h.seed("bgp-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.invoke(loadEvent("create-bgp-ikev1"));
    expect(h.fake.requestsTo("GET", BUCKET_GET)).toHaveLength(1);

    h.clock.advance(5 * 60_000);
    await h.invoke({ ...loadEvent("update-static-ikev1"), eventID: "after-ttl" });
    expect(h.fake.requestsTo("GET", BUCKET_GET)).toHaveLength(2);
  });

  it("refuses a bucket made public once the passed check is five minutes old", async () => {
    h.seed("static-ikev1");
    h.seed("bgp-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const bucket = h.fake.buckets.get(BUCKET);
    if (bucket) bucket.publicAccessType = "ObjectRead";
    h.clock.advance(5 * 60_000);
    const puts = h.fake.requestsTo("PUT", /./).length;

    await expect(h.invoke(loadEvent("create-bgp-ikev1"))).rejects.toThrow(/BUCKET_PUBLIC/);
    expect(h.fake.requestsTo("PUT", /./)).toHaveLength(puts);
  });

  it("does not remember a refusal: a bucket made private again is accepted at the next event", async () => {
    h.seed("static-ikev1");
    const bucket = h.fake.buckets.get(BUCKET);
    if (bucket) bucket.publicAccessType = "ObjectRead";
    await expect(h.invoke(loadEvent("create-static-ikev1"))).rejects.toThrow(/BUCKET_PUBLIC/);
    if (bucket) bucket.publicAccessType = "NoPublicAccess";

    const result = await h.invoke(loadEvent("create-static-ikev1"));
    expect(result.outcome).toBe("rendered");
  });
});

describe("CPE device shapes", () => {
  const SHAPE = "ocid1.cpedeviceshape.oc1..aaaaaaaacallbudget";

  it("are read once per container, however many connections use them", async () => {
    for (const name of ["static-ikev1", "bgp-ikev1"]) {
      const { cpeId } = h.seed(name);
      const cpe = h.fake.cpes.get(cpeId);
      if (cpe) cpe.cpeDeviceShapeId = SHAPE;
    }
    h.fake.shapes.set(SHAPE, {
      id: SHAPE,
      cpeDeviceInfo: { vendor: "Yamaha", platformSoftwareVersion: "RTX1210" },
    });
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.invoke(loadEvent("create-bgp-ikev1"));
    await h.invoke({ ...loadEvent("update-static-ikev1"), eventID: "shape-again" });
    expect(h.fake.requestsTo("GET", /^\/cpeDeviceShapes\//)).toHaveLength(1);
  });
});

describe("an alarm", () => {
  it("reads state.json once: the lease is taken on that read", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    const tunnel = h.fake.tunnels.get(CONNECTION)?.find((t) => t.vpnIp === "203.0.113.10");
    if (tunnel) tunnel.status = "DOWN";
    const before = h.fake.requests.length;
    const result = await h.invoke(loadEvent("alarm-tunnel-down"));
    expect(result.outcome).toBe("alarm-handled");
    expect(h.fake.messages).toHaveLength(2);
    const reads = h.fake.requests.slice(before).filter((r) => r.method === "GET" && STATE_GET.test(r.path));
    expect(reads).toHaveLength(1);
  });
});

describe("a PSK rotation of one tunnel", () => {
  const SHAPE = "ocid1.cpedeviceshape.oc1..aaaaaaaarotationbudget";

  it("makes the calls bench/needed-calls.ts lists and no more: one state.json read, four writes, two connection reads", async () => {
    // The benchmark's scenario: the STATIC sample on a CPE with a device shape, so every read a render can make
    // happens and Oracle's helper text is an 8th file.
    const { cpeId } = h.seed("static-ikev1", (raw) => {
      for (const t of raw.tunnels as Record<string, unknown>[]) t.status = "UP";
    });
    const cpe = h.fake.cpes.get(cpeId);
    if (cpe) cpe.cpeDeviceShapeId = SHAPE;
    h.fake.shapes.set(SHAPE, {
      id: SHAPE,
      cpeDeviceInfo: { vendor: "Yamaha", platformSoftwareVersion: "RTX1210" },
      parameters: [],
      template: "",
    });
    h.fake.helperConfigs.set(CONNECTION, "# Yamaha RTX configuration from OCI (call budget)\n");
    await h.invoke(loadEvent("create-static-ikev1"));
    const before = h.fake.requests.length;

    const result = await h.invoke({ action: "rotate-psk", ipsecConnectionId: CONNECTION });

    expect(result).toMatchObject({ outcome: "rotated", files: expect.any(Array) });
    expect(result.outcome === "rotated" ? result.files : []).toHaveLength(12);
    expect(countOperations(h.fake.requests.slice(before))).toEqual({
      CreatePreauthenticatedRequest: 12,
      DeletePreauthenticatedRequest: 12,
      GetCpe: 2,
      GetDrg: 2,
      GetIPSecConnection: 2,
      GetIPSecConnectionTunnel: 2,
      GetIPSecConnectionTunnelSharedSecret: 4,
      GetIpsecCpeDeviceConfigContent: 1,
      "GetObject state.json": 1,
      GetVcn: 2,
      ListDrgAttachments: 2,
      ListIPSecConnectionTunnels: 2,
      ListIPSecConnections: 2,
      // The links converge on the new state: listed before the render decides, and again after its creates.
      ListPreauthenticatedRequests: 2,
      PublishMessage: 1,
      "PutObject file": 1,
      "PutObject state.json": 4,
      UpdateIPSecConnectionTunnelSharedSecret: 1,
    });
  });
});
