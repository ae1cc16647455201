import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { type CommandForm, form, undocumentedLines, unusedForms } from "../helpers/command-forms.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, modelFrom, noNat } from "../helpers/variants.ts";

/** IX interface names: GigaEthernet0.0 towards the Internet, GigaEthernet1.0 towards the LAN. */
function ixPorts(s: Json): void {
  s.site.wanInterface = "GigaEthernet0.0";
  s.site.lanInterface = "GigaEthernet1.0";
}

/** Oracle's IX IKEv1 template suite: AES-256 / SHA2-256 / 1536-bit, ESP AES-256 / SHA2-256, PFS 1536-bit. */
function ikev1Suite(s: Json): void {
  for (const t of s.tunnels) {
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 28800,
      customEncryptionAlgorithm: "AES_256_CBC",
      customAuthenticationAlgorithm: "SHA2_256",
      customDhGroup: "GROUP5",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 3600,
      customEncryptionAlgorithm: "AES_256_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA2_256_128",
      isPfsEnabled: true,
      dhGroup: "GROUP5",
    };
  }
}

/** IKEv2 with AES-128-CBC / SHA-1 child SAs, PFS off and NAT-T forced: the other branches of the mapping. */
function cbcForced(s: Json): void {
  for (const t of s.tunnels) {
    t.natTranslationEnabled = "ENABLED";
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 3600,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA1_128",
      isPfsEnabled: false,
    };
  }
}

/** Behind 1:1 NAT, OCI told to expect the CPE's own (private) address as IKE identity. */
function privateIdentity(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifier = s.site.localIp;
}

/** No WAN port given: `ikev2 outgoing-interface` is left to the routing table. */
function noWan(s: Json): void {
  delete s.site.wanInterface;
}

function dh14(s: Json): void {
  for (const t of s.tunnels) t.phaseOneDetails.customDhGroup = "GROUP14";
}

/** Both tunnels with one key: what lets IX send a local ID other than its own address (checks.ts). */
function sharedKey(s: Json): void {
  s.sharedSecrets[s.tunnels[1].id] = s.sharedSecrets[s.tunnels[0].id];
}

function fqdnIdentity(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
  s.ipsecConnection.cpeLocalIdentifier = "ix.branch.example.jp";
}

const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(ixPorts, ikeVersion("V2"), noNat)),
  "static-ikev2-nat-private-id": () =>
    modelFrom("static-ikev1", all(ixPorts, ikeVersion("V2"), privateIdentity)),
  "static-ikev2-cbc-forced-pppoe": () => modelFrom("ikev2-static-custom", all(ixPorts, dh14, cbcForced)),
  "static-ikev2-nat-public-id": () => modelFrom("static-ikev1", all(ixPorts, ikeVersion("V2"), sharedKey)),
  "bgp-ikev2-fqdn-id": () =>
    modelFrom("bgp-ikev1", all(ixPorts, ikeVersion("V2"), noNat, fqdnIdentity, sharedKey)),
  "bgp-ikev2-direct": () => modelFrom("bgp-ikev1", all(ixPorts, ikeVersion("V2"), noNat)),
  "bgp-ikev1-direct": () => modelFrom("bgp-ikev1", all(ixPorts, ikev1Suite, noNat)),
  "bgp-ikev1-nat": () => modelFrom("bgp-ikev1", all(ikev1Suite, noWan)),
};

const COMMENT = /^!/;

/**
 * IX command forms: Oracle's validated IX IKEv1/IKEv2 templates (docs.oracle.com necixCPE), the NEC IX FAQ and
 * command reference names quoted in IX user write-ups (ikev2 profile / binding, child-pfs off, ip route … distance).
 */
