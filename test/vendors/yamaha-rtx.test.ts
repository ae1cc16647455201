import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { type CommandForm, form, undocumentedLines, unusedForms } from "../helpers/command-forms.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import {
  all,
  cbcGroup14Phases,
  ikeVersion,
  nativeInterfaces,
  noNat,
  modelFrom as sampleModel,
} from "../helpers/variants.ts";

/** A sample with the RTX's interface spellings, then `edit`. */
function modelFrom(base: string, edit: (s: Json) => void = () => {}) {
  return sampleModel(base, all(nativeInterfaces("yamaha-rtx"), edit));
}

/**
 * Custom phase settings an RTX830/RTX1220 can negotiate (Oracle's defaults, SHA-384 and AES-GCM, it cannot):
 * AES-256-CBC / SHA-256 / group 14, ESP AES-256-CBC / HMAC-SHA-256-128 with PFS group 14.
 */
const rtxSuite = cbcGroup14Phases;

/** The weaker end of what the RTX accepts: AES-128, SHA-1, group 5, PFS off, NAT-T forced, a key with spaces. */
function rtxLegacySuite(s: Json): void {
  for (const t of s.tunnels) {
    t.natTranslationEnabled = "ENABLED";
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 86400,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "SHA1_96",
      customDhGroup: "GROUP5",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 1800,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA1_128",
      isPfsEnabled: false,
    };
  }
  s.sharedSecrets[s.tunnels[0].id] = "two words";
}

/** Behind 1:1 NAT, OCI told to expect the CPE's private address (Oracle's advice for CPEs that cannot change it). */
function privateIdentity(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifier = s.site.localIp;
}

const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev2-nat": () => modelFrom("static-ikev1", all(rtxSuite, ikeVersion("V2"))),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(rtxSuite, ikeVersion("V2"), noNat)),
  "static-ikev1-direct": () => modelFrom("static-ikev1", all(rtxSuite, noNat)),
  "static-ikev1-nat-private-id": () => modelFrom("static-ikev1", all(rtxSuite, privateIdentity)),
  "static-ikev2-legacy-pppoe": () => modelFrom("ikev2-static-custom", rtxLegacySuite),
  "bgp-ikev1-direct": () => modelFrom("bgp-ikev1", all(rtxSuite, noNat)),
  "bgp-ikev2-nat": () => modelFrom("bgp-ikev1", all(rtxSuite, ikeVersion("V2"))),
};

const COMMENT = /^#/;

