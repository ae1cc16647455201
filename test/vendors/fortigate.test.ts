import { describe, expect, it } from "vitest";
import { CapabilityError, SnapshotValidationError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { type CommandForm, form, undocumentedLines, unusedForms } from "../helpers/command-forms.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, modelFrom, noNat } from "../helpers/variants.ts";

/** FortiGate ports: phase 1 binds to the WAN port, the firewall policies join the LAN port and the tunnels. */
function ports(s: Json): void {
  s.site.wanInterface = "wan1";
  s.site.lanInterface = "internal";
}

/** CBC with SHA-1, PFS off, NAT-T forced and a FQDN identity: the other branches of the mapping. */
function cbcForcedFqdn(s: Json): void {
  s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
  s.ipsecConnection.cpeLocalIdentifier = "cpe.example.com";
  for (const t of s.tunnels) {
    t.natTranslationEnabled = "ENABLED";
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 28800,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "SHA1_96",
      customDhGroup: "GROUP14",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 3600,
      customEncryptionAlgorithm: "AES_192_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA1_128",
      isPfsEnabled: false,
    };
  }
}

const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev1-nat": () => modelFrom("static-ikev1", ports),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(ports, ikeVersion("V2"), noNat)),
  "static-ikev2-custom-pppoe": () => modelFrom("ikev2-static-custom", ports),
  "static-ikev2-cbc-forced-fqdn": () => modelFrom("ikev2-static-custom", all(ports, cbcForcedFqdn)),
  "bgp-ikev1-nat": () => modelFrom("bgp-ikev1", ports),
  "bgp-ikev2-direct": () => modelFrom("bgp-ikev1", all(ports, ikeVersion("V2"), noNat)),
  "policy-ikev2": () => modelFrom("policy-ikev2", ports),
  "policy-ikev1": () => modelFrom("policy-ikev2", all(ports, ikeVersion("V1"))),
};

const COMMENT = /^#/;
const Q = '"[^"]+"';

