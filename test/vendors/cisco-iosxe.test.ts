import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { type CommandForm, form, undocumentedLines, unusedForms } from "../helpers/command-forms.ts";
import { expectGolden } from "../helpers/golden.ts";
import { expectNamesContained } from "../helpers/hostile-names.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, nativeInterfaces, noNat, modelFrom as sampleModel } from "../helpers/variants.ts";

const VENDOR = "cisco-iosxe";

/** A sample with this router's interface spellings, then `edit`. */
function modelFrom(base: string, edit: (s: Json) => void = () => {}) {
  return sampleModel(base, all(nativeInterfaces(VENDOR), edit));
}
const FILE = "oci-vpn-iosxe.cfg";

/** Oracle's recommended suite, which IOS XE 17.11+ accepts without lowering its compliance shield. */
function group20Suite(s: Json): void {
  for (const t of s.tunnels) {
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 28800,
      customEncryptionAlgorithm: "AES_256_CBC",
      customAuthenticationAlgorithm: "SHA2_384",
      customDhGroup: "GROUP20",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 3600,
      customEncryptionAlgorithm: "AES_256_GCM",
      isPfsEnabled: true,
      dhGroup: "GROUP20",
    };
  }
}

/** A CBC suite: AES-128 / SHA-256 / group 14, ESP AES-128-CBC with HMAC-SHA1, PFS off. */
function cbcSuite(s: Json): void {
  for (const t of s.tunnels) {
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 86400,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "SHA2_256",
      customDhGroup: "GROUP14",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 1800,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA1_128",
      isPfsEnabled: false,
    };
  }
}

/** Behind 1:1 NAT, OCI told to expect the CPE's private address (what an ISAKMP profile can send). */
function privateIdentity(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifier = s.site.localIp;
}

/** A HOSTNAME identity, NAT-T forced by OCI, and an ESP suite with HMAC-SHA256. */
function hostnameNatT(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
  s.ipsecConnection.cpeLocalIdentifier = "cpe.example.com";
  for (const t of s.tunnels) {
    t.natTranslationEnabled = "ENABLED";
    t.phaseTwoDetails.customEncryptionAlgorithm = "AES_256_CBC";
    t.phaseTwoDetails.customAuthenticationAlgorithm = "HMAC_SHA2_256_128";
  }
}

function noWanInterface(s: Json): void {
  delete s.site.wanInterface;
}

const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev2-nat": () => modelFrom("static-ikev1", all(group20Suite, ikeVersion("V2"))),
  "static-ikev1-direct": () => modelFrom("static-ikev1", all(cbcSuite, noNat)),
  "static-ikev2-pppoe-default-wan": () =>
    modelFrom(
      "ikev2-static-custom",
      all(group20Suite, noWanInterface, (s) => (s.site.wanMtu = 1454)),
    ),
  "bgp-ikev2-direct": () => modelFrom("bgp-ikev1", all(group20Suite, ikeVersion("V2"), noNat)),
  "bgp-ikev1-nat-private-id": () => modelFrom("bgp-ikev1", all(group20Suite, privateIdentity)),
  "bgp-ikev2-hostname-natt": () => modelFrom("bgp-ikev1", all(group20Suite, ikeVersion("V2"), hostnameNatT)),
};

const COMMENT = /^!/;
const CFG = "IOS XE Security Configuration Guide: Internet Key Exchange Version 2 and FlexVPN";
const ISAKMP = "IOS XE Security Configuration Guide: Configuring Internet Key Exchange for IPsec VPNs";
const IPSEC = "IOS XE Security Configuration Guide: IPsec Virtual Tunnel Interfaces";
const BGP = "IOS XE IP Routing: BGP Configuration Guide / command reference";
const ORACLE = "Oracle CPE guide: Cisco IOS (vpn_cpe_ciscoios*.txt)";

