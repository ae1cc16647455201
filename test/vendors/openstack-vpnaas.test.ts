import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { openstackVpnaasRenderer } from "../../shared/vendors/openstack-vpnaas/index.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, modelFrom, noNat } from "../helpers/variants.ts";

/** Custom phase 2 that every VPNaaS release accepts: AES-256-CBC, HMAC-SHA2-256-128, PFS group 14. */
function cbcPhase2(s: Json): void {
  for (const t of s.tunnels) {
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 3600,
      customEncryptionAlgorithm: "AES_256_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA2_256_128",
      isPfsEnabled: true,
      dhGroup: "GROUP14",
    };
  }
}

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

/**
 * A strict parser for the YAML subset the renderer writes: block mappings and sequences indented with
 * spaces, keys plain (`[a-z_]+`) or JSON-quoted, scalars JSON-quoted strings, integers, true, false or null.
 * Everything in that subset is valid YAML, and the parser throws on anything outside it, so a file it
 * accepts is well-formed YAML with exactly the parsed structure.
 */
function parseYaml(text: string): Yaml {
  const lines = text
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"))
    .map((l) => {
      if (l.includes("\t")) throw new Error(`tab in: ${l}`);
      return { indent: l.length - l.trimStart().length, text: l.trim() };
    });
  let i = 0;
  const scalar = (raw: string): Yaml => {
    if (raw.startsWith('"')) return JSON.parse(raw) as string;
    if (/^-?\d+$/.test(raw)) return Number(raw);
    if (raw === "true" || raw === "false") return raw === "true";
    if (raw === "null") return null;
    throw new Error(`not a quoted or typed scalar: ${raw}`);
  };
  const block = (indent: number): Yaml => {
    const first = lines[i];
    if (!first || first.indent !== indent) throw new Error(`bad indentation at ${first?.text}`);
    if (first.text.startsWith("- ")) {
      const list: Yaml[] = [];
      while (lines[i]?.indent === indent && lines[i]?.text.startsWith("- ")) {
        list.push(scalar(lines[i]?.text.slice(2) ?? ""));
        i++;
      }
      return list;
    }
    const map: { [key: string]: Yaml } = {};
    while (lines[i]?.indent === indent) {
      const line = lines[i]?.text ?? "";
      const m = /^("(?:[^"\\]|\\.)*"|[a-z_0-9]+):(?: (.+))?$/.exec(line);
      if (!m) throw new Error(`not a mapping entry: ${line}`);
      const key = m[1]?.startsWith('"') ? (JSON.parse(m[1]) as string) : (m[1] ?? "");
      if (key in map) throw new Error(`duplicate key ${key}`);
      i++;
      if (m[2] !== undefined) map[key] = scalar(m[2]);
      else {
        const next = lines[i];
        if (!next || next.indent <= indent) throw new Error(`empty value for ${key}`);
        map[key] = block(next.indent);
      }
    }
    if (lines[i] && (lines[i]?.indent ?? 0) > indent) throw new Error(`bad indentation at ${lines[i]?.text}`);
    return map;
  };
  const doc = block(0);
  if (i !== lines.length) throw new Error(`trailing content at ${lines[i]?.text}`);
  return doc;
}

function behindNat(s: Json): void {
  s.site.localIp = "192.168.1.42";
}

/** Routing mode × IKE version × NAT variants (VPNaaS: STATIC and POLICY, CBC phase 2). */
const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev1-nat": () => modelFrom("static-ikev1", cbcPhase2),
  "static-ikev1-direct": () => modelFrom("static-ikev1", all(cbcPhase2, noNat)),
  "static-ikev2-nat": () => modelFrom("static-ikev1", all(cbcPhase2, ikeVersion("V2"))),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(cbcPhase2, ikeVersion("V2"), noNat)),
  "policy-ikev2-direct": () => modelFrom("policy-ikev2"),
  "policy-ikev2-nat": () => modelFrom("policy-ikev2", behindNat),
  "policy-ikev1-direct": () => modelFrom("policy-ikev2", ikeVersion("V1")),
  "policy-ikev1-nat": () => modelFrom("policy-ikev2", all(ikeVersion("V1"), behindNat)),
};

