import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { routerosRenderer } from "../../shared/vendors/routeros/index.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, modelFrom, noNat } from "../helpers/variants.ts";

/** Puts the CPE behind a 1:1 NAT (local address differs from the public one OCI knows). */
function behindNat(s: Json): void {
  s.site.localIp = "192.168.1.42";
}

/** Routing mode × IKE version × NAT variants of the shipped samples (RouterOS: STATIC and POLICY only). */
const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev1-nat": () => modelFrom("static-ikev1"),
  "static-ikev1-direct": () => modelFrom("static-ikev1", noNat),
  "static-ikev2-nat": () => modelFrom("static-ikev1", ikeVersion("V2")),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(ikeVersion("V2"), noNat)),
  "static-ikev2-seed000": () => modelFrom("ikev2-static-custom"),
  "policy-ikev2-direct": () => modelFrom("policy-ikev2"),
  "policy-ikev2-nat": () => modelFrom("policy-ikev2", behindNat),
  "policy-ikev1-direct": () => modelFrom("policy-ikev2", ikeVersion("V1")),
  "policy-ikev1-nat": () => modelFrom("policy-ikev2", all(ikeVersion("V1"), behindNat)),
};

function script(model: ConnectionModel): string {
  const [file] = renderVendor(model, "routeros");
  if (!file) throw new Error("no file");
  return file.content;
}

