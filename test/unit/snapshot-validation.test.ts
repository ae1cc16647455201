import { describe, expect, it } from "vitest";
import type { SnapshotValidationError } from "../../shared/errors.ts";
import { parseSnapshot, parseSnapshotText } from "../../shared/snapshot/parse.ts";
import { invalidSnapshot } from "../helpers/invalid-snapshot.ts";
import type { Json } from "../helpers/json.ts";
import { rawSnapshot, SAMPLE_SNAPSHOTS } from "../helpers/samples.ts";

const invalid = invalidSnapshot;

function paths(error: SnapshotValidationError): string[] {
  return error.issues.map((i) => i.path);
}

describe("connection snapshot validation", () => {
  it.each(SAMPLE_SNAPSHOTS)("accepts the shipped sample %s", (name) => {
    const snapshot = parseSnapshot(rawSnapshot(name), name);
    expect(snapshot.tunnels).toHaveLength(2);
  });

  it("names the file and the path of a bad CIDR", () => {
    const e = invalid((s) => {
      s.ipsecConnection.staticRoutes = ["192.168.2.0/24", "192.168.2.1/24"];
    });
    expect(e.code).toBe("SNAPSHOT_INVALID");
    expect(e.message).toContain("test.json");
    expect(paths(e)).toEqual(["ipsecConnection.staticRoutes[1]"]);
    expect(e.message).toContain("did you mean 192.168.2.0/24");
  });

  it("reports a missing tunnel field by path", () => {
    const e = invalid((s) => {
      delete s.tunnels[1].vpnIp;
    });
    expect(paths(e)).toContain("tunnels[1].vpnIp");
  });

  it("rejects an unknown enum spelling", () => {
    const e = invalid((s) => {
      s.tunnels[0].ikeVersion = "IKEv2";
    });
    expect(paths(e)).toEqual(["tunnels[0].ikeVersion"]);
    expect(e.message).toMatch(/"V1"\|"V2"/);
  });

  it("rejects two tunnels with the same id", () => {
    const e = invalid((s) => {
      s.tunnels[1].id = s.tunnels[0].id;
    });
    expect(paths(e)).toContain("tunnels[1].id");
    expect(e.message).toContain("duplicates tunnels[0].id");
  });

  it("requires a PSK for each tunnel and rejects PSKs OCI would not allow", () => {
    const missing = invalid((s) => {
      delete s.sharedSecrets[s.tunnels[1].id];
    });
    expect(missing.message).toContain("missing the PSK for tunnels[1]");
    const quoted = invalid((s) => {
      s.sharedSecrets[s.tunnels[0].id] = 'abc" ; reboot';
    });
    expect(quoted.message).toContain("only letters, digits and spaces");
  });

  it("requires BGP session facts for BGP tunnels and checks the inside addresses pair up", () => {
    const e = invalid((s) => {
      delete s.tunnels[0].bgpSessionInfo.customerBgpAsn;
      s.tunnels[1].bgpSessionInfo.oracleInterfaceIp = "192.168.254.9/30";
    }, "bgp-ikev1");
    expect(paths(e)).toEqual([
      "tunnels[0].bgpSessionInfo.customerBgpAsn",
      "tunnels[1].bgpSessionInfo.oracleInterfaceIp",
    ]);
    const prefix = invalid((s) => {
      s.tunnels[0].bgpSessionInfo.customerInterfaceIp = "192.168.254.1/29";
    }, "bgp-ikev1");
    expect(prefix.message).toContain("/30 or /31");
    const asn = invalid((s) => {
      s.tunnels[0].bgpSessionInfo.oracleBgpAsn = "31898\nrouter bgp 1";
    }, "bgp-ikev1");
    expect(paths(asn)).toEqual(["tunnels[0].bgpSessionInfo.oracleBgpAsn"]);
  });

  it("refuses to announce a default route over BGP", () => {
    const e = invalid((s) => {
      s.site.bgpAdvertise = ["0.0.0.0/0"];
    }, "bgp-ikev1");
    expect(paths(e)).toEqual(["site.bgpAdvertise[0]"]);
  });

  it("needs Oracle CIDRs for STATIC routing and selectors for POLICY routing", () => {
    const staticNoCidrs = invalid((s) => {
      s.oracleCidrs = [];
    });
    expect(paths(staticNoCidrs)).toContain("oracleCidrs");
    const policy = invalid((s) => {
      s.tunnels[0].encryptionDomainConfig.oracleTrafficSelector = [];
    }, "policy-ikev2");
    expect(paths(policy)).toEqual(["tunnels[0].encryptionDomainConfig"]);
  });

  it("checks custom phase settings are complete and consistent", () => {
    const gcmWithAuth = invalid((s) => {
      s.tunnels[0].phaseTwoDetails.customAuthenticationAlgorithm = "HMAC_SHA1_128";
    }, "ikev2-static-custom");
    expect(gcmWithAuth.message).toContain("GCM");
    const p1 = invalid((s) => {
      delete s.tunnels[1].phaseOneDetails.customDhGroup;
    }, "ikev2-static-custom");
    expect(paths(p1)).toEqual(["tunnels[1].phaseOneDetails.customDhGroup"]);
  });

  it("rejects unknown site keys and bad site values, listing every problem at once", () => {
    const e = invalid((s) => {
      s.site = { localIp: "192.168.1.300", wanMtu: 100, wanInterface: "eth0; reboot", colour: "blue" };
    });
    expect(paths(e).sort()).toEqual(["site", "site.localIp", "site.wanInterface", "site.wanMtu"]);
  });

  it("rejects a local identifier that does not match its type", () => {
    const e = invalid((s) => {
      s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
      s.ipsecConnection.cpeLocalIdentifier = "cpe.example.com\nconn evil";
    });
    expect(paths(e)).toEqual(["ipsecConnection.cpeLocalIdentifier"]);
  });

  it("reports JSON syntax errors as validation errors", () => {
    expect(() => parseSnapshotText("{ not json", "broken.json")).toThrow(
      /invalid connection snapshot broken.json: not valid JSON/,
    );
  });

  it("keeps fields OCI adds that tunnelsmith does not use", () => {
    const s = rawSnapshot("static-ikev1") as Json;
    s.ipsecConnection.someFutureField = { x: 1 };
    expect((parseSnapshot(s, "x").ipsecConnection as Json).someFutureField).toEqual({ x: 1 });
  });
});