function files(model: ConnectionModel) {
  const out = renderVendor(model, "openstack-vpnaas");
  const script = out.find((f) => f.name === "oci-vpnaas.sh")?.content ?? "";
  const yaml = out.find((f) => f.name === "oci-vpnaas.yaml")?.content ?? "";
  return { out, script, yaml };
}

const scratch = mkdtempSync(join(tmpdir(), "tunnelsmith-vpnaas-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("openstack-vpnaas renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden files for ${variant}`, () => {
      const { out } = files(model());
      expect(out.map((f) => f.name)).toEqual(["oci-vpnaas.sh", "oci-vpnaas.yaml"]);
      for (const f of out) expectGolden(`openstack-vpnaas/${variant}/${f.name}`, f.content);
      expect(out.every((f) => f.secret)).toBe(true);
    });
  }

  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`${variant}: the script is valid POSIX sh (sh -n)`, () => {
      const path = join(scratch, `${variant}.sh`);
      writeFileSync(path, files(model()).script);
      const result = spawnSync("sh", ["-n", path], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    });
  }

  it("creates one site connection per tunnel with the Oracle headend as peer, the PSK, DPD, MTU and initiator", () => {
    const model = modelFrom("policy-ikev2");
    const { script } = files(model);
    for (const t of model.tunnels) {
      const create = new RegExp(
        `--peer-address '${t.oracleIp}' --peer-id '${t.oracleIp}' --local-id '203\\.0\\.113\\.2' \\\\\\n\\s+--psk '${t.psk}' \\\\\\n\\s+--initiator 'bi-directional' --mtu '${t.mss.tunnelMtu}' --dpd 'action=restart,interval=10,timeout=20'`,
      );
      expect(script).toMatch(create);
    }
    expect(script.match(/openstack vpn ipsec site connection create /g)).toHaveLength(2);
    expect(script).toMatch(/--type 'cidr' --value '10\.0\.2\.0\/24' --value '10\.0\.3\.0\/24' /);
    expect(script).toContain("EXPECTED_LOCAL_CIDRS='192.168.2.0/24'");
    expect(script).toContain("ROUTER_IP='203.0.113.2'");
  });

  it("maps phase 1 and phase 2 to IKE and IPsec policies (the IKE policy's pfs is the phase 1 DH group)", () => {
    const { script } = files(modelFrom("policy-ikev2", ikeVersion("V1")));
    expect(script).toMatch(
      /--ike-version 'v1' --phase1-negotiation-mode 'main' \\\n\s+--encryption-algorithm 'aes-256' --auth-algorithm 'sha384' --pfs 'group5' \\\n\s+--lifetime 'units=seconds,value=28800'/,
    );
    expect(script).toMatch(
      /--transform-protocol 'esp' --encapsulation-mode 'tunnel' \\\n\s+--encryption-algorithm 'aes-256' --auth-algorithm 'sha256' --pfs 'group14' \\\n\s+--lifetime 'units=seconds,value=3600'/,
    );
  });

  it("requires exactly one local subnet for STATIC and offers the Oracle side as one summary", () => {
    const { script } = files(
      modelFrom("static-ikev1", (s) => {
        cbcPhase2(s);
        s.oracleCidrs = ["10.0.2.0/24", "10.0.3.0/24"];
      }),
    );
    expect(script).toContain('[ "$count" -eq 1 ] || die "STATIC routing');
    expect(script).toMatch(/--type 'cidr' --value '10\.0\.2\.0\/23' /);
    expect(files(modelFrom("policy-ikev2")).script).not.toContain('[ "$count" -eq 1 ]');
  });

  it("expects the router's gateway at site.localIp behind 1:1 NAT and sends the public address as local ID", () => {
    const { script } = files(modelFrom("static-ikev1", cbcPhase2));
    expect(script).toContain("ROUTER_IP='192.168.1.42'");
    expect(script).toMatch(/--local-id '198\.51\.100\.10'/);
  });

  it("sends @host as local ID for HOSTNAME identifiers", () => {
    const { script } = files(
      modelFrom("policy-ikev2", (s) => {
        s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
        s.ipsecConnection.cpeLocalIdentifier = "vpn.example.com";
      }),
    );
    expect(script).toMatch(/--local-id '@vpn\.example\.com'/);
  });

  it("names policies and endpoint groups after their content and shares identical ones between tunnels", () => {
    const a = files(modelFrom("policy-ikev2")).script;
    const b = files(
      modelFrom("policy-ikev2", (s) => {
        s.tunnels[1].phaseTwoDetails.dhGroup = "GROUP5";
      }),
    ).script;
    const names = (text: string, kind: string) => [
      ...new Set([...text.matchAll(new RegExp(`exists 'vpn ${kind}' ('[^']+')`, "g"))].map((m) => m[1])),
    ];
    expect(names(a, "ipsec policy")).toHaveLength(1);
    expect(names(b, "ipsec policy")).toHaveLength(2);
    expect(names(b, "ipsec policy")).toContain(names(a, "ipsec policy")[0]);
    expect(names(a, "ike policy")).toEqual(names(b, "ike policy"));
  });
});

