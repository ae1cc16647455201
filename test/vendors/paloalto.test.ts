import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { type CommandForm, form, undocumentedLines, unusedForms } from "../helpers/command-forms.ts";
import { expectGolden } from "../helpers/golden.ts";
import { expectNamesContained } from "../helpers/hostile-names.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, nativeInterfaces, noNat, modelFrom as sampleModel } from "../helpers/variants.ts";

const VENDOR = "paloalto";

/** A sample with this router's interface spellings, then `edit`. */
function modelFrom(base: string, edit: (s: Json) => void = () => {}) {
  return sampleModel(base, all(nativeInterfaces(VENDOR), edit));
}
const SET = "oci-vpn-panos.set";
const NOTES = "oci-vpn-panos-notes.txt";

/** HOSTNAME identity, NAT-T off, AES-128-CBC/SHA-1 without PFS, and lifetimes in each PAN-OS unit. */
function legacySuite(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
  s.ipsecConnection.cpeLocalIdentifier = "cpe.example.com";
  for (const [i, t] of s.tunnels.entries()) {
    t.natTranslationEnabled = "DISABLED";
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 86400,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "SHA1_96",
      customDhGroup: "GROUP14",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: i === 0 ? 1800 : 1000,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA1_128",
      isPfsEnabled: false,
    };
  }
}

const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev1-nat": () => modelFrom("static-ikev1"),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(ikeVersion("V2"), noNat)),
  "static-ikev2-custom-pppoe": () => modelFrom("ikev2-static-custom"),
  "bgp-ikev1-nat": () => modelFrom("bgp-ikev1"),
  "bgp-ikev2-direct": () => modelFrom("bgp-ikev1", all(ikeVersion("V2"), noNat)),
  "policy-ikev2": () => modelFrom("policy-ikev2"),
  "policy-ikev1-legacy": () => modelFrom("policy-ikev2", all(ikeVersion("V1"), legacySuite)),
};

/** The set file has no comment lines at all: every line must be a command. */
const NO_COMMENTS = /(?!)/;
const CRYPTO = "PAN-OS XML/CLI: network ike crypto-profiles (ike-crypto-profiles, ipsec-crypto-profiles)";
const GATEWAY = "PAN-OS XML/CLI: network ike gateway (protocol, protocol-common, local-id, peer-id)";
const TUNNEL = "PAN-OS XML/CLI: network tunnel ipsec (auto-key, proxy-id) and network interface tunnel units";
const VR = "PAN-OS XML/CLI: network virtual-router (routing-table, protocol bgp, redist-profile)";
const POLICY = "PAN-OS XML/CLI: zone and rulebase security rules";

