import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { type CommandForm, form, undocumentedLines, unusedForms } from "../helpers/command-forms.ts";
import { expectGolden } from "../helpers/golden.ts";
import { expectNamesContained } from "../helpers/hostile-names.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, nativeInterfaces, noNat, modelFrom as sampleModel } from "../helpers/variants.ts";

const VENDOR = "juniper-srx";

/** A sample with this router's interface spellings, then `edit`. */
function modelFrom(base: string, edit: (s: Json) => void = () => {}) {
  return sampleModel(base, all(nativeInterfaces(VENDOR), edit));
}
const FILE = "oci-vpn-srx.set";

/** The legacy end: HOSTNAME identity, NAT-T disabled in OCI, AES-128-CBC/SHA-1 ESP without PFS, group 24 IKE. */
function legacySuite(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
  s.ipsecConnection.cpeLocalIdentifier = "cpe.example.com";
  for (const t of s.tunnels) {
    t.natTranslationEnabled = "DISABLED";
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
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA1_128",
      isPfsEnabled: false,
    };
  }
}

/** The same custom suite with a SHA-256 IKE hash, for the remaining spellings. */
function sha256Suite(s: Json): void {
  for (const t of s.tunnels) {
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 28800,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "SHA2_256",
      customDhGroup: "GROUP19",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 3600,
      customEncryptionAlgorithm: "AES_128_GCM",
      isPfsEnabled: true,
      dhGroup: "GROUP19",
    };
  }
}

const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev1-nat": () => modelFrom("static-ikev1"),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(ikeVersion("V2"), noNat)),
  "static-ikev2-custom-pppoe": () => modelFrom("ikev2-static-custom"),
  "bgp-ikev1-nat": () => modelFrom("bgp-ikev1"),
  "bgp-ikev2-direct-sha256": () => modelFrom("bgp-ikev1", all(ikeVersion("V2"), noNat, sha256Suite)),
  "policy-ikev2": () => modelFrom("policy-ikev2"),
  "policy-ikev1-legacy": () => modelFrom("policy-ikev2", all(ikeVersion("V1"), legacySuite)),
};

const COMMENT = /^#/;
const IKE = "Junos CLI reference: [edit security ike] (proposal, policy, gateway)";
const IPSEC = "Junos CLI reference: [edit security ipsec] (proposal, policy, vpn, traffic-selector)";
const IFACE = "Junos CLI reference: [edit interfaces st0 unit] / Oracle CPE guide: Juniper SRX";
const ZONES = "Junos CLI reference: [edit security zones] and [edit security policies]";
const FLOW = "Junos CLI reference: [edit security flow tcp-mss ipsec-vpn mss] (64-65535)";
const ROUTING =
  "Junos CLI reference: [edit routing-options static], [edit policy-options], [edit protocols bgp]";