const IX_FORMS: CommandForm[] = [
  form("Oracle IX IKEv1: ip access-list", "ip access-list {name} permit ip src any dest any"),
  form(
    "Oracle IX IKEv1: ike proposal (+ lifetime, NEC FAQ)",
    "ike proposal {name} encryption (?:aes|aes-256) hash (?:sha|sha2-256|sha2-384) group (?:1024|1536|2048)-bit lifetime {num}",
  ),
  form("Oracle IX IKEv1: ike policy", "ike policy {name} peer {ipv4} key {psk} {name}"),
  form("NEC FAQ: ike keepalive", "ike keepalive {name} {num} {num}"),
  form("NEC FAQ: ike local-id", String.raw`ike local-id {name} (?:address {ipv4}|fqdn \S+)`),
  form("NEC FAQ: ike nat-traversal policy", "ike nat-traversal policy {name}"),
  form(
    "Oracle IX IKEv1: ipsec autokey-proposal",
    "ipsec autokey-proposal {name} (?:esp-aes|esp-aes-256) (?:esp-sha|esp-sha2-256) lifetime time {num}",
  ),
  form(
    "Oracle IX IKEv1: ipsec autokey-map",
    "ipsec autokey-map {name} {name} peer {ipv4} {name}(?: pfs (?:1024|1536|2048)-bit)?",
  ),
  form("NEC FAQ: ipsec local-id / remote-id", "ipsec (?:local|remote)-id {name} 0.0.0.0/0"),
  form("Oracle IX: interface Tunnel", String.raw`interface Tunnel\d+\.0`),
  form("Oracle IX: tunnel mode", "tunnel mode (?:ipsec|ipsec-ikev2)"),
  form("Oracle IX: ip address", "ip address {cidr}"),
  form("NEC FAQ: ip unnumbered", String.raw`ip unnumbered GigaEthernet\d+\.\d+`),
  form("Oracle IX: ip tcp adjust-mss", "ip tcp adjust-mss {num}"),
  form("Oracle IX IKEv1: ipsec policy tunnel", "ipsec policy tunnel {name} out"),
  form("Oracle IX: no shutdown", "no shutdown"),
  form("Oracle IX IKEv2: ikev2 authentication psk", "ikev2 authentication psk id ipv4 {ipv4} key char {psk}"),
  form(
    "IX IKEv2 (user configs): ikev2 authentication psk id fqdn",
    String.raw`ikev2 authentication psk id fqdn [\w.-]+ key char {psk}`,
  ),
  form(
    "IX ikev2 profile (user configs): local-authentication psk id",
    String.raw`local-authentication psk id (?:ipv4 {ipv4}|fqdn [\w.-]+)`,
  ),
  form("IX ikev2 profile", "ikev2 profile {name}"),
  form("Oracle IX IKEv2: sa-proposal enc", "sa-proposal enc aes-cbc-(?:128|192|256)"),
  form("Oracle IX IKEv2: sa-proposal integrity", "sa-proposal integrity (?:sha1|sha2-256|sha2-384)"),
  form("Oracle IX IKEv2: sa-proposal dh", "sa-proposal dh (?:1024|1536|2048)-bit"),
  form("IX ikev2 profile: sa-lifetime / child-lifetime", "(?:sa|child)-lifetime {num}"),
  form(
    "Oracle IX IKEv2: child-proposal enc (+ aes-gcm-*-16)",
    "child-proposal enc (?:aes-cbc-(?:128|192|256)|aes-gcm-(?:128|256)-16)",
  ),
  form("Oracle IX IKEv2: child-proposal integrity", "child-proposal integrity (?:sha1|sha2-256)"),
  form("Oracle IX IKEv2: child-pfs (+ off)", "child-pfs (?:off|(?:1024|1536|2048)-bit)"),
  form("Oracle IX IKEv2: dpd interval", "dpd interval {num}"),
  form("IX interface: ikev2 binding", "ikev2 binding {name}"),
  form("Oracle IX IKEv2: ikev2 connect-type", "ikev2 connect-type auto"),
  form("Oracle IX IKEv2: ikev2 ipsec pre-fragment", "ikev2 ipsec pre-fragment"),
  form(
    "Oracle IX IKEv2: ikev2 outgoing-interface",
    String.raw`ikev2 outgoing-interface GigaEthernet\d+\.\d+`,
  ),
  form("IX interface: ikev2 nat-traversal", "ikev2 nat-traversal keepalive {num}(?: force)?"),
  form("Oracle IX IKEv2: ikev2 peer", "ikev2 peer {ipv4} authentication psk id ipv4 {ipv4}"),
  form("IX: ip route … distance", String.raw`ip route {cidr} Tunnel\d+\.0 distance {num}`),
  form(
    "IX: ip prefix-list (Cisco-style; not verified against the IX reference)",
    "ip prefix-list {name} seq {num} permit {cidr}",
  ),
  form("Oracle IX BGP: route-map", "route-map {name} permit 10"),
  form(
    "IX route-map: match prefix-list (not verified against the IX reference)",
    "match ip address prefix-list {name}",
  ),
  form("Oracle IX BGP: set metric / local-preference", "set (?:metric|local-preference) {num}"),
  form(
    "IX route-map: set as-path prepend (Cisco-style route-map form; not verified against the IX reference)",
    "set as-path prepend {num} {num}",
  ),
  form("Oracle IX BGP: router bgp", "router bgp {num}"),
  form("Oracle IX BGP: neighbor remote-as", "neighbor {ipv4} remote-as {num}"),
  form("Oracle IX BGP: neighbor timers", "neighbor {ipv4} timers 10 30"),
  form("Oracle IX BGP: address-family", "address-family ipv4 unicast"),
  form("Oracle IX BGP: neighbor route-map", "neighbor {ipv4} route-map {name} (?:in|out)"),
  form("Oracle IX BGP: network", "network {cidr}"),
];