const PANOS_FORMS: CommandForm[] = [
  form(
    CRYPTO,
    "set network ike crypto-profiles ike-crypto-profiles {name} encryption aes-(?:128|192|256)-cbc",
  ),
  form(CRYPTO, "set network ike crypto-profiles ike-crypto-profiles {name} hash (?:sha1|sha256|sha384)"),
  form(CRYPTO, "set network ike crypto-profiles ike-crypto-profiles {name} dh-group group(?:2|5|14|19|20)"),
  form(CRYPTO, "set network ike crypto-profiles (?:ike|ipsec)-crypto-profiles {name} lifetime hours {num}"),
  form(
    CRYPTO,
    "set network ike crypto-profiles ipsec-crypto-profiles {name} lifetime (?:minutes|seconds) {num}",
  ),
  form(
    CRYPTO,
    "set network ike crypto-profiles ipsec-crypto-profiles {name} esp encryption (?:aes-(?:128|256)-gcm|aes-(?:128|192|256)-cbc)",
  ),
  form(
    CRYPTO,
    "set network ike crypto-profiles ipsec-crypto-profiles {name} esp authentication (?:none|sha1|sha256)",
  ),
  form(
    CRYPTO,
    "set network ike crypto-profiles ipsec-crypto-profiles {name} dh-group (?:no-pfs|group(?:2|5|14|19|20))",
  ),
  form(GATEWAY, "set network ike gateway {name} protocol version (?:ikev1|ikev2)"),
  form(GATEWAY, "set network ike gateway {name} protocol ikev1 exchange-mode main"),
  form(GATEWAY, "set network ike gateway {name} protocol (?:ikev1|ikev2) ike-crypto-profile {name}"),
  form(GATEWAY, "set network ike gateway {name} protocol (?:ikev1|ikev2) dpd enable yes"),
  form(GATEWAY, "set network ike gateway {name} protocol (?:ikev1|ikev2) dpd interval {num}"),
  form(GATEWAY, "set network ike gateway {name} protocol ikev1 dpd retry {num}"),
  form(GATEWAY, "set network ike gateway {name} protocol-common nat-traversal enable (?:yes|no)"),
  form(GATEWAY, "set network ike gateway {name} local-address interface [a-z][a-z0-9/.-]*"),
  form(GATEWAY, "set network ike gateway {name} peer-address ip {ipv4}"),
  form(GATEWAY, 'set network ike gateway {name} authentication pre-shared-key key "[A-Za-z0-9 ]+"'),
  form(GATEWAY, "set network ike gateway {name} (?:local|peer)-id type (?:ipaddr|fqdn)"),
  form(GATEWAY, "set network ike gateway {name} (?:local|peer)-id id (?:{ipv4}|[a-z0-9.-]+)"),
  form(TUNNEL, 'set network interface tunnel units tunnel\\.{num} comment "[ -!#-~]+"'),
  form(TUNNEL, "set network interface tunnel units tunnel\\.{num} ip {cidr}"),
  form(TUNNEL, "set network interface tunnel units tunnel\\.{num} mtu {num}"),
  form(TUNNEL, "set network tunnel ipsec {name} tunnel-interface tunnel\\.{num}"),
  form(TUNNEL, "set network tunnel ipsec {name} auto-key (?:ike-gateway|ipsec-crypto-profile) {name}"),
  form(TUNNEL, "set network tunnel ipsec {name} auto-key proxy-id {name} (?:local|remote) {cidr}"),
  form(TUNNEL, "set network tunnel ipsec {name} auto-key proxy-id {name} protocol any"),
  form(TUNNEL, "set network tunnel ipsec {name} anti-replay yes"),
  form(VR, "set network virtual-router {name} interface tunnel\\.{num}"),
  form(POLICY, "set zone {name} network layer3 tunnel\\.{num}"),
  form(VR, "set network virtual-router {name} routing-table ip static-route {name} destination {cidr}"),
  form(VR, "set network virtual-router {name} routing-table ip static-route {name} interface tunnel\\.{num}"),
  form(VR, "set network virtual-router {name} routing-table ip static-route {name} metric {num}"),
  form(POLICY, "set rulebase security rules {name} (?:from|to) {name}"),
  form(POLICY, "set rulebase security rules {name} (?:source|destination|application|service) any"),
  form(POLICY, "set rulebase security rules {name} action allow"),
  form(VR, "set network virtual-router {name} protocol redist-profile {name} priority {num}"),
  form(VR, "set network virtual-router {name} protocol redist-profile {name} filter type (?:connect|static)"),
  form(VR, "set network virtual-router {name} protocol redist-profile {name} filter destination {cidr}"),
  form(VR, "set network virtual-router {name} protocol redist-profile {name} action redist"),
  form(VR, "set network virtual-router {name} protocol bgp enable yes"),
  form(VR, "set network virtual-router {name} protocol bgp router-id {ipv4}"),
  form(VR, "set network virtual-router {name} protocol bgp local-as {num}"),
  form(VR, "set network virtual-router {name} protocol bgp (?:install-route|reject-default-route) yes"),
  form(VR, "set network virtual-router {name} protocol bgp allow-redist-default-route no"),
  form(VR, "set network virtual-router {name} protocol bgp peer-group {name} type ebgp"),
  form(VR, "set network virtual-router {name} protocol bgp peer-group {name} peer {name} enable yes"),
  form(VR, "set network virtual-router {name} protocol bgp peer-group {name} peer {name} peer-as {num}"),
  form(
    VR,
    "set network virtual-router {name} protocol bgp peer-group {name} peer {name} local-address interface tunnel\\.{num}",
  ),
  form(
    VR,
    "set network virtual-router {name} protocol bgp peer-group {name} peer {name} local-address ip {cidr}",
  ),
  form(
    VR,
    "set network virtual-router {name} protocol bgp peer-group {name} peer {name} peer-address ip {ipv4}",
  ),
  form(VR, "set network virtual-router {name} protocol bgp redist-rules {name} enable yes"),
  form(
    VR,
    "set network virtual-router {name} protocol bgp redist-rules {name} address-family-identifier ipv4",
  ),
  form(VR, "set network virtual-router {name} protocol bgp redist-rules {name} set-origin igp"),
  form(VR, "set network virtual-router {name} protocol bgp policy export rules {name} enable yes"),
  form(VR, "set network virtual-router {name} protocol bgp policy export rules {name} used-by {name}"),
  form(
    VR,
    "set network virtual-router {name} protocol bgp policy export rules {name} match address-prefix {cidr} exact yes",
  ),
  form(VR, "set network virtual-router {name} protocol bgp policy export rules {name} action (?:allow|deny)"),
];

function render(model: ConnectionModel, name = SET): string {
  const file = renderVendor(model, VENDOR).find((f) => f.name === name);
  if (!file) throw new Error(`${name} not rendered`);
  return file.content;
}