describe("routeros renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden file for ${variant}`, () => {
      const files = renderVendor(model(), "routeros");
      expect(files[0]?.name).toBe("oci-vpn.rsc");
      expectGolden(`routeros/${variant}/oci-vpn.rsc`, files[0]?.content ?? "");
    });
  }

  it("configures everything the working PPPoE RouterOS site configures, for its values", () => {
    // ikev2-static-custom is that site: CPE 203.0.113.1, on-premises 192.168.0.0/17, Oracle 192.168.128.0/17,
    // IKEv2 STATIC tunnels, AES-256/SHA-384/ECP384 and AES-256-GCM/modp1536, PPPoE MTU 1454.
    const rsc = script(modelFrom("ikev2-static-custom"));
    // firewall: IKE and ESP in, forwarding to and from the Oracle network
    expect(rsc).toMatch(
      /filter add chain=input action=accept protocol=udp dst-port=500 src-address=203\.0\.113\.50 /,
    );
    expect(rsc).toMatch(
      /filter add chain=input action=accept protocol=ipsec-esp src-address=203\.0\.113\.60 /,
    );
    expect(rsc).toMatch(
      /filter add chain=forward action=accept src-address=192\.168\.0\.0\/17 dst-address=192\.168\.128\.0\/17 /,
    );
    expect(rsc).toMatch(
      /filter add chain=forward action=accept src-address=192\.168\.128\.0\/17 dst-address=192\.168\.0\.0\/17 /,
    );
    // the NAT bypass, placed before the first existing rule (so before masquerade)
    expect(rsc).toMatch(
      /^:do \{ \/ip firewall nat add chain=srcnat action=accept src-address=192\.168\.0\.0\/17 dst-address=192\.168\.128\.0\/17 comment="[^"]+" place-before=\[:pick \[\/ip firewall nat find where dynamic=no\] 0\] \}/m,
    );
    // policy group, phase 1 profile and phase 2 proposal as in the seed
    expect(rsc).toMatch(/^\/ip ipsec policy group\nadd name=ts-\w+$/m);
    expect(rsc).toMatch(
      /^add name=ts-\w+-ike-1 enc-algorithm=aes-256 hash-algorithm=sha384 dh-group=ecp384 lifetime=8h nat-traversal=no /m,
    );
    expect(rsc).toMatch(
      /^add name=ts-\w+-esp-1 enc-algorithms=aes-256-gcm auth-algorithms="" pfs-group=modp1536 lifetime=1h$/m,
    );
    // both peers with IKEv2, and both identities with the CPE's address and each tunnel's PSK
    expect(rsc).toMatch(/^add name=ts-\w+-peer-1 address=203\.0\.113\.50\/32 exchange-mode=ike2 /m);
    expect(rsc).toMatch(/^add name=ts-\w+-peer-2 address=203\.0\.113\.60\/32 exchange-mode=ike2 /m);
    expect(rsc).toMatch(
      /^add peer=ts-\w+-peer-1 auth-method=pre-shared-key secret="Vb3Nq8Xt5LcW2mKr7PdJ9sHf4Ye6GaZu" my-id=address:203\.0\.113\.1 remote-id=ignore /m,
    );
    expect(rsc).toMatch(
      /^add peer=ts-\w+-peer-2 auth-method=pre-shared-key secret="Pk6Wd2Xm9LtV4qNb7RcJ3sHf8Ye5GaZu" my-id=address:203\.0\.113\.1 remote-id=ignore /m,
    );
    // the policy: on-premises ↔ Oracle in tunnel mode, active on tunnel 1 and standing by on tunnel 2
    expect(rsc).toMatch(
      /^add peer=ts-\w+-peer-1 src-address=192\.168\.0\.0\/17 dst-address=192\.168\.128\.0\/17 protocol=all tunnel=yes action=encrypt level=require proposal=ts-\w+-esp-1 disabled=no /m,
    );
    expect(rsc).toMatch(
      /^add peer=ts-\w+-peer-2 src-address=192\.168\.0\.0\/17 dst-address=192\.168\.128\.0\/17 protocol=all tunnel=yes action=encrypt level=require proposal=ts-\w+-esp-2 disabled=yes /m,
    );
    // the MSS clamp: 1358 for PPPoE 1454 with AES-GCM and no NAT-T
    expect(rsc).toMatch(
      /^add chain=forward action=change-mss new-mss=1358 passthrough=yes protocol=tcp tcp-flags=syn tcp-mss=1359-65535 dst-address=192\.168\.128\.0\/17 /m,
    );
  });

  it("takes the MSS clamp from the calculator, not a constant", () => {
    for (const model of Object.values(VARIANTS).map((v) => v())) {
      const rsc = script(model);
      const clamps = [...rsc.matchAll(/new-mss=(\d+) /g)].map((m) => Number(m[1]));
      expect(clamps.length).toBeGreaterThan(0);
      for (const mss of clamps) expect(mss).toBe(model.mss.mssIpv4);
    }
    // 1500 link, NAT-T, AES-GCM: 1500 - 20 IP - 8 UDP - 8 ESP - 8 IV - 16 ICV - 2 trailer = 1438, minus 40
    expect(script(modelFrom("static-ikev1"))).toContain("new-mss=1398 ");
  });

  it("opens UDP 4500 and enables NAT-T only when the tunnel may use it", () => {
    const disabled = script(modelFrom("ikev2-static-custom"));
    expect(disabled).not.toContain("4500");
    expect(disabled).toMatch(/nat-traversal=no /);
    const auto = script(modelFrom("static-ikev1"));
    expect(auto).toMatch(/dst-port=500,4500 src-address=203\.0\.113\.10 /);
    expect(auto).toMatch(/nat-traversal=yes /);
  });

  it("uses main mode for IKEv1 and maps CBC/SHA-256 phase 2 to RouterOS names", () => {
    const rsc = script(modelFrom("policy-ikev2", ikeVersion("V1")));
    expect(rsc).toMatch(/exchange-mode=main /);
    expect(rsc).not.toContain("ike2");
    expect(rsc).toMatch(
      /enc-algorithms=aes-256-cbc auth-algorithms="sha256" pfs-group=modp2048 lifetime=1h$/m,
    );
  });

  it("writes one policy per POLICY selector pair, tunnel 2 standing by on pairs tunnel 1 carries", () => {
    const rsc = script(modelFrom("policy-ikev2"));
    const policies = rsc.match(/^add peer=ts-\w+-peer-\d src-address=.*$/gm) ?? [];
    expect(policies).toHaveLength(4);
    expect(policies.filter((p) => p.includes("peer-1") && p.includes("disabled=no"))).toHaveLength(2);
    expect(policies.filter((p) => p.includes("peer-2") && p.includes("disabled=yes"))).toHaveLength(2);
    expect(rsc).toMatch(/src-address=192\.168\.2\.0\/24 dst-address=10\.0\.3\.0\/24 /);
  });

  it("keeps tunnel 2 active when it carries networks tunnel 1 does not", () => {
    const rsc = script(
      modelFrom("policy-ikev2", (s) => {
        s.tunnels[1].encryptionDomainConfig.oracleTrafficSelector = ["10.0.9.0/24"];
      }),
    );
    expect(rsc).toMatch(
      /^add peer=ts-\w+-peer-2 src-address=192\.168\.2\.0\/24 dst-address=10\.0\.9\.0\/24 .* disabled=no /m,
    );
    expect(rsc).not.toContain("disabled=yes");
    expect(rsc).not.toContain("To move to tunnel 2");
  });

  it("summarises STATIC networks only when the summary is exact", () => {
    const rsc = script(
      modelFrom("static-ikev1", (s) => {
        s.oracleCidrs = ["10.0.3.0/24", "10.0.2.0/24"];
      }),
    );
    expect(rsc).toMatch(/src-address=192\.168\.2\.0\/24 dst-address=10\.0\.2\.0\/23 /);
  });

  it("sends a FQDN identity for HOSTNAME local identifiers", () => {
    const rsc = script(
      modelFrom("ikev2-static-custom", (s) => {
        s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
        s.ipsecConnection.cpeLocalIdentifier = "cpe.example.com";
      }),
    );
    expect(rsc).toMatch(/ my-id=fqdn:cpe\.example\.com /);
  });

  it("writes a PSK starting with 0x as hex, because RouterOS would read it as hex", () => {
    const rsc = script(
      modelFrom("ikev2-static-custom", (s) => {
        s.sharedSecrets[s.tunnels[0].id] = "0xAB cd";
      }),
    );
    expect(rsc).toContain(`secret="0x${Buffer.from("0xAB cd").toString("hex")}"`);
    expect(rsc).not.toContain('secret="0xAB cd"');
  });

  it("marks the script as secret", () => {
    expect(renderVendor(modelFrom("ikev2-static-custom"), "routeros")[0]?.secret).toBe(true);
  });
});

