import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { expectGolden } from "../helpers/golden.ts";
import { modelFrom, ROUTE_VARIANTS } from "../helpers/variants.ts";

describe("libreswan renderer", () => {
  for (const [variant, model] of Object.entries(ROUTE_VARIANTS)) {
    it(`matches the golden files for ${variant}`, () => {
      const files = renderVendor(model(), "libreswan");
      for (const f of files) expectGolden(`libreswan/${variant}/${f.name}`, f.content);
      expect(files.map((f) => f.name)).toContain("oci-ipsec.conf");
    });
  }

  it("renders Oracle's route-based VTI shape for STATIC", () => {
    const conf =
      renderVendor(modelFrom("static-ikev1"), "libreswan").find((f) => f.name === "oci-ipsec.conf")
        ?.content ?? "";
    expect(conf).toMatch(/^\tmark=5\/0xffffffff$/m);
    expect(conf).toMatch(/^\tvti-interface=vti1$/m);
    expect(conf).toMatch(/^\tvti-routing=no$/m);
    expect(conf).toMatch(/^\tleftid=198\.51\.100\.10$/m); // behind 1:1 NAT
    expect(conf).toMatch(/^\tikev2=no$/m);
    expect(conf).toContain("ikev1-policy=accept");
  });

  it("uses ikev2=insist for IKEv2 and omits leftid when the CPE is not behind NAT", () => {
    const conf = renderVendor(modelFrom("ikev2-static-custom"), "libreswan")[0]?.content ?? "";
    expect(conf).toMatch(/^\tikev2=insist$/m);
    expect(conf).not.toMatch(/leftid=/);
    expect(conf).toMatch(/^\tike=aes_cbc256-sha2_384;dh20$/m);
    expect(conf).not.toContain("ikev1-policy");
  });

  it("installs Oracle-CIDR routes over both VTIs for STATIC and clamps MSS with the calculator's value", () => {
    const files = renderVendor(modelFrom("ikev2-static-custom"), "libreswan");
    const routes = files.find((f) => f.name === "oci-vpn-routes.sh")?.content ?? "";
    expect(routes).toContain('ORACLE_CIDRS="192.168.128.0/17"');
    expect(routes).toContain('STATIC_IFACES="vti1 vti2"');
    expect(routes).toContain('ip route replace "$cidr" $hops');
    const mss = files.find((f) => f.name === "oci-vpn-mss.nft")?.content ?? "";
    expect(mss).toContain("maxseg size set 1358");
  });

  it("adds leftvti and an FRR config with the API's Oracle ASN for BGP, announcing only bgpAdvertise", () => {
    const files = renderVendor(
      modelFrom("bgp-ikev1", (s) => {
        for (const t of s.tunnels) t.bgpSessionInfo.oracleBgpAsn = "6142";
      }),
      "libreswan",
    );
    const conf = files.find((f) => f.name === "oci-ipsec.conf")?.content ?? "";
    expect(conf).toMatch(/^\tleftvti=192\.168\.254\.1\/30$/m);
    expect(conf).toMatch(/^\tleftvti=192\.168\.254\.5\/30$/m);
    const frr = files.find((f) => f.name === "frr.conf")?.content ?? "";
    expect(frr).toMatch(/^ neighbor 192\.168\.254\.2 remote-as 6142$/m);
    expect(frr).toMatch(/^ neighbor 192\.168\.254\.6 remote-as 6142$/m);
    expect(frr).not.toContain("31898");
    expect(frr).toMatch(/^ip prefix-list TUNNELSMITH-ANNOUNCE seq 10 permit 192\.168\.2\.0\/24$/m);
    expect(frr).toMatch(/^ip prefix-list TUNNELSMITH-NO-DEFAULT seq 5 deny 0\.0\.0\.0\/0$/m);
    expect(files.find((f) => f.name === "oci-vpn-routes.sh")?.content).toContain('ORACLE_CIDRS=""');
  });

  it("writes one policy-based conn per selector pair for POLICY, without VTIs", () => {
    const conf = renderVendor(modelFrom("policy-ikev2"), "libreswan")[0]?.content ?? "";
    expect(conf.match(/^conn /gm)).toHaveLength(4);
    expect(conf).toMatch(/^conn oracle-tunnel-2-2$/m);
    expect(conf).toMatch(/^\trightsubnet=10\.0\.3\.0\/24$/m);
    expect(conf).not.toContain("vti-interface");
  });

  it("marks the secrets file as secret and writes one PSK line per tunnel", () => {
    const secrets = renderVendor(modelFrom("static-ikev1"), "libreswan").find(
      (f) => f.name === "oci-ipsec.secrets",
    );
    expect(secrets?.secret).toBe(true);
    expect(secrets?.content.match(/: PSK "/g)).toHaveLength(2);
    expect(secrets?.content).toContain('198.51.100.10 203.0.113.10 : PSK "Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up"');
  });

  it("rejects DH groups Libreswan 4 dropped, naming the tunnel and the OCI settings to use", () => {
    const model = modelFrom("ikev2-static-custom", (s) => {
      s.tunnels[1].phaseOneDetails.customDhGroup = "GROUP24";
    });
    expect(() => renderVendor(model, "libreswan")).toThrow(CapabilityError);
    expect(() => renderVendor(model, "libreswan")).toThrow(
      /tunnel 2 .*phase 1 DH group 24 is not supported.*Set on the OCI tunnel instead: phase 1 AES_256_CBC \/ SHA2_384 \/ GROUP20/,
    );
  });

  it("rejects IKEv1 with an elliptic-curve PFS group, which Libreswan only negotiates with IKEv2", () => {
    const model = modelFrom("ikev2-static-custom", (s) => {
      for (const t of s.tunnels) {
        t.ikeVersion = "V1";
        t.phaseTwoDetails.dhGroup = "GROUP20";
      }
    });
    expect(() => renderVendor(model, "libreswan")).toThrow(
      /PFS group 20 is not supported with IKEv1.*PFS GROUP14/,
    );
  });

  it("refuses to mix POLICY and route-based tunnels in one connection", () => {
    const model = modelFrom("policy-ikev2", (s) => {
      s.tunnels[1].routing = "STATIC";
    });
    expect(() => renderVendor(model, "libreswan")).toThrow(/mixing POLICY/);
  });
});
