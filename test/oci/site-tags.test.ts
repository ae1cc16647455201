import { describe, expect, it } from "vitest";
import { factsFromTags, pinnedSlotFromTags } from "../../shared/adapters/oci/site-tags.ts";
import { ValidationError } from "../../shared/errors.ts";

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("site facts from freeform tags", () => {
  it("reads every documented key, case-insensitively, with lists split on commas or spaces", () => {
    const facts = factsFromTags(
      {
        "Tunnelsmith-Local-IP": "192.168.1.42",
        "tunnelsmith-wan-mtu": "1454",
        "tunnelsmith-wan-interface": "pppoe0",
        "tunnelsmith-lan-interface": "eth1",
        "tunnelsmith-lan-gateway": "192.168.1.1",
        "tunnelsmith-interface-prefix": "ipsec",
        "tunnelsmith-oracle-cidrs": "10.0.2.0/24 10.0.3.0/24",
        Project: "not ours",
      },
      {
        "tunnelsmith-vendors": "libreswan, oci-helper",
        "tunnelsmith-bgp-advertise": "192.168.2.0/24",
        "tunnelsmith-slot": "3",
      },
    );
    expect(facts).toEqual({
      site: {
        localIp: "192.168.1.42",
        wanMtu: 1454,
        wanInterface: "pppoe0",
        lanInterface: "eth1",
        lanGateway: "192.168.1.1",
        interfacePrefix: "ipsec",
        vendors: ["libreswan", "oci-helper"],
        bgpAdvertise: ["192.168.2.0/24"],
        slot: 3,
      },
      oracleCidrs: ["10.0.2.0/24", "10.0.3.0/24"],
    });
  });

  it("lets the connection's tags override the CPE's", () => {
    const facts = factsFromTags({ "tunnelsmith-wan-mtu": "1500" }, { "tunnelsmith-wan-mtu": "1454" });
    expect(facts.site.wanMtu).toBe(1454);
  });

  it("returns empty facts without tags", () => {
    expect(factsFromTags(null, undefined)).toEqual({ site: {}, oracleCidrs: null });
  });

  it("names the resource and tag of every bad value, with the snapshot schema's own rules", () => {
    expect(
      problems(() =>
        factsFromTags(
          {
            "tunnelsmith-wan-mtu": "jumbo",
            "tunnelsmith-slot": "1",
            "tunnelsmith-lan-gateway": "192.168.1.300",
          },
          {
            "tunnelsmith-vendors": "Cisco IOS",
            "tunnelsmith-bgp-advertise": "192.168.2.1/24",
            "tunnelsmith-oracle-cidr": "10.0.0.0/16",
            "tunnelsmith-wan-interface": "eth0\nreboot",
          },
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^connection tag tunnelsmith-oracle-cidr: is not a tunnelsmith tag \(known: /),
      "CPE tag tunnelsmith-slot: belongs on the IPSec connection, not the CPE",
      expect.stringMatching(/^CPE tag tunnelsmith-wan-mtu: .*number/),
      expect.stringMatching(/^connection tag tunnelsmith-wan-interface: must be an interface name/),
      expect.stringMatching(/^CPE tag tunnelsmith-lan-gateway: must be an IPv4 address/),
      expect.stringMatching(/^connection tag tunnelsmith-vendors \(item \[0\]\): must be a vendor id/),
      expect.stringMatching(/^connection tag tunnelsmith-vendors \(item \[1\]\): must be a vendor id/),
      expect.stringMatching(/^connection tag tunnelsmith-bgp-advertise \(item \[0\]\): .*host bits/),
    ]);
  });

  it("validates the Oracle CIDRs tag", () => {
    expect(problems(() => factsFromTags({ "tunnelsmith-oracle-cidrs": "10.0.0.0/33" }, {}))).toEqual([
      expect.stringMatching(/^CPE tag tunnelsmith-oracle-cidrs: "10\.0\.0\.0\/33" is not an IPv4 CIDR/),
    ]);
  });

  it("reads a sibling's pinned slot leniently (its own render reports a bad one)", () => {
    expect(pinnedSlotFromTags({ "tunnelsmith-slot": "7" })).toBe(7);
    expect(pinnedSlotFromTags({ "TUNNELSMITH-SLOT": "100" })).toBeUndefined();
    expect(pinnedSlotFromTags(undefined)).toBeUndefined();
  });
});