/** Every command line the renderer may emit, with the document it comes from. */
const IOSXE_FORMS: CommandForm[] = [
  form(CFG, "crypto ikev2 proposal {name}"),
  form(CFG, "encryption aes-cbc-(?:128|192|256)"),
  form(CFG, "integrity (?:sha1|sha256|sha384)"),
  form(`${CFG} (FN72510: no groups 1, 2, 5, 24)`, "group (?:14|19|20)"),
  form(CFG, "crypto ikev2 policy {name}"),
  form(CFG, "match address local {ipv4}"),
  form(CFG, "proposal {name}"),
  form(CFG, "crypto ikev2 keyring {name}"),
  form(CFG, "peer oci-tunnel-{num}"),
  form(CFG, "address {ipv4}"),
  form(CFG, "pre-shared-key {psk}"),
  form(CFG, "crypto ikev2 profile {name}"),
  form(CFG, String.raw`match identity remote address {ipv4} 255\.255\.255\.255`),
  form(CFG, "identity local (?:address {ipv4}|fqdn [a-z0-9.-]+)"),
  form(CFG, "authentication (?:remote|local) pre-share"),
  form(CFG, "keyring local {name}"),
  form(`${CFG}; ${ISAKMP}`, "lifetime {num}"),
  form(CFG, "dpd {num} {num} periodic"),
  form(CFG, "nat force-encap"),
  form(ISAKMP, "crypto isakmp policy {num}"),
  form(ISAKMP, "encryption aes (?:128|192|256)"),
  form(ISAKMP, "hash (?:sha|sha256|sha384)"),
  form(ISAKMP, "authentication pre-share"),
  form(ISAKMP, "crypto keyring {name}"),
  form(ISAKMP, "local-address {ipv4}"),
  form(ISAKMP, "pre-shared-key address {ipv4} key {psk}"),
  form(ISAKMP, "crypto isakmp profile {name}"),
  form(ISAKMP, "keyring {name}"),
  form(ISAKMP, "self-identity address"),
  form(ISAKMP, String.raw`match identity address {ipv4} 255\.255\.255\.255`),
  form(ISAKMP, "keepalive {num} retry {num}"),
  form(
    IPSEC,
    "crypto ipsec transform-set {name} (?:esp-gcm (?:128|256)|esp-aes (?:128|192|256) esp-sha(?:256)?-hmac)",
  ),
  form(IPSEC, "mode tunnel"),
  form(IPSEC, "crypto ipsec profile {name}"),
  form(IPSEC, "set transform-set {name}"),
  form(IPSEC, "set pfs group(?:14|19|20)"),
  form(IPSEC, "set security-association lifetime seconds {num}"),
  form(IPSEC, "set ikev2-profile {name}"),
  form(IPSEC, "set isakmp-profile {name}"),
  form(IPSEC, "interface Tunnel{num}"),
  form(IPSEC, "description [ -~]+"),
  form(IPSEC, "ip address {ipv4} {ipv4}"),
  form(IPSEC, "ip unnumbered [A-Za-z][A-Za-z0-9/.:-]*"),
  form(IPSEC, "ip mtu {num}"),
  form(
    "IOS XE ip tcp adjust-mss (500-1460)",
    "ip tcp adjust-mss (?:[5-9]\\d\\d|1[0-3]\\d\\d|14[0-5]\\d|1460)",
  ),
  form(IPSEC, "tunnel source (?:{ipv4}|[A-Za-z][A-Za-z0-9/.:-]*)"),
  form(IPSEC, "tunnel mode ipsec ipv4"),
  form(IPSEC, "tunnel destination {ipv4}"),
  form(IPSEC, "tunnel protection ipsec profile {name}"),
  form(`${ORACLE}; IOS ip route`, "ip route {ipv4} {ipv4} (?:Tunnel{num}|{ipv4})"),
  form(BGP, "ip prefix-list {name} seq {num} (?:permit|deny) {cidr}(?: le 32)?"),
  form(BGP, "router bgp {num}"),
  form(BGP, "bgp log-neighbor-changes"),
  form(BGP, "neighbor {ipv4} remote-as {num}"),
  form(BGP, "neighbor {ipv4} description [ -~]+"),
  form(BGP, "address-family ipv4"),
  form(BGP, "network {ipv4} mask {ipv4}"),
  form(BGP, "neighbor {ipv4} activate"),
  form(BGP, "neighbor {ipv4} soft-reconfiguration inbound"),
  form(BGP, "neighbor {ipv4} prefix-list {name} (?:in|out)"),
  form(BGP, "exit-address-family"),
  form("IOS configuration mode", "end"),
];