/** FortiOS 7.x CLI reference forms (config vpn ipsec phase1/phase2-interface, system interface, firewall policy, router static/prefix-list/route-map/bgp). */
const FORTIOS_FORMS: CommandForm[] = [
  form(
    "CLI: config/end blocks",
    "config (?:vpn ipsec phase1-interface|vpn ipsec phase2-interface|system interface|firewall policy|router static|router prefix-list|router route-map|router bgp|rule|neighbor|network)",
  ),
  form("CLI: end", "end"),
  form("CLI: next", "next"),
  form("CLI: edit by name", `edit ${Q}`),
  form("CLI: edit by id", "edit {num}"),
  form("phase1-interface interface", `set interface ${Q}`),
  form("phase1-interface ike-version", "set ike-version [12]"),
  form("phase1-interface mode", "set mode main"),
  form("phase1-interface peertype", "set peertype any"),
  form("phase1-interface net-device", "set net-device disable"),
  form("phase1-interface proposal", "set proposal aes(?:128|192|256)-sha(?:1|256|384)"),
  form("phase1/phase2 dhgrp", "set dhgrp (?:2|5|14|19|20)"),
  form("phase1-interface keylife", "set keylife {num}"),
  form("phase1-interface remote-gw", "set remote-gw {ipv4}"),
  form("phase1-interface psksecret", `set psksecret "[A-Za-z0-9 ]+"`),
  form("phase1-interface dpd", "set dpd on-idle"),
  form("phase1-interface dpd-retryinterval", "set dpd-retryinterval {num}"),
  form("phase1-interface dpd-retrycount", "set dpd-retrycount {num}"),
  form("phase1-interface nattraversal", "set nattraversal (?:enable|disable|forced)"),
  form("phase1-interface localid-type", "set localid-type (?:address|fqdn)"),
  form("phase1-interface localid", `set localid ${Q}`),
  form("comments (phase1-interface, firewall policy)", `set comments ${Q}`),
  form("phase2-interface phase1name", `set phase1name ${Q}`),
  form("phase2-interface proposal", "set proposal (?:aes128gcm|aes256gcm|aes(?:128|192|256)-sha(?:1|256))"),
  form("phase2-interface pfs", "set pfs (?:enable|disable)"),
  form("phase2-interface keylifeseconds", "set keylifeseconds {num}"),
  form("phase2-interface auto-negotiate", "set auto-negotiate enable"),
  form("phase2-interface src-subnet/dst-subnet", "set (?:src|dst)-subnet {ipv4} {ipv4}"),
  form("system interface ip", "set ip {ipv4} 255.255.255.255"),
  form("system interface remote-ip", "set remote-ip {ipv4} {ipv4}"),
  form("system interface allowaccess", "set allowaccess ping"),
  form("firewall policy name", `set name ${Q}`),
  form("firewall policy srcintf/dstintf", `set (?:src|dst)intf ${Q}(?: ${Q})*`),
  form("firewall policy action", "set action (?:accept|permit|deny)"),
  form("firewall policy srcaddr/dstaddr", `set (?:src|dst)addr "all"`),
  form("firewall policy schedule", `set schedule "always"`),
  form("firewall policy service", `set service "ALL"`),
  form("firewall policy nat", "set nat disable"),
  form("firewall policy tcp-mss-sender/receiver", "set tcp-mss-(?:sender|receiver) {num}"),
  form("router static dst", "set dst {ipv4} {ipv4}"),
  form("router static device", `set device ${Q}`),
  form("router static blackhole", "set blackhole enable"),
  form("router static distance", "set distance {num}"),
  form("router static priority", "set priority {num}"),
  form("router static comment", `set comment ${Q}`),
  form("router prefix-list rule prefix", "set prefix {ipv4} {ipv4}"),
  form("router prefix-list rule le", "set le 32"),
  form("router route-map rule match-ip-address", `set match-ip-address ${Q}`),
  form(
    "router route-map rule set-metric / set-local-preference",
    "set set-(?:metric|local-preference) {num}",
  ),
  form("router route-map rule set-aspath-action (FortiOS CLI reference)", "set set-aspath-action prepend"),
  form(
    "router route-map rule set-aspath <as1> <as2> ... (FortiOS CLI reference)",
    "set set-aspath {num} {num}",
  ),
  form("router bgp as", "set as {num}"),
  form("router bgp neighbor remote-as", "set remote-as {num}"),
  form("router bgp neighbor timers", "set (?:keep-alive-timer|holdtime-timer) {num}"),
  form("router bgp neighbor soft-reconfiguration", "set soft-reconfiguration enable"),
  form("router bgp neighbor route-map-in/out", `set route-map-(?:in|out) ${Q}`),
];

function render(model: ConnectionModel): string {
  const [file] = renderVendor(model, "fortigate");
  if (!file) throw new Error("no file");
  return file.content;
}

/** The body of one `edit "<name>"` … `next` entry. */
function entry(out: string, section: string, name: string): string {
  const body = out.slice(out.indexOf(`config ${section}`));
  const start = body.indexOf(`edit ${name}\n`);
  if (start < 0) throw new Error(`no ${section} entry ${name}`);
  return body.slice(start, body.indexOf("\n    next", start));
}

