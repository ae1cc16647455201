import { describe, expect, it } from "vitest";
import { AGENT_FILE_NAME } from "../../shared/bundle/agent-files.ts";
import { CapabilityError, SnapshotValidationError } from "../../shared/errors.ts";
import { getRenderer, renderVendor } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import { greMss, greMtu } from "../../shared/vendors/linux-gre/mtu.ts";
import { peerInsideAddress } from "../../shared/vendors/linux-gre/view.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, modelFrom, noNat } from "../helpers/variants.ts";

/** The GRE example's gateway gw100: its LAN 192.168.100.0/24 talks to gw200's 192.168.200.0/24 and .201.0/24. */
const SEED_004 = {
  localIp: "192.168.100.254",
  remoteIp: "203.0.113.57",
  key: 1,
  insideAddress: "10.255.0.1/30",
  remoteNetworks: ["192.168.200.0/24", "192.168.201.0/24"],
};

function withGre(gre: Json, ...more: ((s: Json) => void)[]) {
  return (s: Json) => {
    s.site.gre = gre;
    for (const edit of more) edit(s);
  };
}

function fileOf(files: RenderedFile[], name: string): string {
  const f = files.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in ${files.map((x) => x.name).join(", ")}`);
  return f.content;
}

const VARIANTS = {
  "seed004-computed-mtu": () => modelFrom("static-ikev1", withGre(SEED_004)),
  "seed004-pinned-1460": () => modelFrom("static-ikev1", withGre({ ...SEED_004, mtu: 1460 })),
  "pppoe-slash31-named": () =>
    modelFrom(
      "ikev2-static-custom",
      withGre({
        localIp: "198.51.100.7",
        remoteIp: "198.51.100.200",
        key: 4294967295,
        insideAddress: "10.255.0.7/31",
        remoteNetworks: ["172.16.0.0/12"],
        interfaceName: "gre-dc2",
      }),
    ),
};

describe("linux-gre renderer", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden files for ${variant}`, () => {
      const files = renderVendor(model(), "linux-gre");
      for (const f of files) expectGolden(`linux-gre/${variant}/${f.name}`, f.content);
      expect(files.every((f) => !f.secret)).toBe(true);
    });
  }

  it("renders the gw100 ↔ gw200 example's commands: tunnel with key, inside address, MTU, routes to the far networks, forwarding", () => {
    const files = renderVendor(modelFrom("static-ikev1", withGre(SEED_004)), "linux-gre");
    const script = fileOf(files, "gre-tunnel.sh");
    expect(script).toContain('ip link add "$NAME" type gre local "$LOCAL" remote "$REMOTE" key "$KEY"');
    expect(script).toMatch(/^NAME=gre1$/m);
    expect(script).toMatch(/^LOCAL=192\.168\.100\.254$/m);
    expect(script).toMatch(/^REMOTE=203\.0\.113\.57$/m);
    expect(script).toMatch(/^KEY=1$/m);
    expect(script).toMatch(/^INSIDE=10\.255\.0\.1\/30$/m);
    expect(script).toMatch(/^REMOTE_NETWORKS="192\.168\.200\.0\/24 192\.168\.201\.0\/24"$/m);
    expect(script).toMatch(/^MTU=1472$/m);
    expect(script).toContain("sysctl -qw net.ipv4.ip_forward=1");
    expect(script).toContain("Check: ping 10.255.0.2");
    expect(script).toMatch(/WARNING: GRE neither encrypts nor authenticates/);
    const netdev = fileOf(files, "gre1.netdev");
    expect(netdev).toMatch(/^Kind=gre$/m);
    expect(netdev).toMatch(/^Key=1$/m);
    expect(netdev).toMatch(/^MTUBytes=1472$/m);
    expect(netdev).toMatch(/^Independent=yes$/m);
    const network = fileOf(files, "gre1.network");
    expect(network.match(/^Destination=.*$/gm)).toEqual([
      "Destination=192.168.200.0/24",
      "Destination=192.168.201.0/24",
    ]);
    expect(fileOf(files, "99-gre-forwarding.conf")).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
  });

  it("computes the MTU from the underlay and shows the arithmetic", () => {
    expect(greMtu(1500, null)).toEqual({
      value: 1472,
      max: 1472,
      explanation:
        "MTU 1472: 1500 (underlay MTU) - 20 (outer IPv4 header) - 4 (GRE header) - 4 (GRE key) = 1472",
    });
    expect(greMtu(1454, null).value).toBe(1426); // PPPoE (FLET'S)
    expect(greMtu(9000, null).value).toBe(8972);
    const pinned = greMtu(1500, 1460);
    expect(pinned.value).toBe(1460);
    expect(pinned.explanation).toBe(
      "MTU 1460, pinned in site.gre.mtu (at most 1500 (underlay MTU) - 20 (outer IPv4 header) - 4 (GRE header) - 4 (GRE key) = 1472)",
    );
    const script = fileOf(
      renderVendor(
        modelFrom(
          "static-ikev1",
          withGre(SEED_004, (s) => {
            s.site.wanMtu = 1454;
          }),
        ),
        "linux-gre",
      ),
      "gre-tunnel.sh",
    );
    expect(script).toContain(
      "# MTU 1426: 1454 (underlay MTU) - 20 (outer IPv4 header) - 4 (GRE header) - 4 (GRE key) = 1426\nMTU=1426\n",
    );
  });

  it("clamps the TCP MSS on the GRE interface to the tunnel MTU minus the inner IPv4 and TCP headers", () => {
    expect(greMss(1472)).toEqual({
      value: 1432,
      explanation: "MSS 1432: 1472 (tunnel MTU) - 20 (inner IPv4 header) - 20 (TCP header)",
    });
    for (const [wanMtu, pinned, mss] of [
      [1500, undefined, 1432],
      [1454, undefined, 1386],
      [1500, 1460, 1420],
    ] as const) {
      const gre = pinned === undefined ? SEED_004 : { ...SEED_004, mtu: pinned };
      const model = modelFrom(
        "static-ikev1",
        withGre(gre, (s) => {
          s.site.wanMtu = wanMtu;
        }),
      );
      const nft = fileOf(renderVendor(model, "linux-gre"), "gre1-mss.nft");
      const rules = nft.match(/^\s*(?:oif|iif)name "gre1" .* maxseg size set (\d+)$/gm) ?? [];
      expect(rules).toHaveLength(2);
      for (const r of rules) expect(r.endsWith(` set ${mss}`)).toBe(true);
    }
    const named = fileOf(renderVendor(VARIANTS["pppoe-slash31-named"](), "linux-gre"), "gre-dc2-mss.nft");
    expect(named).toContain("table inet tunnelsmith_gre_gre_dc2 {");
  });

  it("finds the far end of a /30 and a /31", () => {
    expect(peerInsideAddress("10.255.0.1", 30)).toBe("10.255.0.2");
    expect(peerInsideAddress("10.255.0.2", 30)).toBe("10.255.0.1");
    expect(peerInsideAddress("10.255.0.6", 31)).toBe("10.255.0.7");
    expect(peerInsideAddress("10.255.0.7", 31)).toBe("10.255.0.6");
  });

  it("does not depend on the IPSec tunnels: every routing mode, IKE version and NAT case gives the same tunnel", () => {
    const body = (base: string, ...edits: ((s: Json) => void)[]) =>
      renderVendor(modelFrom(base, withGre(SEED_004, ...edits)), "linux-gre")
        // install.sh and the agent name the connection they belong to (test/agent covers them).
        .filter((f) => !AGENT_FILE_NAME.test(f.name))
        .map((f) =>
          // Only the header line naming the connection may differ.
          f.content.replace(/^# Generated by tunnelsmith from site\.gre of .*$/m, ""),
        );
    const reference = body("static-ikev1");
    expect(body("static-ikev1", all(ikeVersion("V2"), noNat))).toEqual(reference);
    expect(body("bgp-ikev1")).toEqual(reference);
    expect(body("bgp-ikev1", ikeVersion("V2"))).toEqual(reference);
    expect(body("policy-ikev2")).toEqual(reference);
    expect(body("policy-ikev2", ikeVersion("V1"))).toEqual(reference);
    // Settings no IPsec vendor could render (DH group 24 and GCM in phase 2 with IKEv1) do not block GRE either.
    expect(
      body("ikev2-static-custom", (s) => {
        s.site.wanMtu = 1500;
        for (const t of s.tunnels) {
          t.ikeVersion = "V1";
          t.phaseOneDetails.customDhGroup = "GROUP24";
        }
      }),
    ).toEqual(reference);
  });

  it("explains what it needs when the snapshot has no site.gre", () => {
    const model = modelFrom("static-ikev1");
    expect(() => renderVendor(model, "linux-gre")).toThrow(CapabilityError);
    expect(() => renderVendor(model, "linux-gre")).toThrow(
      /linux-gre: connection .* has no site\.gre section.*unencrypted GRE tunnel.*render an IPsec vendor \(libreswan, strongswan\)/,
    );
  });

  it("says in its title that it is unencrypted and not bound by the IPsec capability table", () => {
    expect(getRenderer("linux-gre").title).toMatch(/UNENCRYPTED.*never blocks it/);
  });

  describe("site.gre validation", () => {
    const rejected: [string, Json, RegExp][] = [
      ["an MTU above the underlay's limit", { mtu: 1473 }, /site\.gre\.mtu: must be at most 1472/],
      ["a default route", { remoteNetworks: ["0.0.0.0/0"] }, /default route through GRE/],
      [
        "a far network holding the far gateway",
        { remoteNetworks: ["203.0.113.0/24"] },
        /contains remoteIp 203\.0\.113\.57/,
      ],
      ["no far network", { remoteNetworks: [] }, /site\.gre\.remoteNetworks/],
      ["a far network with host bits", { remoteNetworks: ["192.168.200.1/24"] }, /host bits set/],
      ["the /30's network address", { insideAddress: "10.255.0.0/30" }, /network or broadcast address/],
      ["the /30's broadcast address", { insideAddress: "10.255.0.3/30" }, /network or broadcast address/],
      ["a /29 inside address", { insideAddress: "10.255.0.1/29" }, /\/30 or \/31/],
      ["the same address at both ends", { remoteIp: "192.168.100.254" }, /must differ from localIp/],
      ["the kernel's gre0", { interfaceName: "gre0" }, /kernel creates itself/],
      ["a key beyond 32 bits", { key: 4294967296 }, /site\.gre\.key/],
      ["a key given as text", { key: "1" }, /site\.gre\.key/],
      ["an unknown key", { ttl: 64 }, /site\.gre/],
    ];
    for (const [what, change, message] of rejected) {
      it(`rejects ${what}`, () => {
        expect(() => modelFrom("static-ikev1", withGre({ ...SEED_004, ...change }))).toThrow(message);
      });
    }

    it("checks the pinned MTU against site.wanMtu, not against 1500", () => {
      const pppoe = (mtu: number) => (s: Json) => {
        s.site.wanMtu = 1454;
        s.site.gre = { ...SEED_004, mtu };
      };
      expect(() => modelFrom("static-ikev1", pppoe(1427))).toThrow(/at most 1426 \(site\.wanMtu 1454/);
      expect(modelFrom("static-ikev1", pppoe(1426)).site.gre?.mtu).toBe(1426);
    });
  });

  describe("injection", () => {
    it("keeps hostile display names inside comment lines", () => {
      const clean = renderVendor(modelFrom("static-ikev1", withGre(SEED_004)), "linux-gre");
      for (const name of [
        'x"\nip link del eth0',
        "$(reboot) `id` ; rm -rf /",
        "}}{{psk}}\r\n[Route]\nDestination=0.0.0.0/0",
      ]) {
        const files = renderVendor(
          modelFrom(
            "static-ikev1",
            withGre(SEED_004, (s) => {
              s.ipsecConnection.displayName = name;
              s.cpe.displayName = name;
            }),
          ),
          "linux-gre",
        );
        // The shell scripts of the agent carry $( and rm -rf of their own: test/agent checks their hostile names.
        for (const [i, f] of files.filter((x) => !AGENT_FILE_NAME.test(x.name)).entries()) {
          expect(f.content.split("\n").length).toBe(clean[i]?.content.split("\n").length);
          for (const line of f.content
            .split("\n")
            .filter((l) => /reboot|rm -rf|eth0|psk|0\.0\.0\.0/.test(l))) {
            expect(line).toMatch(/^#/);
          }
          expect(f.content).not.toMatch(/\$\(|`|x"|\{\{|^Destination=0\.0\.0\.0/m);
        }
      }
    });

    it("rejects hostile site.gre values instead of printing them", () => {
      const hostile: Json[] = [
        { localIp: "192.168.100.254; reboot" },
        { remoteIp: "203.0.113.57\nip link del eth0" },
        { interfaceName: "gre1$(id)" },
        { interfaceName: 'gre1"' },
        { remoteNetworks: ["192.168.200.0/24 dev eth0"] },
        { remoteNetworks: ["192.168.200.0/24\n[Route]"] },
        { insideAddress: "10.255.0.1/30 dev lo" },
        { key: "1 && reboot" },
        { mtu: "1400; reboot" },
      ];
      for (const change of hostile) {
        expect(() => modelFrom("static-ikev1", withGre({ ...SEED_004, ...change }))).toThrow(
          SnapshotValidationError,
        );
      }
    });
  });
});