describe("routeros capability errors", () => {
  it("refuses BGP in the capability check", () => {
    expect(() => renderVendor(modelFrom("bgp-ikev1"), "routeros")).toThrow(CapabilityError);
    expect(() => renderVendor(modelFrom("bgp-ikev1"), "routeros")).toThrow(
      /routeros: tunnel 1 .*BGP routing is not supported/,
    );
  });

  it("explains why BGP cannot work and what to use instead when the renderer is called directly", () => {
    expect(() => routerosRenderer.render(modelFrom("bgp-ikev1"))).toThrow(
      /no VTI.*routes learned over BGP would not be encrypted.*STATIC .*POLICY routing.*libreswan, strongswan/,
    );
  });

  it("refuses DH group 24, which RouterOS cannot name, with the OCI settings to use", () => {
    const model = modelFrom("ikev2-static-custom", (s) => {
      s.tunnels[0].phaseOneDetails.customDhGroup = "GROUP24";
    });
    expect(() => renderVendor(model, "routeros")).toThrow(
      /tunnel 1 .*phase 1 DH group 24 is not supported.*Set on the OCI tunnel instead: phase 1 AES_256_CBC \/ SHA2_384 \/ GROUP20; phase 2 AES_256_GCM \/ PFS GROUP20/,
    );
  });

  it("refuses STATIC on-premises networks that are not one summary", () => {
    const model = modelFrom("static-ikev1", (s) => {
      s.ipsecConnection.staticRoutes = ["192.168.2.0/24", "192.168.4.0/24"];
    });
    expect(() => renderVendor(model, "routeros")).toThrow(
      /tunnel 1 .*single encryption domain.*staticRoutes \(192\.168\.2\.0\/24, 192\.168\.4\.0\/24\).*POLICY routing/,
    );
  });

  it("refuses STATIC Oracle networks that are not one summary", () => {
    const model = modelFrom("static-ikev1", (s) => {
      s.oracleCidrs = ["10.0.2.0/24", "172.16.0.0/16"];
    });
    expect(() => renderVendor(model, "routeros")).toThrow(
      /the Oracle CIDRs \(10\.0\.2\.0\/24, 172\.16\.0\.0\/16\)/,
    );
  });

  it("refuses STATIC without on-premises networks", () => {
    const model = modelFrom("static-ikev1", (s) => {
      s.ipsecConnection.staticRoutes = [];
    });
    expect(() => renderVendor(model, "routeros")).toThrow(/needs the on-premises networks/);
  });

  it("refuses to mix POLICY and STATIC tunnels", () => {
    const model = modelFrom("policy-ikev2", (s) => {
      s.tunnels[1].routing = "STATIC";
    });
    expect(() => renderVendor(model, "routeros")).toThrow(/mixing POLICY and STATIC/);
  });
});
