import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { type CommandForm, form, undocumentedLines, unusedForms } from "../helpers/command-forms.ts";
import { expectGolden } from "../helpers/golden.ts";
import { expectNamesContained } from "../helpers/hostile-names.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, nativeInterfaces, noNat, modelFrom as sampleModel } from "../helpers/variants.ts";

const VENDOR = "vyos";

/** A sample with this router's interface spellings, then `edit`. */
function modelFrom(base: string, edit: (s: Json) => void = () => {}) {
  return sampleModel(base, all(nativeInterfaces(VENDOR), edit));
}
const FILE = "oci-vpn-vyos.set";

/** HOSTNAME identity, NAT-T forced by OCI, AES-192 with SHA-1/SHA-256, PFS off, and a key with spaces. */
function legacySuite(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
  s.ipsecConnection.cpeLocalIdentifier = "cpe.example.com";
  for (const t of s.tunnels) {
    t.natTranslationEnabled = "ENABLED";
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 86400,
      customEncryptionAlgorithm: "AES_192_CBC",
      customAuthenticationAlgorithm: "SHA1_96",
      customDhGroup: "GROUP24",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 1800,
      customEncryptionAlgorithm: "AES_192_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA1_128",
      isPfsEnabled: false,
    };
  }
  s.tunnels[1].phaseTwoDetails.customAuthenticationAlgorithm = "HMAC_SHA2_256_128";
  s.tunnels[1].phaseOneDetails.customAuthenticationAlgorithm = "SHA2_256";
  s.sharedSecrets[s.tunnels[0].id] = "two words";
}

const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev1-nat": () => modelFrom("static-ikev1"),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(ikeVersion("V2"), noNat)),
  "static-ikev2-custom-pppoe": () => modelFrom("ikev2-static-custom"),
  "static-ikev1-legacy": () => modelFrom("static-ikev1", legacySuite),
  "bgp-ikev1-nat": () => modelFrom("bgp-ikev1"),
  "bgp-ikev2-direct": () => modelFrom("bgp-ikev1", all(ikeVersion("V2"), noNat)),
};

const COMMENT = /^#/;
const IPSEC =
  "VyOS 1.4/1.5 interface-definitions/vpn_ipsec.xml.in (ike-group, esp-group, authentication psk, site-to-site)";
const VTI =
  "VyOS 1.4/1.5 interface-definitions/interfaces_vti.xml.in (ip adjust-mss 536-65535, mtu 68-16000)";
const STATIC = "VyOS 1.4/1.5 interface-definitions/protocols_static.xml.in";
const BGP = "VyOS 1.4/1.5 interface-definitions/protocols_bgp.xml.in and policy.xml.in";

const VYOS_FORMS: CommandForm[] = [
  form(IPSEC, "set vpn ipsec options disable-route-autoinstall"),
  form(IPSEC, "set vpn ipsec ike-group {name} key-exchange (?:ikev1|ikev2)"),
  form(IPSEC, "set vpn ipsec (?:ike|esp)-group {name} lifetime {num}"),
  form(IPSEC, "set vpn ipsec ike-group {name} proposal 1 encryption aes(?:128|192|256)"),
  form(IPSEC, "set vpn ipsec (?:ike|esp)-group {name} proposal 1 hash (?:sha1|sha256|sha384)"),
  form(IPSEC, "set vpn ipsec ike-group {name} proposal 1 dh-group (?:2|5|14|19|20|24)"),
  form(IPSEC, "set vpn ipsec ike-group {name} dead-peer-detection action restart"),
  form(IPSEC, "set vpn ipsec ike-group {name} dead-peer-detection (?:interval|timeout) {num}"),
  form(IPSEC, "set vpn ipsec esp-group {name} mode tunnel"),
  form(IPSEC, "set vpn ipsec esp-group {name} pfs (?:disable|dh-group(?:2|5|14|19|20|24))"),
  form(IPSEC, "set vpn ipsec esp-group {name} proposal 1 encryption aes(?:128|192|256)(?:gcm128)?"),
  form(IPSEC, "set vpn ipsec authentication psk {name} id (?:{ipv4}|[a-z0-9.-]+)"),
  form(IPSEC, "set vpn ipsec authentication psk {name} secret '[A-Za-z0-9 ]+'"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} description '[^'\\n]{1,255}'"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} authentication mode pre-shared-secret"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} authentication local-id (?:{ipv4}|[a-z0-9.-]+)"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} authentication remote-id {ipv4}"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} connection-type initiate"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} (?:ike-group|default-esp-group) {name}"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} (?:local|remote)-address {ipv4}"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} force-udp-encapsulation"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} vti bind vti{num}"),
  form(IPSEC, "set vpn ipsec site-to-site peer {name} vti esp-group {name}"),
  form(VTI, "set interfaces vti vti{num} description '[^'\\n]{1,255}'"),
  form(VTI, "set interfaces vti vti{num} address {cidr}"),
  form(VTI, "set interfaces vti vti{num} mtu {num}"),
  form(VTI, "set interfaces vti vti{num} ip adjust-mss {num}"),
  form(STATIC, "set protocols static route {cidr} interface vti{num}"),
  form(STATIC, "set protocols static route {cidr} next-hop {ipv4}"),
  form(BGP, "set policy prefix-list {name} rule {num} action (?:permit|deny)"),
  form(BGP, "set policy prefix-list {name} rule {num} prefix {cidr}"),
  form(BGP, "set policy prefix-list {name} rule {num} le 32"),
  form(BGP, "set policy route-map {name} rule {num} action permit"),
  form(BGP, "set policy route-map {name} rule {num} match ip address prefix-list {name}"),
  form(BGP, "set protocols bgp system-as {num}"),
  form(BGP, "set protocols bgp parameters router-id {ipv4}"),
  form(BGP, "set protocols bgp address-family ipv4-unicast network {cidr}"),
  form(BGP, "set protocols bgp neighbor {ipv4} remote-as {num}"),
  form(BGP, "set protocols bgp neighbor {ipv4} description '[^'\\n]{1,255}'"),
  form(BGP, "set protocols bgp neighbor {ipv4} timers (?:keepalive|holdtime) {num}"),
  form(
    BGP,
    "set protocols bgp neighbor {ipv4} address-family ipv4-unicast route-map (?:export|import) {name}",
  ),
  form(BGP, "set protocols bgp neighbor {ipv4} address-family ipv4-unicast soft-reconfiguration inbound"),
];