describe("openstack-vpnaas YAML", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`${variant}: holds the script's data in the Fujitsu K5 deployment's layout`, () => {
      const m = model();
      const { script, yaml } = files(m);
      const doc = parseYaml(yaml) as Record<string, Record<string, Record<string, Yaml>>>;
      const service = /VPNSERVICE=\$\{VPNSERVICE:-'([^']+)'\}/.exec(script)?.[1] ?? "";
      expect(doc[service]?.vpnservice).toEqual({ name: service, router_id: null, subnet_id: null });
      for (const t of m.tunnels) {
        const name =
          new RegExp(`--psk '${t.psk}' [^]*?--description "\\$want" '([^']+)'`).exec(script)?.[1] ?? "";
        const body = doc[name]?.ipsec_site_connection;
        expect(body).toMatchObject({
          name,
          psk: t.psk,
          peer_address: t.oracleIp,
          peer_id: t.oracleIp,
          local_id: m.cpe.identity.value,
          admin_state_up: true,
          initiator: "bi-directional",
          mtu: t.mss.tunnelMtu,
          dpd: { action: "restart", interval: 10, timeout: 20 },
          vpnservice_id: null,
          ikepolicy_id: null,
          ipsecpolicy_id: null,
        });
      }
      const ikeNames = [...script.matchAll(/exists 'vpn ike policy' '([^']+)'/g)].map((x) => x[1] ?? "");
      for (const n of ikeNames) {
        expect(doc[n]?.ikepolicy).toMatchObject({
          name: n,
          phase1_negotiation_mode: "main",
          lifetime: { units: "seconds", value: 28800 },
        });
      }
      const groups = [...script.matchAll(/exists 'vpn endpoint group' '([^']+)'/g)].map((x) => x[1] ?? "");
      for (const g of groups) expect(doc[g]?.endpoint_group).toMatchObject({ name: g, type: "cidr" });
      expect(Object.keys(doc)).toHaveLength(1 + ikeNames.length + groups.length + 2 + countIpsec(script));
    });
  }

  it("the YAML checker rejects what is not block YAML of quoted scalars", () => {
    expect(() => parseYaml('a:\n  b: "x"\n   c: 1\n')).toThrow();
    expect(() => parseYaml("a: unquoted words\n")).toThrow();
    expect(() => parseYaml('a:\n\tb: "x"\n')).toThrow();
    expect(parseYaml('"k":\n  l:\n    - "x"\n  n: null\n')).toEqual({ k: { l: ["x"], n: null } });
  });
});