describe("paloalto renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden files for ${variant}`, () => {
      const files = renderVendor(model(), VENDOR);
      expect(files.map((f) => [f.name, f.secret])).toEqual([
        [SET, true],
        [NOTES, false],
      ]);
      for (const f of files) expectGolden(`${VENDOR}/${variant}/${f.name}`, f.content);
    });
  }

  it("emits only documented PAN-OS command forms, no comment lines, and every form is used", () => {
    const outputs = Object.values(VARIANTS).map((v) => render(v()));
    for (const out of outputs) {
      expect(undocumentedLines(out, PANOS_FORMS, NO_COMMENTS)).toEqual([]);
      expect(out).not.toMatch(/^\s*[#!]/m);
    }
    expect(unusedForms(outputs, PANOS_FORMS, NO_COMMENTS).map((f) => f.source + f.pattern)).toEqual([]);
  });

  it("keeps the pre-shared keys out of the notes file", () => {
    const notes = render(modelFrom("static-ikev1"), NOTES);
    expect(notes).not.toContain("Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up");
    expect(render(modelFrom("static-ikev1"))).toContain(
      'set network ike gateway OCI-T1 authentication pre-shared-key key "Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up"\n',
    );
  });

  it("builds a gateway, tunnel interface and IPsec tunnel per OCI tunnel, with NAT-T and the public local ID", () => {
    const out = render(modelFrom("static-ikev1"));
    expect(out).toContain("set network ike gateway OCI-T1 protocol version ikev1\n");
    expect(out).toContain("set network ike gateway OCI-T2 peer-address ip 203.0.113.20\n");
    expect(out).toContain("set network ike gateway OCI-T1 local-id id 198.51.100.10\n");
    expect(out).toContain("set network ike gateway OCI-T1 protocol-common nat-traversal enable yes\n");
    expect(out).toContain(
      "set network ike crypto-profiles ipsec-crypto-profiles OCI-T1 esp encryption aes-256-gcm\n",
    );
    expect(out).toContain(
      "set network ike crypto-profiles ipsec-crypto-profiles OCI-T1 esp authentication none\n",
    );
    expect(out).toContain("set network ike crypto-profiles ipsec-crypto-profiles OCI-T1 dh-group group5\n");
    expect(out).toContain("set network ike crypto-profiles ike-crypto-profiles OCI-T1 lifetime hours 8\n");
    expect(out).toContain("set network tunnel ipsec OCI-T2 tunnel-interface tunnel.2\n");
    expect(out).toContain(
      "set network virtual-router default routing-table ip static-route OCI-T1-R1 interface tunnel.1\n",
    );
    expect(out).toContain(
      "set network virtual-router default routing-table ip static-route OCI-T2-R1 destination 10.0.2.0/24\n",
    );
    // IKEv1 route-based needs no proxy ID; IKEv2 gets Oracle's 0.0.0.0/0 one.
    expect(out).not.toContain("proxy-id");
    expect(render(modelFrom("static-ikev1", ikeVersion("V2")))).toContain(
      "set network tunnel ipsec OCI-T1 auto-key proxy-id OCI-ANY local 0.0.0.0/0\n",
    );
  });

  it("sets each tunnel interface's MTU so that PAN-OS clamps TCP MSS to the calculator's value", () => {
    for (const wanMtu of [1500, 1454, 1400]) {
      const model = modelFrom("static-ikev1", (s) => (s.site.wanMtu = wanMtu));
      const out = render(model);
      for (const t of model.tunnels) {
        expect(t.mss.tunnelMtu - 40).toBe(t.mss.mssIpv4);
        expect(out).toContain(
          `set network interface tunnel units tunnel.${t.index} mtu ${t.mss.tunnelMtu}\n`,
        );
      }
    }
    expect(render(modelFrom("ikev2-static-custom"))).toContain(
      "set network interface tunnel units tunnel.1 mtu 1398\n",
    );
    expect(render(modelFrom("ikev2-static-custom"), NOTES)).toContain("TCP MSS 1358");
  });

  it("peers BGP with the API's Oracle ASN over the tunnel interfaces and exports only bgpAdvertise", () => {
    const out = render(
      modelFrom("bgp-ikev1", (s) => {
        for (const t of s.tunnels) t.bgpSessionInfo.oracleBgpAsn = "20054";
      }),
    );
    const vr = "set network virtual-router default protocol bgp";
    expect(out).toContain("set network interface tunnel units tunnel.1 ip 192.168.254.1/30\n");
    expect(out).toContain(`${vr} peer-group OCI-S0 peer OCI-T1 peer-as 20054\n`);
    expect(out).toContain(`${vr} peer-group OCI-S0 peer OCI-T2 peer-address ip 192.168.254.6\n`);
    expect(out).toContain(`${vr} peer-group OCI-S0 peer OCI-T2 local-address ip 192.168.254.5/30\n`);
    expect(out).toContain(`${vr} local-as 65000\n`);
    expect(out).toContain(`${vr} reject-default-route yes\n`);
    expect(out).toContain(`${vr} install-route yes\n`);
    expect(out).not.toContain("31898");
    expect(out.match(/match address-prefix \S+ exact yes/g)).toEqual([
      "match address-prefix 192.168.2.0/24 exact yes",
      "match address-prefix 192.168.3.0/24 exact yes",
    ]);
    expect(out).toContain(`${vr} policy export rules OCI-S0-DENY-REST action deny\n`);
    expect(out).not.toContain("static-route");
  });

  it("turns POLICY tunnels into proxy IDs and routes the Oracle selectors over both tunnels", () => {
    const out = render(modelFrom("policy-ikev2"));
    expect(out).toContain("set network tunnel ipsec OCI-T1 auto-key proxy-id OCI-P1 local 192.168.2.0/24\n");
    expect(out).toContain("set network tunnel ipsec OCI-T1 auto-key proxy-id OCI-P2 remote 10.0.3.0/24\n");
    expect(out).toContain(
      "set network virtual-router default routing-table ip static-route OCI-T2-R2 destination 10.0.3.0/24\n",
    );
    expect(out).not.toContain("OCI-ANY");
  });

  it("writes lifetimes in the largest whole unit and identifies by host name", () => {
    const out = render(VARIANTS["policy-ikev1-legacy"]?.() ?? modelFrom("policy-ikev2"));
    expect(out).toContain("ike-crypto-profiles OCI-T1 lifetime hours 24\n");
    expect(out).toContain("ipsec-crypto-profiles OCI-T1 lifetime minutes 30\n");
    expect(out).toContain("ipsec-crypto-profiles OCI-T2 lifetime seconds 1000\n");
    expect(out).toContain("ipsec-crypto-profiles OCI-T1 dh-group no-pfs\n");
    expect(out).toContain("set network ike gateway OCI-T1 local-id type fqdn\n");
    expect(out).toContain("set network ike gateway OCI-T1 protocol-common nat-traversal enable no\n");
  });

  it("numbers tunnel interfaces from the CPE slot and says what it assumed", () => {
    const model = modelFrom("policy-ikev2", (s) => (s.site.slot = 4));
    expect(render(model)).toContain("set network tunnel ipsec OCI-T10 tunnel-interface tunnel.10\n");
    expect(render(model)).toContain("set rulebase security rules OCI-S4-OUT from trust\n");
    expect(render(model)).toContain("local-address interface ethernet1/1\n");
    expect(render(model, NOTES)).toContain("the Internet-facing interface is ethernet1/1");
  });

  describe("refuses what PAN-OS cannot do, naming the tunnel and what to set instead", () => {
    it("rejects DH group 24 and AES-192-GCM", () => {
      const model = modelFrom("ikev2-static-custom", (s) => {
        s.tunnels[0].phaseOneDetails.customDhGroup = "GROUP24";
        s.tunnels[0].phaseTwoDetails.customEncryptionAlgorithm = "AES_192_GCM";
      });
      expect(() => renderVendor(model, VENDOR)).toThrow(CapabilityError);
      expect(() => renderVendor(model, VENDOR)).toThrow(
        /tunnel 1 .*phase 1 DH group 24 is not supported; phase 2 cipher aes-gcm-192 is not supported.*GROUP20; phase 2 AES_256_GCM/,
      );
    });

    it("rejects a lifetime no crypto profile unit can express", () => {
      const model = modelFrom("static-ikev1", (s) => (s.tunnels[1].phaseTwoDetails.lifetime = 150));
      expect(() => renderVendor(model, VENDOR)).toThrow(
        /tunnel 2 .*phase 2 lifetime of 150 s cannot be written/,
      );
    });

    it("rejects two BGP tunnels with different customer ASNs", () => {
      const model = modelFrom("bgp-ikev1", (s) => (s.tunnels[1].bgpSessionInfo.customerBgpAsn = "65001"));
      expect(() => renderVendor(model, VENDOR)).toThrow(/same customer ASN/);
    });
  });

  it("keeps hostile display names in interface comments and the notes only", () => {
    for (const base of ["bgp-ikev1", "policy-ikev2"]) {
      expectNamesContained(VENDOR, (edit) => modelFrom(base, edit), {
        [SET]: {
          forms: PANOS_FORMS,
          comment: NO_COMMENTS,
          labelLine: /^set network interface tunnel units tunnel\.\d+ comment "[ -!#-~]+"$/,
        },
        // Prose: every line is text for a person, none is pasted into the CLI.
        [NOTES]: { forms: [], comment: /^/, labelLine: /^/ },
      });
    }
  });
});