const LABEL_LINE =
  /^set (?:vpn ipsec site-to-site peer \S+|interfaces vti vti\d+|protocols bgp neighbor \S+) description '[^'\n]+'$/;

function render(model: ConnectionModel): string {
  const file = renderVendor(model, VENDOR).find((f) => f.name === FILE);
  if (!file) throw new Error(`${FILE} not rendered`);
  return file.content;
}

describe("vyos renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden file for ${variant}`, () => {
      const files = renderVendor(model(), VENDOR);
      expect(files.map((f) => [f.name, f.secret])).toEqual([[FILE, true]]);
      for (const f of files) expectGolden(`${VENDOR}/${variant}/${f.name}`, f.content);
    });
  }

  it("emits only command forms from the VyOS 1.4/1.5 CLI definitions, and every form is used", () => {
    const outputs = Object.values(VARIANTS).map((v) => render(v()));
    for (const out of outputs) expect(undocumentedLines(out, VYOS_FORMS, COMMENT)).toEqual([]);
    expect(unusedForms(outputs, VYOS_FORMS, COMMENT).map((f) => f.source + f.pattern)).toEqual([]);
  });

  it("binds each peer to its own VTI, with the public identity behind 1:1 NAT and the private local-address", () => {
    const out = render(modelFrom("static-ikev1"));
    expect(out).toContain("set vpn ipsec site-to-site peer OCI-T1 vti bind vti1\n");
    expect(out).toContain("set vpn ipsec site-to-site peer OCI-T2 vti bind vti2\n");
    expect(out).toContain("set vpn ipsec site-to-site peer OCI-T1 authentication local-id 198.51.100.10\n");
    expect(out).toContain("set vpn ipsec site-to-site peer OCI-T1 local-address 192.168.1.42\n");
    expect(out).toContain("set vpn ipsec site-to-site peer OCI-T2 remote-address 203.0.113.20\n");
    expect(out).toContain("set vpn ipsec authentication psk OCI-T1 id 198.51.100.10\n");
    expect(out).toContain("set vpn ipsec authentication psk OCI-T1 id 203.0.113.10\n");
    expect(out).toContain(
      "set vpn ipsec authentication psk OCI-T2 secret 'hN8rTz4KcW2mPq7Xv5LbJ9sDf3Ge6YaU'\n",
    );
    expect(out).toContain("set vpn ipsec ike-group OCI-T1 key-exchange ikev1\n");
    expect(out).toContain("set vpn ipsec esp-group OCI-T1 proposal 1 encryption aes256gcm128\n");
    expect(out).toContain("set vpn ipsec esp-group OCI-T1 pfs dh-group5\n");
    expect(out).toContain("set protocols static route 10.0.2.0/24 interface vti1\n");
    expect(out).toContain("set protocols static route 10.0.2.0/24 interface vti2\n");
    expect(out).not.toContain("protocols bgp");
  });

  it("clamps the MSS on each VTI with the calculator's value, never a constant", () => {
    for (const wanMtu of [1500, 1454, 1400]) {
      const model = modelFrom("static-ikev1", (s) => (s.site.wanMtu = wanMtu));
      const out = render(model);
      for (const t of model.tunnels) {
        expect(out).toContain(`set interfaces vti vti${t.index} ip adjust-mss ${t.mss.mssIpv4}\n`);
        expect(out).toContain(`set interfaces vti vti${t.index} mtu ${t.mss.tunnelMtu}\n`);
      }
    }
    expect(render(modelFrom("ikev2-static-custom"))).toContain(
      "set interfaces vti vti1 ip adjust-mss 1358\n",
    );
  });

  it("peers BGP with the API's Oracle ASN and announces only bgpAdvertise through a route-map", () => {
    const out = render(
      modelFrom("bgp-ikev1", (s) => {
        for (const t of s.tunnels) t.bgpSessionInfo.oracleBgpAsn = "6142";
      }),
    );
    expect(out).toContain("set interfaces vti vti1 address 192.168.254.1/30\n");
    expect(out).toContain("set protocols bgp neighbor 192.168.254.2 remote-as 6142\n");
    expect(out).toContain("set protocols bgp neighbor 192.168.254.6 remote-as 6142\n");
    expect(out).toContain("set protocols bgp system-as 65000\n");
    expect(out).not.toContain("31898");
    expect(out.match(/^set policy prefix-list OCI-S0-ANNOUNCE rule \d+ prefix .*$/gm)).toEqual([
      "set policy prefix-list OCI-S0-ANNOUNCE rule 10 prefix 192.168.2.0/24",
      "set policy prefix-list OCI-S0-ANNOUNCE rule 20 prefix 192.168.3.0/24",
    ]);
    expect(out).toContain("set policy prefix-list OCI-S0-NO-DEFAULT rule 5 action deny\n");
    expect(out).toContain(
      "set protocols bgp neighbor 192.168.254.2 address-family ipv4-unicast route-map export OCI-S0-TO-ORACLE\n",
    );
    expect(out).not.toContain("interface vti");
  });

  it("forces UDP encapsulation where OCI does, and quotes a key with spaces", () => {
    const out = render(VARIANTS["static-ikev1-legacy"]?.() ?? modelFrom("static-ikev1"));
    expect(out).toContain("set vpn ipsec site-to-site peer OCI-T1 force-udp-encapsulation\n");
    expect(out).toContain("set vpn ipsec authentication psk OCI-T1 secret 'two words'\n");
    expect(out).toContain("set vpn ipsec site-to-site peer OCI-T1 authentication local-id cpe.example.com\n");
    expect(out).toContain("set vpn ipsec esp-group OCI-T1 pfs disable\n");
  });

  it("numbers VTIs from the CPE slot, whatever interface prefix the Linux vendors use", () => {
    const out = render(
      modelFrom("bgp-ikev1", (s) => {
        s.site.slot = 1;
        s.site.interfacePrefix = "xfrm";
      }),
    );
    expect(out).toContain("set vpn ipsec site-to-site peer OCI-T3 vti bind vti3\n");
    expect(out).toContain("set interfaces vti vti4 address 192.168.254.5/30\n");
    expect(out).toContain("set policy prefix-list OCI-S1-ANNOUNCE rule 10 action permit\n");
    expect(out).not.toContain("xfrm");
  });

  describe("refuses what it cannot express, naming the tunnel and what to use instead", () => {
    it("rejects POLICY routing", () => {
      expect(() => renderVendor(modelFrom("policy-ikev2"), VENDOR)).toThrow(CapabilityError);
      expect(() => renderVendor(modelFrom("policy-ikev2"), VENDOR)).toThrow(
        /tunnel 1 .*POLICY routing is not supported/,
      );
    });

    it("rejects an MSS below VyOS's adjust-mss minimum", () => {
      const model = modelFrom("static-ikev1", (s) => (s.site.wanMtu = 576));
      expect(() => renderVendor(model, VENDOR)).toThrow(/TCP MSS \d+ is outside the VyOS range 536-65535/);
    });

    it("rejects two BGP tunnels with different customer ASNs", () => {
      const model = modelFrom("bgp-ikev1", (s) => (s.tunnels[1].bgpSessionInfo.customerBgpAsn = "65001"));
      expect(() => renderVendor(model, VENDOR)).toThrow(/same customer ASN/);
    });
  });

  it("keeps hostile display names in comments and quoted descriptions only", () => {
    for (const base of ["bgp-ikev1", "static-ikev1"]) {
      expectNamesContained(VENDOR, (edit) => modelFrom(base, edit), {
        [FILE]: { forms: VYOS_FORMS, comment: COMMENT, labelLine: LABEL_LINE },
      });
    }
  });
});