function countIpsec(script: string): number {
  return new Set([...script.matchAll(/exists 'vpn ipsec policy' '([^']+)'/g)].map((x) => x[1])).size;
}

describe("openstack-vpnaas capability errors", () => {
  it("refuses Oracle's default AES-256-GCM phase 2, giving the exact OCI custom settings to use", () => {
    const model = modelFrom("static-ikev1");
    expect(() => renderVendor(model, "openstack-vpnaas")).toThrow(CapabilityError);
    expect(() => renderVendor(model, "openstack-vpnaas")).toThrow(
      'openstack-vpnaas: tunnel 1 "VPNトンネル1" (ocid1.ipsectunnel.oc1.ap-tokyo-1.aaaaaaaastaticikev1tunnel1): ' +
        "phase 2 cipher aes-gcm-256 is not supported. AES-GCM in phase 2 needs OpenStack 2026.1 or later: if the " +
        'cloud runs it, set site.openstackRelease to "2026.1" (or tag the CPE tunnelsmith-openstack-release=2026.1). ' +
        "Or set on the OCI tunnel instead: " +
        "phase 1 AES_256_CBC / SHA2_384 / GROUP14; phase 2 AES_256_CBC / HMAC_SHA2_256_128 / PFS GROUP14.",
    );
  });

  it("refuses elliptic-curve DH groups without a release that takes them (2025.1)", () => {
    const model = modelFrom("ikev2-static-custom", cbcPhase2);
    expect(() => renderVendor(model, "openstack-vpnaas")).toThrow(
      /phase 1 DH group 20 is not supported\. DH group 19\/20 needs OpenStack 2025\.1 or later/,
    );
  });

  it("refuses SHA-1, which neutron-vpnaas 29 removed", () => {
    const model = modelFrom("static-ikev1", (s) => {
      cbcPhase2(s);
      s.tunnels[1].phaseTwoDetails.customAuthenticationAlgorithm = "HMAC_SHA1_128";
    });
    expect(() => renderVendor(model, "openstack-vpnaas")).toThrow(
      /tunnel 2 .*phase 2 integrity hmac-sha1-96 is not supported/,
    );
  });

  it("refuses PFS off, because VPNaaS IPsec policies always use PFS", () => {
    const model = modelFrom("policy-ikev2", (s) => {
      s.tunnels[0].phaseTwoDetails.isPfsEnabled = false;
    });
    expect(() => renderVendor(model, "openstack-vpnaas")).toThrow(
      /tunnel 1 .*PFS is off.*always use PFS.*PFS GROUP14/,
    );
  });

  it("refuses BGP in the capability check, and explains it when the renderer is called directly", () => {
    expect(() => renderVendor(modelFrom("bgp-ikev1"), "openstack-vpnaas")).toThrow(
      /BGP routing is not supported/,
    );
    expect(() => openstackVpnaasRenderer.render(modelFrom("bgp-ikev1", cbcPhase2))).toThrow(
      /policy-based \(subnet ↔ CIDR selectors\).*STATIC or POLICY routing/,
    );
  });

  it("refuses STATIC Oracle networks that are not one summary", () => {
    const model = modelFrom("static-ikev1", (s) => {
      cbcPhase2(s);
      s.oracleCidrs = ["10.0.2.0/24", "10.9.0.0/16"];
    });
    expect(() => renderVendor(model, "openstack-vpnaas")).toThrow(/single encryption domain.*POLICY routing/);
  });

  it("refuses tunnels with different CPE selectors, which one VPN service cannot express", () => {
    const model = modelFrom("policy-ikev2", (s) => {
      s.tunnels[1].encryptionDomainConfig.cpeTrafficSelector = ["192.168.9.0/24"];
    });
    expect(() => renderVendor(model, "openstack-vpnaas")).toThrow(/different CPE traffic selectors/);
  });

  it("refuses to mix POLICY and STATIC tunnels", () => {
    const model = modelFrom("policy-ikev2", (s) => {
      s.tunnels[1].routing = "STATIC";
    });
    expect(() => renderVendor(model, "openstack-vpnaas")).toThrow(/mixing POLICY and STATIC/);
  });
});