/** Command forms from Yamaha's RTX command reference (chapters 15 IPsec, 29 BGP, and the IP/tunnel chapters). */
const RTX_FORMS: CommandForm[] = [
  form("15.49.x tunnel select", "tunnel select (?:{num}|none)"),
  form("15.49.3 ipsec tunnel", "ipsec tunnel {num}"),
  form(
    "15.48.2 ipsec sa policy (esp)",
    "ipsec sa policy {num} {num} esp (?:aes-cbc|aes256-cbc) (?:sha-hmac|sha256-hmac)",
  ),
  form("15.2 ipsec ike version", "ipsec ike version {num} [12]"),
  form("15.48.1 ipsec ike duration", "ipsec ike duration (?:isakmp-sa|ipsec-sa) {num} {num}"),
  form("15.22 ipsec ike encryption", "ipsec ike encryption {num} (?:aes-cbc|aes256-cbc)"),
  form("15.24 ipsec ike group", "ipsec ike group {num} modp(?:1024|1536|2048)(?: modp(?:1024|1536|2048))?"),
  form("15.25 ipsec ike hash", "ipsec ike hash {num} (?:sha|sha256)"),
  form(
    "15.20 ipsec ike keepalive use (dpd/rfc4306)",
    "ipsec ike keepalive use {num} on (?:dpd|rfc4306) {num} {num}",
  ),
  form("15.18 ipsec ike local address", "ipsec ike local address {num} {ipv4}"),
  form("15.17 ipsec ike local name", String.raw`ipsec ike local name {num} \S+ (?:ipv4-addr|fqdn)`),
  form("15.19 ipsec ike local id", "ipsec ike local id {num} 0.0.0.0/0"),
  form("15.16 ipsec ike remote id", "ipsec ike remote id {num} 0.0.0.0/0"),
  form("15.48.5 ipsec ike nat-traversal", "ipsec ike nat-traversal {num} (?:on|off|on force=on)"),
  form("15.30 ipsec ike pfs", "ipsec ike pfs {num} (?:on|off)"),
  form("15.5 ipsec ike pre-shared-key", "ipsec ike pre-shared-key {num} (?:text {psk}|0x[0-9a-f]+)"),
  form("15.44 ipsec ike proposal-limitation", "ipsec ike proposal-limitation {num} on"),
  form("15.15 ipsec ike remote address", "ipsec ike remote address {num} {ipv4}"),
  form("15.14 ipsec ike remote name", "ipsec ike remote name {num} {ipv4} ipv4-addr"),
  form("ip INTERFACE address (tunnel)", "ip tunnel address {cidr}"),
  form("ip INTERFACE remote address (tunnel)", "ip tunnel remote address {ipv4}"),
  form("ip INTERFACE tcp mss limit (tunnel)", "ip tunnel tcp mss limit {num}"),
  form("tunnel enable", "tunnel enable {num}"),
  form("15.10 ipsec auto refresh", "ipsec auto refresh on"),
  form(
    "ip route (gateway tunnel, hide, weight)",
    "ip route {cidr} gateway tunnel {num} hide gateway tunnel {num} hide weight 0",
  ),
  form("29.1 bgp use", "bgp use on"),
  form("29.4 bgp autonomous-system", "bgp autonomous-system {num}"),
  form("29.5 bgp router id", "bgp router id {ipv4}"),
  form(
    "29.12 bgp neighbor",
    "bgp neighbor {num} {num} {ipv4} hold-time=30 local-address={ipv4} metric={num}",
  ),
  form("29.11 bgp import filter", "bgp import filter {num} equal {cidr}(?: {cidr})*"),
  form("29.9 bgp import", "bgp import {num} static filter {num}"),
  form("29.8 bgp export filter", "bgp export filter {num} include all"),
  form("29.7 bgp export", "bgp export {num} filter {num}"),
];

function render(model: ConnectionModel): string {
  const [file] = renderVendor(model, "yamaha-rtx");
  if (!file) throw new Error("no file");
  return file.content;
}

