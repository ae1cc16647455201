import { describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { Json } from "../helpers/json.ts";
import {
  all,
  cbcGroup14Phases,
  ikeVersion,
  modelFrom,
  nativeInterfaces,
  noNat,
} from "../helpers/variants.ts";

/**
 * The return path from OCI (issue 15, defect 5). Oracle sends traffic to the on-premises network over the
 * shortest AS path and honours the complete AS path the CPE sends ("Routing Details for Connections to Your
 * On-premises Network"); MED is not documented as honoured. So tunnel 2's announcements must carry a longer
 * AS path than tunnel 1's where the device can say so per neighbour, and the config must not claim MED does it.
 */

function render(model: ConnectionModel, vendor: string): string {
  return renderVendor(model, vendor)[0]?.content ?? "";
}

function ports(wan: string, lan: string) {
  return (s: Json) => {
    s.site.wanInterface = wan;
    s.site.lanInterface = lan;
  };
}

/** The lines of a FortiOS `edit "<name>"` block up to its `next` at the same indentation. */
function fortiBlock(out: string, name: string): string {
  const start = out.indexOf(`    edit "${name}"\n`);
  if (start < 0) throw new Error(`no edit "${name}"`);
  return out.slice(start, out.indexOf("\n    next\n", start));
}

/** An IX `route-map <name> permit 10` block up to the next unindented line. */
function ixRouteMap(out: string, name: string): string {
  const match = new RegExp(`^route-map ${name} permit 10\\n((?:  .*\\n)*)`, "m").exec(out);
  if (!match) throw new Error(`no route-map ${name}`);
  return match[1] ?? "";
}

describe("return path from OCI: tunnel 2 announced with a longer AS path", () => {
  it("FortiGate: tunnel 2's out map prepends our ASN twice, tunnel 1's does not, each bound to its neighbour", () => {
    const m = modelFrom("bgp-ikev1", all(ports("wan1", "internal"), ikeVersion("V2"), noNat));
    const out = render(m, "fortigate");
    const asn = m.tunnels[0].bgp?.customerAsn;
    const t2 = fortiBlock(out, "oci-s0-t2-out");
    expect(t2).toContain("set set-aspath-action prepend\n");
    expect(t2).toContain(`set set-aspath ${asn} ${asn}\n`);
    expect(fortiBlock(out, "oci-s0-t1-out")).not.toContain("set-aspath");
    for (const t of m.tunnels) {
      const neighbour = out.slice(out.indexOf(`edit "${t.bgp?.oracleIp}"`));
      expect(neighbour.slice(0, neighbour.indexOf("next"))).toContain(
        `set route-map-out "oci-s0-t${t.index}-out"`,
      );
    }
  });

  it("NEC IX: tunnel 2's out route-map sets as-path prepend, tunnel 1's does not", () => {
    const m = modelFrom(
      "bgp-ikev1",
      all(ports("GigaEthernet0.0", "GigaEthernet1.0"), ikeVersion("V2"), noNat),
    );
    const out = render(m, "nec-ix");
    const asn = m.tunnels[0].bgp?.customerAsn;
    expect(ixRouteMap(out, "oci-s0-t2-out")).toContain(`  set as-path prepend ${asn} ${asn}\n`);
    expect(ixRouteMap(out, "oci-s0-t1-out")).not.toContain("as-path");
    expect(out).toContain(`neighbor ${m.tunnels[1].bgp?.oracleIp} route-map oci-s0-t2-out out`);
    expect(out).not.toMatch(/OCI→CPE は OCI へ通知する MED 100\/200 で選択/);
  });

  it("Yamaha RTX: announcements are per remote AS, so no per-tunnel prepend; the file no longer claims MED picks tunnel 1", () => {
    const out = render(
      modelFrom("bgp-ikev1", all(nativeInterfaces("yamaha-rtx"), cbcGroup14Phases, noNat)),
      "yamaha-rtx",
    );
    expect(out).not.toContain("MED 100/200 で OCI からの戻りはトンネル 1 を優先");
    expect(out).toContain("OCI は最短の AS パスでトンネルを選び");
    expect(out).toContain("保証");
    expect(out).toMatch(/^bgp neighbor \d+ \d+ [\d.]+ hold-time=30 /m);
  });

  it("static connections are unaffected (no route-maps to prepend)", () => {
    expect(render(modelFrom("static-ikev1", ports("wan1", "internal")), "fortigate")).not.toContain(
      "set-aspath",
    );
  });
});