describe("fortigate renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden file for ${variant}`, () => {
      const files = renderVendor(model(), "fortigate");
      expect(files.map((f) => [f.name, f.secret])).toEqual([["oci-vpn-fortigate.txt", true]]);
      for (const f of files) expectGolden(`fortigate/${variant}/${f.name}`, f.content);
    });
  }

  it("emits only documented FortiOS command forms, and every form is used by some variant", () => {
    const outputs = Object.values(VARIANTS).map((m) => render(m()));
    for (const out of outputs) expect(undocumentedLines(out, FORTIOS_FORMS, COMMENT)).toEqual([]);
    expect(unusedForms(outputs, FORTIOS_FORMS, COMMENT).map((f) => f.source)).toEqual([]);
  });

  it("builds both phase 1 interfaces with Oracle's algorithms, DPD, NAT-T and the NAT identity", () => {
    const out = render(modelFrom("static-ikev1", ports));
    for (const [name, gw] of [
      ['"oci-tun1"', "203.0.113.10"],
      ['"oci-tun2"', "203.0.113.20"],
    ] as const) {
      const p1 = entry(out, "vpn ipsec phase1-interface", name);
      expect(p1).toContain('set interface "wan1"');
      expect(p1).toContain("set ike-version 1");
      expect(p1).toContain("set mode main");
      expect(p1).toContain("set proposal aes256-sha384");
      expect(p1).toContain("set dhgrp 5");
      expect(p1).toContain("set keylife 28800");
      expect(p1).toContain(`set remote-gw ${gw}`);
      expect(p1).toContain("set dpd on-idle");
      expect(p1).toContain("set nattraversal enable");
      // behind 1:1 NAT the FortiGate must present the public address OCI expects
      expect(p1).toContain('set localid "198.51.100.10"');
      expect(p1).toContain("set localid-type address");
      const p2 = entry(out, "vpn ipsec phase2-interface", name);
      expect(p2).toContain(`set phase1name ${name}`);
      expect(p2).toContain("set proposal aes256gcm");
      expect(p2).toContain("set pfs enable");
      expect(p2).toContain("set dhgrp 5");
      expect(p2).toContain("set keylifeseconds 3600");
    }
    expect(out).toContain('set psksecret "Q5xbVq8mZ2LkT7wR4nHs9eJd3YcFa6Up"');
    expect(render(modelFrom("static-ikev1", all(ports, noNat)))).not.toContain("localid");
  });

  it("routes Oracle CIDRs over both tunnels at one distance, tunnel 1 by priority, with a blackhole last", () => {
    const out = render(modelFrom("ikev2-static-custom", ports));
    const r1 = entry(out, "router static", "39010");
    expect(r1).toContain("set dst 192.168.128.0 255.255.128.0");
    expect(r1).toContain('set device "oci-tun1"');
    expect(r1).toContain("set distance 10");
    expect(r1).toContain("set priority 10");
    const r2 = entry(out, "router static", "39011");
    expect(r2).toContain('set device "oci-tun2"');
    expect(r2).toContain("set distance 10");
    expect(r2).toContain("set priority 20");
    const hole = entry(out, "router static", "39012");
    expect(hole).toContain("set blackhole enable");
    expect(hole).toContain("set distance 254");
  });

  it("clamps the MSS in both policies with the calculator's smallest value", () => {
    const model = modelFrom("ikev2-static-custom", ports);
    const out = render(model);
    const mss = model.mss.mssIpv4;
    expect(out.match(new RegExp(`set tcp-mss-sender ${mss}\\n`, "g"))).toHaveLength(2);
    expect(out.match(new RegExp(`set tcp-mss-receiver ${mss}\\n`, "g"))).toHaveLength(2);
    const bigger = render(
      modelFrom(
        "ikev2-static-custom",
        all(ports, (s) => void Object.assign(s.site, { wanMtu: 1500 })),
      ),
    );
    expect(bigger).not.toContain(`set tcp-mss-sender ${mss}\n`);
    const toOci = entry(out, "firewall policy", "39001");
    expect(toOci).toContain('set srcintf "internal"');
    expect(toOci).toContain('set dstintf "oci-tun1" "oci-tun2"');
    expect(toOci).toContain("set nat disable");
  });

  it("peers BGP on the inside addresses with the API's Oracle ASN and announces only bgpAdvertise", () => {
    const model = modelFrom(
      "bgp-ikev1",
      all(ports, (s) => {
        for (const t of s.tunnels) t.bgpSessionInfo.oracleBgpAsn = "14544";
      }),
    );
    const out = render(model);
    expect(entry(out, "system interface", '"oci-tun1"')).toContain(
      "set remote-ip 192.168.254.2 255.255.255.252",
    );
    expect(entry(out, "system interface", '"oci-tun2"')).toContain("set ip 192.168.254.5 255.255.255.255");
    expect(out).toContain("    set as 65000\n");
    const n1 = entry(out, "router bgp", '"192.168.254.2"');
    expect(n1).toContain("set remote-as 14544");
    expect(n1).toContain('set route-map-out "oci-s0-t1-out"');
    expect(entry(out, "router bgp", '"192.168.254.6"')).toContain("set remote-as 14544");
    expect(out).not.toContain("31898");
    const announce = entry(out, "router prefix-list", '"oci-s0-announce"');
    expect(announce.match(/set prefix .*/g)).toEqual([
      "set prefix 192.168.2.0 255.255.255.0",
      "set prefix 192.168.3.0 255.255.255.0",
    ]);
    expect(entry(out, "router prefix-list", '"oci-s0-no-default"')).toMatch(
      /set action deny\n\s+set prefix 0\.0\.0\.0 0\.0\.0\.0\n/,
    );
    expect(out).not.toContain("config router static");
  });

  it("turns POLICY selectors into one phase 2 per pair and routes the Oracle selectors", () => {
    const out = render(modelFrom("policy-ikev2", ports));
    const p2 = entry(out, "vpn ipsec phase2-interface", '"oci-tun2-p2"');
    expect(p2).toContain('set phase1name "oci-tun2"');
    expect(p2).toContain("set src-subnet 192.168.2.0 255.255.255.0");
    expect(p2).toContain("set dst-subnet 10.0.3.0 255.255.255.0");
    expect(out.match(/edit "oci-tun\d-p\d"/g)).toHaveLength(4);
    expect(out).toContain("set dst 10.0.3.0 255.255.255.0");
  });

  it("numbers tunnels and reserved ids from the CPE slot", () => {
    const out = render(
      modelFrom(
        "static-ikev1",
        all(ports, (s) => void Object.assign(s.site, { slot: 2 })),
      ),
    );
    expect(out).toContain('edit "oci-tun5"');
    expect(out).toContain('edit "oci-tun6"');
    expect(out).toContain("    edit 39201\n");
    expect(out).toContain('set name "oci-s2-to-oci"');
    expect(out).not.toContain('"oci-tun1"');
  });

  describe("refuses what it cannot render, naming the tunnel and what to set instead", () => {
    const cases: [string, () => ConnectionModel, RegExp][] = [
      [
        "DH group 24",
        () =>
          modelFrom(
            "ikev2-static-custom",
            all(ports, (s) => void Object.assign(s.tunnels[0].phaseOneDetails, { customDhGroup: "GROUP24" })),
          ),
        /tunnel 1 .*phase 1 DH group 24 is not supported.*GROUP20/,
      ],
      [
        "AES-192-GCM",
        () =>
          modelFrom(
            "ikev2-static-custom",
            all(
              ports,
              (s) =>
                void Object.assign(s.tunnels[1].phaseTwoDetails, {
                  customEncryptionAlgorithm: "AES_192_GCM",
                }),
            ),
          ),
        /tunnel 2 .*phase 2 cipher aes-gcm-192 is not supported.*AES_256_GCM/,
      ],
      ["no WAN/LAN ports", () => modelFrom("static-ikev1"), /site\.wanInterface.*site\.lanInterface/],
      [
        "one STATIC and one POLICY tunnel",
        () =>
          modelFrom(
            "policy-ikev2",
            all(ports, (s) => void Object.assign(s.tunnels[1], { routing: "STATIC" })),
          ),
        /same routing type/,
      ],
    ];
    for (const [what, model, message] of cases) {
      it(what, () => {
        expect(() => renderVendor(model(), "fortigate")).toThrow(CapabilityError);
        expect(() => renderVendor(model(), "fortigate")).toThrow(message);
      });
    }
  });

  it("keeps hostile display names inside comments and refuses hostile site values", () => {
    const hostile = 'x"\nconfig system admin\n}}{{psk}}; $(reboot) # ! end';
    const named = (s: Json) => {
      s.ipsecConnection.displayName = hostile;
      s.cpe.displayName = hostile;
      for (const t of s.tunnels) t.displayName = hostile;
    };
    for (const base of ["static-ikev1", "bgp-ikev1", "policy-ikev2"]) {
      const clean = render(modelFrom(base, ports));
      const out = render(modelFrom(base, all(ports, named)));
      expect(out.split("\n")).toHaveLength(clean.split("\n").length);
      expect(out).not.toMatch(/^\s*config system admin/m);
      expect(out).not.toMatch(/x"|\$\(reboot|\{\{psk/);
      expect(undocumentedLines(out, FORTIOS_FORMS, COMMENT)).toEqual([]);
    }
    expect(() =>
      modelFrom("static-ikev1", (s) => void Object.assign(s.site, { wanInterface: 'wan1" \nend' })),
    ).toThrow(SnapshotValidationError);
  });
});