describe("yamaha-rtx renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden file for ${variant}`, () => {
      const files = renderVendor(model(), "yamaha-rtx");
      expect(files.map((f) => [f.name, f.secret])).toEqual([["oci-vpn-rtx.txt", true]]);
      for (const f of files) expectGolden(`yamaha-rtx/${variant}/${f.name}`, f.content);
    });
  }

  it("emits only documented RTX command forms, and every form is used by some variant", () => {
    const outputs = Object.values(VARIANTS).map((m) => render(m()));
    for (const out of outputs) expect(undocumentedLines(out, RTX_FORMS, COMMENT)).toEqual([]);
    expect(unusedForms(outputs, RTX_FORMS, COMMENT).map((f) => f.source)).toEqual([]);
  });

  it("configures both tunnels with the IKEv2 identity, proposal limitation and RFC 4306 keepalive", () => {
    const out = render(modelFrom("static-ikev1", all(rtxSuite, ikeVersion("V2"))));
    for (const n of [1, 2]) {
      expect(out).toMatch(new RegExp(`^tunnel select ${n}$`, "m"));
      expect(out).toMatch(new RegExp(`^  ipsec ike version ${n} 2$`, "m"));
      expect(out).toMatch(new RegExp(`^  ipsec ike local address ${n} 192\\.168\\.1\\.42$`, "m"));
      // behind 1:1 NAT the identity is the public address OCI knows
      expect(out).toMatch(new RegExp(`^  ipsec ike local name ${n} 198\\.51\\.100\\.10 ipv4-addr$`, "m"));
      expect(out).toMatch(new RegExp(`^  ipsec ike proposal-limitation ${n} on$`, "m"));
      expect(out).toMatch(new RegExp(`^  ipsec ike keepalive use ${n} on rfc4306 10 3$`, "m"));
      expect(out).toMatch(new RegExp(`^ tunnel enable ${n}$`, "m"));
    }
    expect(out).toMatch(/^ {2}ipsec ike remote address 1 203\.0\.113\.10$/m);
    expect(out).toMatch(/^ {2}ipsec ike remote address 2 203\.0\.113\.20$/m);
    expect(out).toMatch(/^ {2}ipsec sa policy 1 1 esp aes256-cbc sha256-hmac$/m);
    expect(out).toMatch(/^ {2}ipsec ike group 1 modp2048$/m);
    expect(out).not.toMatch(/ipsec ike local id/);
  });

  it("uses DPD and 0.0.0.0/0 phase 2 IDs for IKEv1, and a second group when PFS differs from phase 1", () => {
    const model = modelFrom(
      "static-ikev1",
      all(rtxSuite, noNat, (s) => {
        for (const t of s.tunnels) t.phaseTwoDetails.dhGroup = "GROUP5";
      }),
    );
    const out = render(model);
    expect(out).toMatch(/^ {2}ipsec ike keepalive use 1 on dpd 10 3$/m);
    expect(out).toMatch(/^ {2}ipsec ike local id 1 0\.0\.0\.0\/0$/m);
    expect(out).toMatch(/^ {2}ipsec ike remote id 2 0\.0\.0\.0\/0$/m);
    expect(out).toMatch(/^ {2}ipsec ike group 1 modp2048 modp1536$/m);
    expect(out).not.toMatch(/ipsec ike (local|remote) name/);
  });

  it("clamps the MSS per tunnel with the calculator's value, never a constant", () => {
    const model = modelFrom("ikev2-static-custom", rtxLegacySuite);
    const out = render(model);
    const values = model.tunnels.map((t) => t.mss.mssIpv4);
    expect(out).toMatch(new RegExp(`^ ip tunnel tcp mss limit ${values[0]}$`, "m"));
    const pppoe = modelFrom(
      "ikev2-static-custom",
      all(rtxLegacySuite, (s) => {
        s.site.wanMtu = 1400;
      }),
    );
    expect(pppoe.tunnels[0].mss.mssIpv4).toBeLessThan(values[0] ?? 0);
    expect(render(pppoe)).toMatch(
      new RegExp(`^ ip tunnel tcp mss limit ${pppoe.tunnels[0].mss.mssIpv4}$`, "m"),
    );
  });

  it("routes the Oracle CIDRs over tunnel 1 with tunnel 2 as a hidden weight-0 backup", () => {
    const out = render(modelFrom("ikev2-static-custom", rtxLegacySuite));
    expect(out).toMatch(
      /^ip route 192\.168\.128\.0\/17 gateway tunnel 1 hide gateway tunnel 2 hide weight 0$/m,
    );
    expect(out).not.toMatch(/^bgp /m);
  });

  it("writes a key with spaces in hex, which the RTX reads as the same bytes", () => {
    const out = render(modelFrom("ikev2-static-custom", rtxLegacySuite));
    const hex = out.match(/^ {2}ipsec ike pre-shared-key 1 0x([0-9a-f]+)$/m)?.[1] ?? "";
    expect(Buffer.from(hex, "hex").toString("ascii")).toBe("two words");
    expect(out).toMatch(/^ {2}ipsec ike pre-shared-key 2 text Pk6Wd2Xm9LtV4qNb7RcJ3sHf8Ye5GaZu$/m);
    expect(out).toMatch(/^ {2}ipsec ike nat-traversal 1 on force=on$/m);
    expect(out).toMatch(/^ {2}ipsec ike pfs 1 off$/m);
  });

  it("peers BGP with the Oracle ASN from the API on the inside addresses and announces only bgpAdvertise", () => {
    const model = modelFrom(
      "bgp-ikev1",
      all(rtxSuite, ikeVersion("V2"), (s) => {
        for (const t of s.tunnels) t.bgpSessionInfo.oracleBgpAsn = "6142";
      }),
    );
    const out = render(model);
    expect(out).toMatch(/^ ip tunnel address 192\.168\.254\.1\/30$/m);
    expect(out).toMatch(/^ ip tunnel remote address 192\.168\.254\.6$/m);
    expect(out).toMatch(/^bgp autonomous-system 65000$/m);
    expect(out).toMatch(
      /^bgp neighbor 1 6142 192\.168\.254\.2 hold-time=30 local-address=192\.168\.254\.1 metric=100$/m,
    );
    expect(out).toMatch(
      /^bgp neighbor 2 6142 192\.168\.254\.6 hold-time=30 local-address=192\.168\.254\.5 metric=200$/m,
    );
    expect(out).toMatch(/^bgp import filter 1001 equal 192\.168\.2\.0\/24 192\.168\.3\.0\/24$/m);
    expect(out).toMatch(/^bgp import 6142 static filter 1001$/m);
    expect(out).not.toContain("31898");
    expect(out).not.toMatch(/^[^#].*0\.0\.0\.0\/0/m);
    expect(out).not.toMatch(/^ip route /m);
  });

  it("numbers tunnels and BGP filters from the CPE slot so connections on one router never collide", () => {
    const out = render(
      modelFrom(
        "bgp-ikev1",
        all(rtxSuite, noNat, (s) => {
          s.site.slot = 3;
        }),
      ),
    );
    expect(out).toMatch(/^tunnel select 7$/m);
    expect(out).toMatch(/^ {2}ipsec sa policy 8 8 esp /m);
    expect(out).toMatch(/^bgp neighbor 7 31898 /m);
    expect(out).toMatch(/^bgp import filter 1031 /m);
    expect(out).not.toMatch(/^tunnel select [12]$/m);
  });

  describe("refuses what an RTX cannot do, naming the tunnel and what to set instead", () => {
    const cases: [string, () => ConnectionModel, RegExp][] = [
      [
        "Oracle's default SHA-384 / AES-GCM",
        () => modelFrom("static-ikev1", ikeVersion("V2")),
        /tunnel 1 .*phase 1 integrity sha384 is not supported; phase 2 cipher aes-gcm-256 is not supported.*phase 1 AES_256_CBC \/ SHA2_256 \/ GROUP14; phase 2 AES_256_CBC \/ HMAC_SHA2_256_128 \/ PFS GROUP14/,
      ],
      [
        "an elliptic-curve DH group",
        () =>
          modelFrom(
            "static-ikev1",
            all(rtxSuite, ikeVersion("V2"), (s) => {
              s.tunnels[1].phaseOneDetails.customDhGroup = "GROUP20";
            }),
          ),
        /tunnel 2 .*phase 1 DH group 20 is not supported/,
      ],
      ["POLICY routing", () => modelFrom("policy-ikev2", rtxSuite), /POLICY routing is not supported/],
      [
        "IKEv1 behind 1:1 NAT with the public address as identity",
        () => modelFrom("static-ikev1", rtxSuite),
        /tunnel 1 .*IKEv1 main mode.*CPE IKE identifier in OCI to 192\.168\.1\.42.*IKEv2/,
      ],
      [
        "IKEv2 with a PFS group other than phase 1's",
        () =>
          modelFrom(
            "static-ikev1",
            all(rtxSuite, ikeVersion("V2"), (s) => {
              s.tunnels[0].phaseTwoDetails.dhGroup = "GROUP5";
            }),
          ),
        /tunnel 1 .*one DH group.*GROUP14/,
      ],
      [
        "a 4-byte customer ASN",
        () =>
          modelFrom(
            "bgp-ikev1",
            all(rtxSuite, noNat, (s) => {
              for (const t of s.tunnels) t.bgpSessionInfo.customerBgpAsn = "4200000001";
            }),
          ),
        /2-byte AS numbers/,
      ],
      [
        "a slot beyond tunnel 100",
        () =>
          modelFrom(
            "static-ikev1",
            all(rtxSuite, noNat, (s) => {
              s.site.slot = 50;
            }),
          ),
        /tunnel number 101 .*exceeds 100/,
      ],
      [
        "one STATIC and one BGP tunnel",
        () =>
          modelFrom(
            "bgp-ikev1",
            all(rtxSuite, noNat, (s) => {
              s.tunnels[1].routing = "STATIC";
              s.oracleCidrs = ["10.0.2.0/24"];
            }),
          ),
        /same routing type/,
      ],
    ];
    for (const [what, model, message] of cases) {
      it(what, () => {
        expect(() => renderVendor(model(), "yamaha-rtx")).toThrow(CapabilityError);
        expect(() => renderVendor(model(), "yamaha-rtx")).toThrow(message);
      });
    }
  });
});
