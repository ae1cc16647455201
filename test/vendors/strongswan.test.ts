import { describe, expect, it } from "vitest";
import { CapabilityError, SnapshotValidationError } from "../../shared/errors.ts";
import type { DhGroup, TunnelModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import { espProposal, ikeProposal } from "../../shared/vendors/strongswan/algorithms.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { ikeVersion, modelFrom, noNat, ROUTE_VARIANTS } from "../helpers/variants.ts";

/** Routing mode × IKE version × NAT variants of the shipped samples (the same set as Libreswan's goldens). */
const VARIANTS = ROUTE_VARIANTS;

function fileOf(files: RenderedFile[], name: string): string {
  const f = files.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in ${files.map((x) => x.name).join(", ")}`);
  return f.content;
}

function swanctl(model: ReturnType<typeof modelFrom>): string {
  return fileOf(renderVendor(model, "strongswan"), "swanctl.conf");
}

/** Sets custom phase 1/2 settings on both tunnels. */
function custom(p1: Json, p2: Json) {
  return (s: Json) => {
    for (const t of s.tunnels) {
      t.phaseOneDetails = { isCustomPhaseOneConfig: true, lifetime: 28800, ...p1 };
      t.phaseTwoDetails = { isCustomPhaseTwoConfig: true, lifetime: 3600, isPfsEnabled: true, ...p2 };
    }
  };
}

describe("strongswan renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden files for ${variant}`, () => {
      const files = renderVendor(model(), "strongswan");
      for (const f of files) expectGolden(`strongswan/${variant}/${f.name}`, f.content);
      expect(files.map((f) => f.name)).toContain("swanctl.conf");
    });
  }

  it("writes one connection per tunnel with XFRM if_ids from the model's marks and 0.0.0.0/0 selectors", () => {
    const conf = swanctl(modelFrom("static-ikev1"));
    expect(conf.match(/^\toracle-tunnel-\d \{$/gm)).toEqual(["\toracle-tunnel-1 {", "\toracle-tunnel-2 {"]);
    expect(conf.match(/^\t{4}if_id_in = \d+$/gm)).toEqual(["\t\t\t\tif_id_in = 5", "\t\t\t\tif_id_in = 6"]);
    expect(conf.match(/^\t{4}if_id_out = \d+$/gm)).toEqual([
      "\t\t\t\tif_id_out = 5",
      "\t\t\t\tif_id_out = 6",
    ]);
    expect(conf.match(/^\t{4}local_ts = 0\.0\.0\.0\/0$/gm)).toHaveLength(2);
    expect(conf.match(/^\t{4}remote_ts = 0\.0\.0\.0\/0$/gm)).toHaveLength(2);
    expect(conf).toMatch(/^\t\tremote_addrs = 203\.0\.113\.10$/m);
    expect(conf).toMatch(/^\t\tversion = 1$/m);
  });

  it("uses the site's local address for IKE and the public address as identity behind 1:1 NAT", () => {
    const natted = swanctl(modelFrom("static-ikev1"));
    expect(natted).toMatch(/^\t\tlocal_addrs = 192\.168\.1\.42$/m);
    expect(natted).toMatch(/^\t\t\tid = 198\.51\.100\.10$/m);
    expect(natted).toMatch(/^\t\tid-cpe = 198\.51\.100\.10$/m);
    const direct = swanctl(modelFrom("static-ikev1", noNat));
    expect(direct).toMatch(/^\t\tlocal_addrs = 198\.51\.100\.10$/m);
    expect(direct).not.toContain("192.168.1.42");
  });

  it("sends a HOSTNAME identity as an FQDN identity in the connection and the secret", () => {
    const conf = swanctl(
      modelFrom("static-ikev1", (s) => {
        s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
        s.ipsecConnection.cpeLocalIdentifier = "vpn.example.com";
      }),
    );
    expect(conf).toMatch(/^\t\t\tid = fqdn:vpn\.example\.com$/m);
    expect(conf).toMatch(/^\t\tid-cpe = fqdn:vpn\.example\.com$/m);
  });

  it("chooses always-on actions and rekeys before Oracle's lifetimes run out", () => {
    const conf = swanctl(modelFrom("static-ikev1"));
    for (const line of ["start_action = start", "dpd_action = restart", "close_action = start"]) {
      expect(conf.match(new RegExp(`^\\t{4}${line}$`, "gm"))).toHaveLength(2);
    }
    expect(conf).toMatch(/^\t\tkeyingtries = 0$/m);
    // 90 % of 28800 s / 3600 s, hard limits at Oracle's values.
    expect(conf).toMatch(/^\t\trekey_time = 25920s$/m);
    expect(conf).toMatch(/^\t\tover_time = 2880s$/m);
    expect(conf).toMatch(/^\t{4}rekey_time = 3240s$/m);
    expect(conf).toMatch(/^\t{4}life_time = 3600s$/m);
    expect(conf).toMatch(/^\t\tdpd_timeout = 20s$/m); // IKEv1 only
    expect(swanctl(modelFrom("static-ikev1", ikeVersion("V2")))).not.toContain("dpd_timeout");
  });

  it("disables MOBIKE for IKEv2 and forces UDP encapsulation only when OCI has NAT-T ENABLED", () => {
    const v2 = swanctl(modelFrom("static-ikev1", ikeVersion("V2")));
    expect(v2).toMatch(/^\t\tmobike = no$/m);
    expect(v2).toMatch(/^\t\tencap = no$/m);
    const forced = swanctl(
      modelFrom("static-ikev1", (s) => {
        for (const t of s.tunnels) t.natTranslationEnabled = "ENABLED";
      }),
    );
    expect(forced.match(/^\t\tencap = yes$/gm)).toHaveLength(2);
  });

  it("maps Oracle's defaults and custom settings to strongSwan proposal keywords", () => {
    const conf = swanctl(modelFrom("static-ikev1"));
    expect(conf).toMatch(/^\t\tproposals = aes256-sha384-modp1536$/m);
    expect(conf).toMatch(/^\t{4}esp_proposals = aes256gcm16-modp1536$/m);
    const cbc = swanctl(
      modelFrom(
        "static-ikev1",
        custom(
          {
            customEncryptionAlgorithm: "AES_128_CBC",
            customAuthenticationAlgorithm: "SHA1_96",
            customDhGroup: "GROUP24",
          },
          {
            customEncryptionAlgorithm: "AES_192_CBC",
            customAuthenticationAlgorithm: "HMAC_SHA1_128",
            dhGroup: "GROUP19",
          },
        ),
      ),
    );
    expect(cbc).toMatch(/^\t\tproposals = aes128-sha1-modp2048s256$/m);
    expect(cbc).toMatch(/^\t{4}esp_proposals = aes192-sha1-ecp256$/m);
    const noPfs = swanctl(
      modelFrom(
        "static-ikev1",
        custom(
          {
            customEncryptionAlgorithm: "AES_256_CBC",
            customAuthenticationAlgorithm: "SHA2_256",
            customDhGroup: "GROUP2",
          },
          { customEncryptionAlgorithm: "AES_128_GCM", isPfsEnabled: false },
        ),
      ),
    );
    expect(noPfs).toMatch(/^\t\tproposals = aes256-sha256-modp1024$/m);
    expect(noPfs).toMatch(/^\t{4}esp_proposals = aes128gcm16$/m);
  });

  it("spells every DH group strongSwan's way", () => {
    const expected: Record<DhGroup, string> = {
      2: "modp1024",
      5: "modp1536",
      14: "modp2048",
      19: "ecp256",
      20: "ecp384",
      24: "modp2048s256",
    };
    const base = modelFrom("static-ikev1").tunnels[0];
    for (const [group, name] of Object.entries(expected)) {
      const dhGroup = Number(group) as DhGroup;
      const t: TunnelModel = {
        ...base,
        phase1: { ...base.phase1, dhGroup },
        phase2: {
          ...base.phase2,
          cipher: { mode: "cbc", keyBits: 256 },
          integrity: "hmac-sha256-128",
          pfsDhGroup: dhGroup,
        },
      };
      expect(ikeProposal(t)).toBe(`aes256-sha384-${name}`);
      expect(espProposal(t)).toBe(`aes256-sha256-${name}`);
    }
  });

  it("creates the XFRM interfaces in the routes script, with BGP inside addresses and no pinned WAN device", () => {
    const files = renderVendor(modelFrom("bgp-ikev1"), "strongswan");
    const routes = fileOf(files, "oci-vpn-routes.sh");
    expect(routes).toContain(
      "ip link show dev vti1 >/dev/null 2>&1 || ip link add vti1 type xfrm if_id 5\n" +
        "ip address replace 192.168.254.1/30 dev vti1\n",
    );
    expect(routes).toContain("ip link add vti2 type xfrm if_id 6");
    expect(routes).not.toMatch(/type xfrm .*dev /);
    expect(routes).toContain("ip address replace 192.168.254.5/30 dev vti2");
    expect(fileOf(files, "oci-vpn-routes.service")).toMatch(/^After=strongswan\.service$/m);
    const frr = fileOf(files, "frr.conf");
    expect(frr).toMatch(/^ neighbor 192\.168\.254\.2 remote-as 31898$/m);
    // STATIC: no inside addresses, Oracle CIDRs over both interfaces.
    const staticRoutes = fileOf(
      renderVendor(modelFrom("ikev2-static-custom"), "strongswan"),
      "oci-vpn-routes.sh",
    );
    expect(staticRoutes).toContain("ip link add vti1 type xfrm if_id 5");
    expect(staticRoutes).not.toContain("ip address replace");
    expect(staticRoutes).toContain('STATIC_IFACES="vti1 vti2"');
  });

  it("keeps connection names, if_ids and interfaces unique for a second connection on the same CPE", () => {
    const files = renderVendor(
      modelFrom("static-ikev1", (s) => {
        s.site.slot = 1;
        s.site.interfacePrefix = "xfrm";
      }),
      "strongswan",
    );
    const conf = fileOf(files, "swanctl.conf");
    expect(conf).toMatch(/^\toracle-tunnel-1-slot1 \{$/m);
    expect(conf).toMatch(/^\toracle-tunnel-2-slot1 \{$/m);
    expect(conf).toMatch(/^\t{4}if_id_in = 7$/m);
    expect(conf).toMatch(/^\t{4}if_id_in = 8$/m);
    expect(conf).toMatch(/^\tike-oracle-tunnel-1-slot1 \{$/m);
    expect(files.find((f) => f.name === "swanctl.conf")?.installHint).toContain(
      "/etc/swanctl/conf.d/oci-vpn-1.conf",
    );
    expect(fileOf(files, "oci-vpn-routes-slot1.sh")).toContain("ip link add xfrm3 type xfrm if_id 7");
    expect(conf).toMatch(/^\t{4}updown = \/usr\/local\/sbin\/oci-vpn-routes-slot1\.sh hook xfrm3$/m);
  });

  it("writes one CHILD_SA per selector pair for POLICY, without if_ids or XFRM interfaces", () => {
    const files = renderVendor(modelFrom("policy-ikev2"), "strongswan");
    const conf = fileOf(files, "swanctl.conf");
    expect(conf.match(/^\t{3}oracle-tunnel-\d-\d \{$/gm)).toHaveLength(4);
    expect(conf).toMatch(/^\t{4}local_ts = 192\.168\.2\.0\/24$/m);
    expect(conf).toMatch(/^\t{4}remote_ts = 10\.0\.3\.0\/24$/m);
    expect(conf).toMatch(/^\t{4}esp_proposals = aes256-sha256-modp2048$/m);
    expect(conf).not.toContain("if_id");
    expect(files.map((f) => f.name)).not.toContain("oci-vpn-routes.sh");
  });

  it("puts both PSKs in the secrets section and marks the file secret with 0600 guidance", () => {
    const file = renderVendor(modelFrom("static-ikev1"), "strongswan").find((f) => f.name === "swanctl.conf");
    expect(file?.secret).toBe(true);
    expect(file?.installHint).toMatch(/mode 0600/);
    expect(file?.content).toContain("install -m 0600 -o root -g root swanctl.conf");
    expect(file?.content.match(/^\t\tsecret = "[A-Za-z0-9 ]+"$/gm)).toHaveLength(2);
    expect(file?.content).toContain(
      '\t\tid-oracle = 203.0.113.10\n\t\tsecret = "Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up"',
    );
  });

  it("tells IKEv1 users about reauthentication, and IKEv2 users nothing", () => {
    expect(swanctl(modelFrom("static-ikev1"))).toContain("IKEv1 SA cannot be rekeyed");
    expect(swanctl(modelFrom("static-ikev1", ikeVersion("V2")))).not.toContain("IKEv1");
  });

  it("refuses to mix POLICY and route-based tunnels in one connection", () => {
    const model = modelFrom("policy-ikev2", (s) => {
      s.tunnels[1].routing = "STATIC";
      s.oracleCidrs = ["10.0.2.0/24"];
    });
    expect(() => renderVendor(model, "strongswan")).toThrow(CapabilityError);
    expect(() => renderVendor(model, "strongswan")).toThrow(/mixing POLICY with route-based tunnels/);
  });

  it("refuses NAT-T DISABLED behind NAT, naming the tunnel and the OCI setting to change", () => {
    const model = modelFrom("static-ikev1", (s) => {
      s.tunnels[1].natTranslationEnabled = "DISABLED";
    });
    expect(() => renderVendor(model, "strongswan")).toThrow(
      /tunnel 2 .*NAT traversal is DISABLED .*behind NAT.*Set the tunnel's NAT traversal to AUTO or ENABLED/,
    );
    // Without a NAT there is nothing to traverse: DISABLED renders.
    expect(() =>
      renderVendor(
        modelFrom("static-ikev1", (s) => {
          delete s.site.localIp;
          for (const t of s.tunnels) t.natTranslationEnabled = "DISABLED";
        }),
        "strongswan",
      ),
    ).not.toThrow();
  });

  it("refuses BGP tunnels with different customer ASNs (one FRR router)", () => {
    const model = modelFrom("bgp-ikev1", (s) => {
      s.tunnels[1].bgpSessionInfo.customerBgpAsn = "65001";
    });
    expect(() => renderVendor(model, "strongswan")).toThrow(/same customer ASN/);
  });

  describe("injection", () => {
    const hostile = [
      'evil"\n\tremote_addrs = %any\n}}',
      "x } secrets { ike-evil { secret = owned } }",
      "a; $(reboot) `id` # {{psk}}",
      "\r\nconnections {",
    ];

    it("keeps hostile display names inside comments: same lines, no braces or quotes", () => {
      const clean = renderVendor(modelFrom("bgp-ikev1"), "strongswan");
      for (const name of hostile) {
        const files = renderVendor(
          modelFrom("bgp-ikev1", (s) => {
            s.ipsecConnection.displayName = name;
            s.cpe.displayName = name;
            for (const t of s.tunnels) t.displayName = name;
          }),
          "strongswan",
        );
        const conf = fileOf(files, "swanctl.conf");
        expect(conf.split("\n").length).toBe(fileOf(clean, "swanctl.conf").split("\n").length);
        // Whatever survives of a name (letters, digits, `_` for the rest) is only ever in a comment line.
        for (const line of conf.split("\n").filter((l) => /evil|reboot|owned|psk_/.test(l))) {
          expect(line).toMatch(/^\s*#/);
        }
        expect(conf).not.toMatch(/\$\(reboot|\{\{psk|evil"/);
        // Braces only ever come from the template: exactly as many as with clean names.
        expect(conf.split("{").length).toBe(fileOf(clean, "swanctl.conf").split("{").length);
        expect(conf.split("}").length).toBe(fileOf(clean, "swanctl.conf").split("}").length);
      }
    });

    it("rejects hostile site values and identities before anything is rendered", () => {
      const edits: ((s: Json) => void)[] = [
        (s) => {
          s.site.wanInterface = "eth0 if_id 1";
        },
        (s) => {
          s.site.localIp = "192.168.1.42\n\tremote_addrs = %any";
        },
        (s) => {
          s.site.interfacePrefix = "x;reboot";
        },
        (s) => {
          s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
          s.ipsecConnection.cpeLocalIdentifier = "vpn.example.com }";
        },
        (s) => {
          s.sharedSecrets[s.tunnels[0].id] = 'x" }';
        },
      ];
      for (const edit of edits)
        expect(() => modelFrom("static-ikev1", edit)).toThrow(SnapshotValidationError);
    });
  });
});
