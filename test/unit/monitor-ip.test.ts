import { describe, expect, it } from "vitest";
import { factsFromTags } from "../../shared/adapters/oci/site-tags.ts";
import { invalidSnapshot } from "../helpers/invalid-snapshot.ts";
import { modelFrom } from "../helpers/variants.ts";

/** `site.monitorIp` (issue 15, defect 5): an ICMP-answering address in the VCN, probed through each tunnel. */

const rejected = invalidSnapshot;

describe("site.monitorIp", () => {
  it("is optional and null in the model when absent", () => {
    expect(modelFrom("static-ikev1").site.monitorIp).toBeNull();
  });

  it("reaches the model when it is inside the Oracle CIDRs", () => {
    const m = modelFrom("static-ikev1", (s) => {
      s.site.monitorIp = "10.0.2.10";
    });
    expect(m.site.monitorIp).toBe("10.0.2.10");
  });

  it("accepts an address inside a POLICY tunnel's Oracle traffic selector", () => {
    const m = modelFrom("policy-ikev2", (s) => {
      s.oracleCidrs = [];
      s.site.monitorIp = "10.0.3.7";
    });
    expect(m.site.monitorIp).toBe("10.0.3.7");
  });

  it("rejects a value that is not an IPv4 address, naming the field", () => {
    for (const bad of ["10.0.2.300", "10.0.2.10/32", "10.0.2.10; rm -rf /", "fe80::1", 42]) {
      const e = rejected((s) => {
        s.site.monitorIp = bad;
      });
      expect(e.issues.map((i) => i.path)).toEqual(["site.monitorIp"]);
    }
  });

  it("rejects an address outside the VCN: the probe would not cross the tunnel", () => {
    const e = rejected((s) => {
      s.site.monitorIp = "192.168.2.10"; // on-premises, not Oracle
    });
    expect(e.issues.map((i) => i.path)).toEqual(["site.monitorIp"]);
    expect(e.message).toContain("site.monitorIp");
    expect(e.message).toContain("10.0.2.0/24");
  });

  it("rejects it when no Oracle network is known to check it against", () => {
    const e = rejected((s) => {
      s.site.monitorIp = "10.0.2.10";
    }, "bgp-ikev1");
    expect(e.issues.map((i) => i.path)).toEqual(["site.monitorIp"]);
    expect(e.message).toMatch(/oracleCidrs/);
  });

  it("can be set by the tunnelsmith-monitor-ip tag and is validated like the snapshot field", () => {
    expect(factsFromTags({ "tunnelsmith-monitor-ip": "10.0.2.10" }, null).site.monitorIp).toBe("10.0.2.10");
    expect(() => factsFromTags({ "tunnelsmith-monitor-ip": "10.0.2" }, null)).toThrow(
      /tunnelsmith-monitor-ip/,
    );
  });
});