function render(model: ConnectionModel): string {
  const file = renderVendor(model, VENDOR).find((f) => f.name === FILE);
  if (!file) throw new Error(`${FILE} not rendered`);
  return file.content;
}

describe("cisco-iosxe renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden file for ${variant}`, () => {
      const files = renderVendor(model(), VENDOR);
      expect(files.map((f) => f.name)).toEqual([FILE]);
      for (const f of files) expectGolden(`${VENDOR}/${variant}/${f.name}`, f.content);
    });
  }

  it("emits only documented IOS XE command forms, and every form is used by some variant", () => {
    const outputs = Object.values(VARIANTS).map((v) => render(v()));
    for (const out of outputs) expect(undocumentedLines(out, IOSXE_FORMS, COMMENT)).toEqual([]);
    expect(unusedForms(outputs, IOSXE_FORMS, COMMENT).map((f) => f.source + f.pattern)).toEqual([]);
  });

  it("marks the file secret: it carries both PSKs", () => {
    const [file] = renderVendor(VARIANTS["bgp-ikev2-direct"]?.() ?? modelFrom("bgp-ikev1"), VENDOR);
    expect(file?.secret).toBe(true);
    expect(file?.content).toMatch(/^ {2}pre-shared-key Lm4Pq9Xr2TbV7wNc5KdJ8sHf3Ya6ZeGu$/m);
    expect(file?.content).toMatch(/^ {2}pre-shared-key Rt7Yb2Nq5WcL9xKm4PdV8sJf3He6GaZu$/m);
  });

  it("builds one VTI per tunnel with IKEv2 profiles, sending the public address as identity behind 1:1 NAT", () => {
    const out = render(modelFrom("static-ikev1", all(group20Suite, ikeVersion("V2"))));
    expect(out).toMatch(/^interface Tunnel1\n description .*\n ip unnumbered GigabitEthernet1\n/m);
    expect(out).toMatch(/^ tunnel destination 203\.0\.113\.10$/m);
    expect(out).toMatch(/^ tunnel destination 203\.0\.113\.20$/m);
    expect(out).toMatch(/^ identity local address 198\.51\.100\.10$/m);
    expect(out).toMatch(/^ match address local 192\.168\.1\.42$/m);
    expect(out).toMatch(/^ tunnel mode ipsec ipv4$/m);
    expect(out).toMatch(/^ tunnel protection ipsec profile OCI-T2$/m);
    expect(out).toMatch(/^crypto ipsec transform-set OCI-T1 esp-gcm 256$/m);
    expect(out).toMatch(/^ set pfs group20$/m);
    expect(out).toMatch(/^ip route 10\.0\.2\.0 255\.255\.255\.0 Tunnel1$/m);
    expect(out).toMatch(/^ip route 10\.0\.2\.0 255\.255\.255\.0 Tunnel2$/m);
    expect(out).not.toContain("router bgp");
  });

  it("writes ISAKMP policy, keyring and profile for IKEv1 tunnels", () => {
    const out = render(modelFrom("static-ikev1", all(cbcSuite, noNat)));
    expect(out).toMatch(/^crypto isakmp policy 101\n encryption aes 128\n hash sha256\n/m);
    expect(out).toMatch(/^ pre-shared-key address 203\.0\.113\.10 key Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up$/m);
    expect(out).toMatch(/^ set isakmp-profile OCI-T2$/m);
    expect(out).toMatch(/^crypto ipsec transform-set OCI-T1 esp-aes 128 esp-sha-hmac$/m);
    expect(out).not.toMatch(/set pfs/);
    expect(out).not.toMatch(/^crypto ikev2|ikev2-profile/m);
  });

  it("clamps the MSS per tunnel with the calculator's value, never a constant", () => {
    for (const wanMtu of [1500, 1454, 1400]) {
      const model = modelFrom(
        "static-ikev1",
        all(group20Suite, ikeVersion("V2"), (s) => (s.site.wanMtu = wanMtu)),
      );
      const out = render(model);
      for (const t of model.tunnels) {
        expect(out).toContain(`interface Tunnel${t.index}`);
        expect(out).toMatch(new RegExp(`^ ip tcp adjust-mss ${t.mss.mssIpv4}$`, "m"));
        expect(out).toMatch(new RegExp(`^ ip mtu ${t.mss.tunnelMtu}$`, "m"));
      }
    }
    // PPPoE 1454 with AES-GCM and no NAT-T: MSS 1358.
    expect(
      render(VARIANTS["static-ikev2-pppoe-default-wan"]?.() ?? modelFrom("ikev2-static-custom")),
    ).toMatch(/^ ip tcp adjust-mss 1358$/m);
  });

  it("peers BGP with the API's Oracle ASN on the inside addresses and announces only bgpAdvertise", () => {
    const out = render(
      modelFrom(
        "bgp-ikev1",
        all(group20Suite, ikeVersion("V2"), (s) => {
          for (const t of s.tunnels) t.bgpSessionInfo.oracleBgpAsn = "6142";
        }),
      ),
    );
    expect(out).toMatch(/^ ip address 192\.168\.254\.1 255\.255\.255\.252$/m);
    expect(out).toMatch(/^ ip address 192\.168\.254\.5 255\.255\.255\.252$/m);
    expect(out).toMatch(/^ neighbor 192\.168\.254\.2 remote-as 6142$/m);
    expect(out).toMatch(/^ neighbor 192\.168\.254\.6 remote-as 6142$/m);
    expect(out).not.toContain("31898");
    expect(out).toMatch(/^ip prefix-list OCI-S0-ANNOUNCE seq 10 permit 192\.168\.2\.0\/24$/m);
    expect(out).toMatch(/^ip prefix-list OCI-S0-ANNOUNCE seq 20 permit 192\.168\.3\.0\/24$/m);
    expect(out.match(/^ip prefix-list OCI-S0-ANNOUNCE /gm)).toHaveLength(2);
    expect(out).toMatch(/^ip prefix-list OCI-S0-NO-DEFAULT seq 5 deny 0\.0\.0\.0\/0$/m);
    expect(out).not.toMatch(/permit 0\.0\.0\.0\/0$/m);
    expect(out).not.toMatch(/^ip route \S+ \S+ Tunnel/m);
  });

  it("numbers tunnels and filters from the CPE slot so two connections on one router never collide", () => {
    const out = render(
      modelFrom(
        "bgp-ikev1",
        all(group20Suite, ikeVersion("V2"), (s) => (s.site.slot = 3)),
      ),
    );
    expect(out).toMatch(/^interface Tunnel7$/m);
    expect(out).toMatch(/^interface Tunnel8$/m);
    expect(out).toMatch(/^crypto ikev2 profile OCI-T8$/m);
    expect(out).toMatch(/^ip prefix-list OCI-S3-ANNOUNCE /m);
    expect(out).not.toMatch(/Tunnel1$/m);
  });

  it("says when it assumed the WAN interface", () => {
    const out = render(VARIANTS["static-ikev2-pppoe-default-wan"]?.() ?? modelFrom("ikev2-static-custom"));
    expect(out).toMatch(/^! ASSUMED: WAN interface GigabitEthernet1 /m);
    expect(out).toMatch(/^ ip unnumbered GigabitEthernet1$/m);
    expect(out).toMatch(/^ tunnel source 203\.0\.113\.1$/m);
  });

  describe("refuses what IOS XE cannot do, naming the tunnel and what to set instead", () => {
    it("rejects Oracle's default DH group 5 (blocked by the compliance shield since 17.11)", () => {
      expect(() => renderVendor(modelFrom("static-ikev1"), VENDOR)).toThrow(CapabilityError);
      expect(() => renderVendor(modelFrom("static-ikev1"), VENDOR)).toThrow(
        /tunnel 1 .*phase 1 DH group 5 is not supported.*Set on the OCI tunnel instead: phase 1 AES_256_CBC \/ SHA2_384 \/ GROUP20; phase 2 AES_256_GCM \/ PFS GROUP20/,
      );
    });

    it("rejects AES-192-GCM and group 24 PFS", () => {
      const model = modelFrom(
        "static-ikev1",
        all(group20Suite, (s) => {
          s.tunnels[1].phaseTwoDetails.customEncryptionAlgorithm = "AES_192_GCM";
          s.tunnels[1].phaseTwoDetails.dhGroup = "GROUP24";
        }),
      );
      expect(() => renderVendor(model, VENDOR)).toThrow(
        /tunnel 2 .*phase 2 cipher aes-gcm-192 is not supported; PFS group 24 is not supported/,
      );
    });

    it("rejects POLICY routing and points to route-based tunnels", () => {
      expect(() => renderVendor(modelFrom("policy-ikev2", group20Suite), VENDOR)).toThrow(
        /tunnel 1 .*POLICY routing is not supported/,
      );
    });

    it("rejects IKEv1 behind NAT when Oracle expects the public address, naming both ways out", () => {
      expect(() => renderVendor(modelFrom("static-ikev1", group20Suite), VENDOR)).toThrow(
        /IOS XE can only identify itself by its interface address 192\.168\.1\.42, but Oracle expects IP_ADDRESS 198\.51\.100\.10\. Use IKEv2 .* or set the IPSec connection's CPE IKE identifier to 192\.168\.1\.42/,
      );
    });

    it("rejects a PSK with a space, which an IOS keyring would cut short", () => {
      const model = modelFrom(
        "static-ikev1",
        all(group20Suite, ikeVersion("V2"), (s) => {
          s.sharedSecrets[s.tunnels[1].id] = "two words";
        }),
      );
      expect(() => renderVendor(model, VENDOR)).toThrow(/tunnel 2 .*pre-shared key contains a space/);
    });

    it("rejects two BGP tunnels with different customer ASNs", () => {
      const model = modelFrom(
        "bgp-ikev1",
        all(group20Suite, ikeVersion("V2"), (s) => {
          s.tunnels[1].bgpSessionInfo.customerBgpAsn = "65001";
        }),
      );
      expect(() => renderVendor(model, VENDOR)).toThrow(/same customer ASN/);
    });

    it("rejects a link MTU whose MSS falls below IOS XE's adjust-mss minimum", () => {
      const model = modelFrom(
        "static-ikev1",
        all(group20Suite, ikeVersion("V2"), (s) => (s.site.wanMtu = 576)),
      );
      expect(() => renderVendor(model, VENDOR)).toThrow(/TCP MSS \d+ is outside the IOS XE range 500-1460/);
    });
  });

  it("keeps hostile display names in comments and descriptions only", () => {
    expectNamesContained(
      VENDOR,
      (edit) => modelFrom("bgp-ikev1", all(group20Suite, ikeVersion("V2"), edit)),
      {
        [FILE]: {
          forms: IOSXE_FORMS,
          comment: COMMENT,
          labelLine: /^(?:description|neighbor \S+ description) [ -~]+$/,
        },
      },
    );
  });
});