function render(model: ConnectionModel): string {
  const [file] = renderVendor(model, "nec-ix");
  if (!file) throw new Error("no file");
  return file.content;
}

describe("nec-ix renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden file for ${variant}`, () => {
      const files = renderVendor(model(), "nec-ix");
      expect(files.map((f) => [f.name, f.secret])).toEqual([["oci-vpn-ix.txt", true]]);
      for (const f of files) expectGolden(`nec-ix/${variant}/${f.name}`, f.content);
    });
  }

  it("emits only documented IX command forms, and every form is used by some variant", () => {
    const outputs = Object.values(VARIANTS).map((m) => render(m()));
    for (const out of outputs) expect(undocumentedLines(out, IX_FORMS, COMMENT)).toEqual([]);
    expect(unusedForms(outputs, IX_FORMS, COMMENT).map((f) => f.source)).toEqual([]);
  });

  it("renders Oracle's IKEv2 template per tunnel: key, profile with Oracle's defaults, Tunnel interface", () => {
    const model = modelFrom("static-ikev1", all(ixPorts, ikeVersion("V2"), noNat));
    const out = render(model);
    expect(out).toMatch(
      /^ikev2 authentication psk id ipv4 203\.0\.113\.10 key char Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up$/m,
    );
    expect(out).toMatch(
      /^ikev2 profile oci-ikev2-1\n {2}sa-proposal enc aes-cbc-256\n {2}sa-proposal integrity sha2-384\n {2}sa-proposal dh 1536-bit\n/m,
    );
    expect(out).toMatch(/^ {2}child-proposal enc aes-gcm-256-16\n {2}child-pfs 1536-bit$/m);
    expect(out).not.toMatch(/child-proposal integrity/);
    expect(out).toMatch(
      /^interface Tunnel2\.0\n {2}tunnel mode ipsec-ikev2\n {2}ip unnumbered GigaEthernet1\.0\n/m,
    );
    expect(out).toMatch(/^ {2}ikev2 binding oci-ikev2-2$/m);
    expect(out).toMatch(/^ {2}ikev2 peer 203\.0\.113\.20 authentication psk id ipv4 203\.0\.113\.20$/m);
    expect(out).toMatch(/^ {2}ikev2 outgoing-interface GigaEthernet0\.0$/m);
    expect(out).toMatch(new RegExp(`^ {2}ip tcp adjust-mss ${model.tunnels[0].mss.mssIpv4}$`, "m"));
    expect(out).toMatch(/^ip route 10\.0\.2\.0\/24 Tunnel1\.0 distance 10$/m);
    expect(out).toMatch(/^ip route 10\.0\.2\.0\/24 Tunnel2\.0 distance 20$/m);
  });

  it("sends the identity Oracle expects with IKEv2 (local-authentication), signed with the shared tunnel key", () => {
    const model = modelFrom("static-ikev1", all(ixPorts, ikeVersion("V2"), sharedKey));
    const out = render(model);
    const key = model.tunnels[0].psk;
    expect(out).toMatch(
      new RegExp(`^ikev2 authentication psk id ipv4 198\\.51\\.100\\.10 key char ${key}$`, "m"),
    );
    for (const n of [1, 2]) {
      expect(out).toMatch(
        new RegExp(
          `^ikev2 profile oci-ikev2-${n}\n(?: {2}.*\n)*? {2}local-authentication psk id ipv4 198\\.51\\.100\\.10$`,
          "m",
        ),
      );
    }
    const fqdn = render(
      modelFrom("bgp-ikev1", all(ixPorts, ikeVersion("V2"), noNat, fqdnIdentity, sharedKey)),
    );
    expect(fqdn).toMatch(/^ {2}local-authentication psk id fqdn ix\.branch\.example\.jp$/m);
    expect(fqdn).toMatch(/^ikev2 authentication psk id fqdn ix\.branch\.example\.jp key char /m);
    const own = render(modelFrom("static-ikev1", all(ixPorts, ikeVersion("V2"), noNat)));
    expect(own).not.toMatch(/local-authentication/);
  });

  it("renders Oracle's IKEv1 template with the NAT identity and BGP over the inside addresses", () => {
    const out = render(
      modelFrom(
        "bgp-ikev1",
        all(ikev1Suite, noWan, (s) => {
          for (const t of s.tunnels) t.bgpSessionInfo.oracleBgpAsn = "20054";
        }),
      ),
    );
    expect(out).toMatch(
      /^ike proposal oci-ike-prop1 encryption aes-256 hash sha2-256 group 1536-bit lifetime 28800$/m,
    );
    expect(out).toMatch(
      /^ike policy oci-ike-pol2 peer 203\.0\.113\.40 key Rt7Yb2Nq5WcL9xKm4PdV8sJf3He6GaZu oci-ike-prop2$/m,
    );
    expect(out).toMatch(/^ike local-id oci-ike-pol1 address 198\.51\.100\.10$/m);
    expect(out).toMatch(/^ipsec autokey-map oci-map1 oci-sec0 peer 203\.0\.113\.30 oci-esp1 pfs 1536-bit$/m);
    expect(out).toMatch(
      /^interface Tunnel1\.0\n {2}tunnel mode ipsec\n {2}ip address 192\.168\.254\.1\/30\n/m,
    );
    expect(out).toMatch(/^ {2}neighbor 192\.168\.254\.2 remote-as 20054$/m);
    expect(out).toMatch(/^ {2}neighbor 192\.168\.254\.6 remote-as 20054$/m);
    expect(out).not.toContain("31898");
    expect(out.match(/^ip prefix-list oci-s0-announce .*/gm)).toEqual([
      "ip prefix-list oci-s0-announce seq 10 permit 192.168.2.0/24",
      "ip prefix-list oci-s0-announce seq 20 permit 192.168.3.0/24",
    ]);
    expect(out).not.toMatch(/^\s*network 0\.0\.0\.0/m);
    expect(out).not.toMatch(/^ip route /m);
  });

  it("numbers Tunnel interfaces and object names from the CPE slot", () => {
    const out = render(
      modelFrom(
        "static-ikev1",
        all(ixPorts, ikeVersion("V2"), noNat, (s) => void Object.assign(s.site, { slot: 4 })),
      ),
    );
    expect(out).toMatch(/^interface Tunnel9\.0$/m);
    expect(out).toMatch(/^interface Tunnel10\.0$/m);
    expect(out).toMatch(/^ikev2 profile oci-ikev2-10$/m);
    expect(out).not.toMatch(/Tunnel[12]\.0/);
  });

  describe("refuses what it cannot render, naming the tunnel and what to set instead", () => {
    const cases: [string, () => ConnectionModel, RegExp][] = [
      [
        "IKEv1 static routing",
        () => modelFrom("static-ikev1", all(ixPorts, ikev1Suite, noNat)),
        /tunnel 1 .*static routing over IKEv1.*IKEv2/,
      ],
      [
        "IKEv1 with AES-GCM",
        () => modelFrom("bgp-ikev1", all(ixPorts, noNat)),
        /tunnel 1 .*IKEv1 on IX.*AES_256_CBC/,
      ],
      [
        "IKEv2 behind 1:1 NAT with the public address as identity and two different keys",
        () => modelFrom("static-ikev1", all(ixPorts, ikeVersion("V2"))),
        /tunnel 1 .*local-authentication psk id ipv4 198\.51\.100\.10.*one key registered for that ID.*same shared secret.*CPE IKE identifier in OCI to .*192\.168\.1\.42/,
      ],
      [
        "an elliptic-curve DH group",
        () => modelFrom("ikev2-static-custom", ixPorts),
        /tunnel 1 .*phase 1 DH group 20 is not supported.*GROUP14/,
      ],
      ["POLICY routing", () => modelFrom("policy-ikev2", ixPorts), /POLICY routing is not supported/],
      [
        "a key with spaces",
        () =>
          modelFrom(
            "static-ikev1",
            all(
              ixPorts,
              ikeVersion("V2"),
              noNat,
              (s) => void Object.assign(s.sharedSecrets, { [s.tunnels[1].id]: "two words" }),
            ),
          ),
        /tunnel 2 .*contains a space/,
      ],
      [
        "static tunnels without a LAN interface to borrow",
        () =>
          modelFrom(
            "static-ikev1",
            all(ixPorts, ikeVersion("V2"), noNat, (s) => {
              delete s.site.lanInterface;
            }),
          ),
        /site\.lanInterface/,
      ],
    ];
    for (const [what, model, message] of cases) {
      it(what, () => {
        expect(() => renderVendor(model(), "nec-ix")).toThrow(CapabilityError);
        expect(() => renderVendor(model(), "nec-ix")).toThrow(message);
      });
    }
  });

  it("keeps hostile display names inside comments", () => {
    const hostile = "x\n! y\ninterface Null0.0\n ip address 6.6.6.6/32 }}{{psk}}; $(reboot) # !";
    const named = (s: Json) => {
      s.ipsecConnection.displayName = hostile;
      s.cpe.displayName = hostile;
      for (const t of s.tunnels) t.displayName = hostile;
    };
    for (const make of [VARIANTS["static-ikev2-direct"], VARIANTS["bgp-ikev1-direct"]]) {
      if (!make) throw new Error("variant missing");
      const clean = render(make());
      const base = make();
      const out = render(
        modelFrom(
          base.tunnels[0].routing === "BGP" ? "bgp-ikev1" : "static-ikev1",
          base.tunnels[0].routing === "BGP"
            ? all(ixPorts, ikev1Suite, noNat, named)
            : all(ixPorts, ikeVersion("V2"), noNat, named),
        ),
      );
      expect(out.split("\n")).toHaveLength(clean.split("\n").length);
      expect(out).not.toMatch(/^\s*(interface Null0|ip address 6\.6\.6\.6)/m);
      expect(out).not.toMatch(/\$\(reboot|\{\{psk/);
      expect(undocumentedLines(out, IX_FORMS, COMMENT)).toEqual([]);
    }
  });
});