const SRX_FORMS: CommandForm[] = [
  form(IKE, "set security ike proposal {name} authentication-method pre-shared-keys"),
  form(IKE, "set security ike proposal {name} dh-group group(?:2|5|14|19|20|24)"),
  form(IKE, "set security ike proposal {name} authentication-algorithm (?:sha1|sha-256|sha-384)"),
  form(IKE, "set security ike proposal {name} encryption-algorithm aes-(?:128|192|256)-cbc"),
  form(IKE, "set security ike proposal {name} lifetime-seconds {num}"),
  form(IKE, "set security ike policy {name} mode main"),
  form(IKE, "set security ike policy {name} proposals {name}"),
  form(IKE, 'set security ike policy {name} pre-shared-key ascii-text "[A-Za-z0-9 ]+"'),
  form(IKE, "set security ike gateway {name} ike-policy {name}"),
  form(IKE, "set security ike gateway {name} address {ipv4}"),
  form(IKE, "set security ike gateway {name} external-interface [a-z][a-z0-9/.-]*"),
  form(IKE, "set security ike gateway {name} local-address {ipv4}"),
  form(IKE, "set security ike gateway {name} local-identity (?:inet {ipv4}|hostname [a-z0-9.-]+)"),
  form(IKE, "set security ike gateway {name} remote-identity inet {ipv4}"),
  form(IKE, "set security ike gateway {name} version (?:v1-only|v2-only)"),
  form(IKE, "set security ike gateway {name} dead-peer-detection probe-idle-tunnel"),
  form(IKE, "set security ike gateway {name} dead-peer-detection interval {num}"),
  form(IKE, "set security ike gateway {name} dead-peer-detection threshold [1-5]"),
  form(IKE, "set security ike gateway {name} no-nat-traversal"),
  form(IPSEC, "set security ipsec proposal {name} protocol esp"),
  form(IPSEC, "set security ipsec proposal {name} encryption-algorithm aes-(?:128|192|256)-(?:cbc|gcm)"),
  form(
    IPSEC,
    "set security ipsec proposal {name} authentication-algorithm (?:hmac-sha1-96|hmac-sha-256-128)",
  ),
  form(IPSEC, "set security ipsec proposal {name} lifetime-seconds {num}"),
  form(IPSEC, "set security ipsec policy {name} perfect-forward-secrecy keys group(?:2|5|14|19|20|24)"),
  form(IPSEC, "set security ipsec policy {name} proposals {name}"),
  form(IPSEC, "set security ipsec vpn {name} bind-interface st0\\.{num}"),
  form(IPSEC, "set security ipsec vpn {name} ike gateway {name}"),
  form(IPSEC, "set security ipsec vpn {name} ike ipsec-policy {name}"),
  form(IPSEC, "set security ipsec vpn {name} establish-tunnels immediately"),
  form(IPSEC, "set security ipsec vpn {name} traffic-selector {name} (?:local-ip|remote-ip) {cidr}"),
  form(IFACE, 'set interfaces st0 unit {num} description "[ -!#-~]+"'),
  form(IFACE, "set interfaces st0 unit {num} family inet address {cidr}"),
  form(IFACE, "set interfaces st0 unit {num} family inet mtu {num}"),
  form(ZONES, "set security zones security-zone {name} interfaces st0\\.{num}"),
  form(
    ZONES,
    "set security zones security-zone {name} interfaces st0\\.{num} host-inbound-traffic protocols bgp",
  ),
  form(
    ZONES,
    "set security zones security-zone {name} interfaces [a-z][a-z0-9/.-]* host-inbound-traffic system-services ike",
  ),
  form(FLOW, "set security flow tcp-mss ipsec-vpn mss {num}"),
  form(
    ZONES,
    "set security policies from-zone {name} to-zone {name} policy {name} match (?:source|destination)-address any",
  ),
  form(ZONES, "set security policies from-zone {name} to-zone {name} policy {name} match application any"),
  form(ZONES, "set security policies from-zone {name} to-zone {name} policy {name} then permit"),
  form(ROUTING, "set routing-options static route {cidr} next-hop (?:st0\\.{num}|{ipv4})"),
  form(ROUTING, "set policy-options prefix-list {name} {cidr}"),
  form(ROUTING, "set policy-options policy-statement {name} term {name} from prefix-list {name}"),
  form(
    ROUTING,
    "set policy-options policy-statement {name} term {name} from route-filter 0\\.0\\.0\\.0/0 exact",
  ),
  form(ROUTING, "set policy-options policy-statement {name} term {name} then (?:accept|reject)"),
  form(ROUTING, "set routing-options autonomous-system {num}"),
  form(ROUTING, "set protocols bgp group {name} type external"),
  form(ROUTING, "set protocols bgp group {name} local-as {num}"),
  form(ROUTING, "set protocols bgp group {name} (?:import|export) {name}"),
  form(ROUTING, "set protocols bgp group {name} neighbor {ipv4} peer-as {num}"),
  form(ROUTING, 'set protocols bgp group {name} neighbor {ipv4} description "[ -!#-~]+"'),
];

const LABEL_LINE =
  /^set (?:interfaces st0 unit \d+|protocols bgp group \S+ neighbor \S+) description "[ -!#-~]+"$/;

function render(model: ConnectionModel): string {
  const file = renderVendor(model, VENDOR).find((f) => f.name === FILE);
  if (!file) throw new Error(`${FILE} not rendered`);
  return file.content;
}

describe("juniper-srx renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden file for ${variant}`, () => {
      const files = renderVendor(model(), VENDOR);
      expect(files.map((f) => f.name)).toEqual([FILE]);
      expect(files[0]?.secret).toBe(true);
      for (const f of files) expectGolden(`${VENDOR}/${variant}/${f.name}`, f.content);
    });
  }

  it("emits only documented Junos command forms, and every form is used by some variant", () => {
    const outputs = Object.values(VARIANTS).map((v) => render(v()));
    for (const out of outputs) expect(undocumentedLines(out, SRX_FORMS, COMMENT)).toEqual([]);
    expect(unusedForms(outputs, SRX_FORMS, COMMENT).map((f) => f.source + f.pattern)).toEqual([]);
  });

  it("binds each tunnel's VPN to its own st0 unit in the vpn zone, with the public identity behind 1:1 NAT", () => {
    const out = render(modelFrom("static-ikev1"));
    expect(out).toContain("set security ipsec vpn oci-t1 bind-interface st0.1\n");
    expect(out).toContain("set security ipsec vpn oci-t2 bind-interface st0.2\n");
    expect(out).toContain("set security ike gateway oci-t1 local-identity inet 198.51.100.10\n");
    expect(out).toContain("set security ike gateway oci-t1 local-address 192.168.1.42\n");
    expect(out).toContain("set security ike gateway oci-t2 version v1-only\n");
    expect(out).toContain("set security ike policy oci-t1 mode main\n");
    expect(out).toContain("set security ipsec proposal oci-t1 encryption-algorithm aes-256-gcm\n");
    expect(out).not.toMatch(/ipsec proposal oci-t1 authentication-algorithm/);
    expect(out).toContain("set security ipsec policy oci-t1 perfect-forward-secrecy keys group5\n");
    expect(out).toContain(
      'set security ike policy oci-t2 pre-shared-key ascii-text "hN8rTz4KcW2mPq7Xv5LbJ9sDf3Ge6YaU"\n',
    );
    expect(out).toContain("set security zones security-zone oci-vpn interfaces st0.2\n");
    expect(out).toContain("set routing-options static route 10.0.2.0/24 next-hop st0.1\n");
    expect(out).toContain("set routing-options static route 10.0.2.0/24 next-hop st0.2\n");
    expect(out).not.toContain("host-inbound-traffic protocols bgp");
  });

  it("sets the global IPsec TCP MSS to the smaller tunnel's calculated value and each st0 MTU per tunnel", () => {
    for (const wanMtu of [1500, 1454, 1400]) {
      const model = modelFrom("static-ikev1", (s) => {
        s.site.wanMtu = wanMtu;
        s.tunnels[1].natTranslationEnabled = "DISABLED";
      });
      const out = render(model);
      expect(out).toContain(`set security flow tcp-mss ipsec-vpn mss ${model.mss.mssIpv4}\n`);
      for (const t of model.tunnels) {
        expect(out).toContain(`set interfaces st0 unit ${t.index} family inet mtu ${t.mss.tunnelMtu}\n`);
      }
    }
    expect(render(modelFrom("ikev2-static-custom"))).toContain(
      "set security flow tcp-mss ipsec-vpn mss 1358\n",
    );
  });

  it("peers BGP with the API's Oracle ASN, allows BGP into the vpn zone and announces only bgpAdvertise", () => {
    const out = render(
      modelFrom("bgp-ikev1", (s) => {
        for (const t of s.tunnels) t.bgpSessionInfo.oracleBgpAsn = "14544";
      }),
    );
    expect(out).toContain("set interfaces st0 unit 1 family inet address 192.168.254.1/30\n");
    expect(out).toContain(
      "set security zones security-zone oci-vpn interfaces st0.1 host-inbound-traffic protocols bgp\n",
    );
    expect(out).toContain("set protocols bgp group oci-s0 neighbor 192.168.254.2 peer-as 14544\n");
    expect(out).toContain("set protocols bgp group oci-s0 neighbor 192.168.254.6 peer-as 14544\n");
    expect(out).toContain("set protocols bgp group oci-s0 local-as 65000\n");
    expect(out).not.toContain("31898");
    expect(out.match(/^set policy-options prefix-list oci-s0-announce /gm)).toEqual([
      "set policy-options prefix-list oci-s0-announce ",
      "set policy-options prefix-list oci-s0-announce ",
    ]);
    expect(out).toContain("set policy-options prefix-list oci-s0-announce 192.168.3.0/24\n");
    expect(out).toContain(
      "set policy-options policy-statement oci-s0-to-oracle term reject-rest then reject\n",
    );
    expect(out).toContain(
      "set policy-options policy-statement oci-s0-from-oracle term no-default from route-filter 0.0.0.0/0 exact\n",
    );
    expect(out).not.toMatch(/next-hop st0/);
  });

  it("sets the router's own autonomous-system to the customer ASN, without which a BGP commit fails", () => {
    const out = render(
      modelFrom("bgp-ikev1", (s) => {
        for (const t of s.tunnels) t.bgpSessionInfo.customerBgpAsn = "64512";
      }),
    );
    expect(out).toContain("set routing-options autonomous-system 64512\n");
    expect(render(modelFrom("static-ikev1"))).not.toContain("autonomous-system");
  });

  it("turns POLICY tunnels into traffic selectors on route-based st0 units", () => {
    const out = render(modelFrom("policy-ikev2"));
    expect(out).toContain("set security ipsec vpn oci-t1 traffic-selector ts1 local-ip 192.168.2.0/24\n");
    expect(out).toContain("set security ipsec vpn oci-t1 traffic-selector ts2 remote-ip 10.0.3.0/24\n");
    expect(out).toContain("set routing-options static route 10.0.3.0/24 next-hop st0.2\n");
  });

  it("disables NAT-T where OCI does and identifies by host name", () => {
    const out = render(VARIANTS["policy-ikev1-legacy"]?.() ?? modelFrom("policy-ikev2"));
    expect(out).toContain("set security ike gateway oci-t1 no-nat-traversal\n");
    expect(out).toContain("set security ike gateway oci-t1 local-identity hostname cpe.example.com\n");
    expect(out).not.toContain("perfect-forward-secrecy");
  });

  it("numbers st0 units and BGP objects from the CPE slot", () => {
    const out = render(modelFrom("bgp-ikev1", (s) => (s.site.slot = 2)));
    expect(out).toContain("set security ipsec vpn oci-t5 bind-interface st0.5\n");
    expect(out).toContain("set security ipsec vpn oci-t6 bind-interface st0.6\n");
    expect(out).toContain("set protocols bgp group oci-s2 type external\n");
    expect(out).not.toMatch(/st0\.[12]\b/);
  });

  describe("refuses what it cannot express, naming the tunnel", () => {
    it("rejects a phase 1 lifetime below Junos' 180 s minimum", () => {
      const model = modelFrom("static-ikev1", (s) => (s.tunnels[0].phaseOneDetails.lifetime = 120));
      expect(() => renderVendor(model, VENDOR)).toThrow(CapabilityError);
      expect(() => renderVendor(model, VENDOR)).toThrow(
        /tunnel 1 .*phase 1 lifetime 120 s is outside the Junos range 180-86400 s/,
      );
    });

    it("rejects two BGP tunnels with different customer ASNs", () => {
      const model = modelFrom("bgp-ikev1", (s) => (s.tunnels[1].bgpSessionInfo.customerBgpAsn = "65001"));
      expect(() => renderVendor(model, VENDOR)).toThrow(/same customer ASN/);
    });
  });

  it("keeps hostile display names in comments and quoted descriptions only", () => {
    for (const base of ["bgp-ikev1", "policy-ikev2"]) {
      expectNamesContained(VENDOR, (edit) => modelFrom(base, edit), {
        [FILE]: { forms: SRX_FORMS, comment: COMMENT, labelLine: LABEL_LINE },
      });
    }
  });
});
