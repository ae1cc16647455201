import { describe, expect, it } from "vitest";
import { ConflictError } from "../../shared/errors.ts";
import { buildModels } from "../../shared/model/build.ts";
import { toLabel } from "../../shared/model/label.ts";
import { allocateSlots } from "../../shared/model/slots.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import type { Json } from "../helpers/json.ts";
import { loadModel, rawSnapshot } from "../helpers/samples.ts";

describe("vendor-neutral model", () => {
  it("uses Oracle's default proposals when a tunnel has no custom phase settings", () => {
    const m = loadModel("static-ikev1");
    const [t1] = m.tunnels;
    expect(t1.phase1).toEqual({
      cipher: { mode: "cbc", keyBits: 256 },
      integrity: "sha384",
      dhGroup: 5,
      lifetimeSec: 28800,
      custom: false,
    });
    expect(t1.phase2).toEqual({
      cipher: { mode: "gcm", keyBits: 256 },
      integrity: null,
      pfsDhGroup: 5,
      lifetimeSec: 3600,
      custom: false,
    });
    expect(t1.ikeVersion).toBe(1);
  });

  it("uses the tunnel's custom phase 1/2 settings when set", () => {
    const [t1] = loadModel("ikev2-static-custom").tunnels;
    expect(t1.phase1).toMatchObject({ dhGroup: 20, integrity: "sha384", custom: true });
    expect(t1.phase2).toMatchObject({ cipher: { mode: "gcm", keyBits: 256 }, pfsDhGroup: 5, custom: true });
    const [p1] = loadModel("policy-ikev2").tunnels;
    expect(p1.phase2).toMatchObject({
      cipher: { mode: "cbc" },
      integrity: "hmac-sha256-128",
      pfsDhGroup: 14,
    });
  });

  it("turns PFS off when the custom phase 2 disables it", () => {
    const raw = rawSnapshot("policy-ikev2") as Json;
    raw.tunnels[0].phaseTwoDetails.isPfsEnabled = false;
    const [m] = buildModels([parseSnapshot(raw, "x")]);
    expect(m?.tunnels[0].phase2.pfsDhGroup).toBeNull();
  });

  it("takes the Oracle ASN from the API, not a constant", () => {
    const raw = rawSnapshot("bgp-ikev1") as Json;
    raw.tunnels[0].bgpSessionInfo.oracleBgpAsn = "14544";
    raw.tunnels[1].bgpSessionInfo.oracleBgpAsn = "14544";
    const [m] = buildModels([parseSnapshot(raw, "x")]);
    expect(m?.tunnels.map((t) => t.bgp?.oracleAsn)).toEqual([14544, 14544]);
    expect(m?.tunnels[0].bgp).toMatchObject({
      customerAsn: 65000,
      customerIp: "192.168.254.1",
      oracleIp: "192.168.254.2",
      prefixLength: 30,
    });
  });

  it("knows the CPE is behind 1:1 NAT when the site's local IP differs and plans MSS for NAT-T", () => {
    const m = loadModel("static-ikev1");
    expect(m.cpe).toMatchObject({ publicIp: "198.51.100.10", localIp: "192.168.1.42", behindNat: true });
    expect(m.tunnels[0].mss.natT).toBe(true);
    const direct = loadModel("ikev2-static-custom");
    expect(direct.cpe.behindNat).toBe(false);
    expect(direct.mss).toMatchObject({ linkMtu: 1454, natT: false, mssIpv4: 1358 });
  });

  it("applies the documented site defaults", () => {
    const raw = rawSnapshot("policy-ikev2") as Json;
    raw.site = {};
    const [m] = buildModels([parseSnapshot(raw, "x")]);
    expect(m?.site).toMatchObject({ wanMtu: 1500, wanInterface: null, vendors: ["libreswan"], slot: 0 });
    expect(m?.site.bgpAdvertise).toEqual(["192.168.2.0/24"]);
    expect(m?.cpe.localIp).toBe("203.0.113.2");
  });

  it("gives every tunnel of every connection on one CPE its own interface and mark", () => {
    const a = rawSnapshot("static-ikev1") as Json;
    const b = rawSnapshot("bgp-ikev1") as Json;
    b.cpe.id = a.cpe.id;
    b.ipsecConnection.cpeId = a.cpe.id;
    b.ipsecConnection.timeCreated = "2026-11-23T00:00:00Z";
    const models = buildModels([parseSnapshot(b, "b"), parseSnapshot(a, "a")]);
    const ifaces = models.flatMap((m) => m.tunnels.map((t) => t.iface));
    expect(ifaces).toEqual([
      { name: "vti3", mark: 7 },
      { name: "vti4", mark: 8 },
      { name: "vti1", mark: 5 },
      { name: "vti2", mark: 6 },
    ]);
  });

  it("honours a pinned slot and refuses two connections pinning the same one", () => {
    const slots = allocateSlots([
      { connectionId: "a", cpeId: "c", timeCreated: "1", pinnedSlot: undefined },
      { connectionId: "b", cpeId: "c", timeCreated: "2", pinnedSlot: 0 },
    ]);
    expect(Object.fromEntries(slots)).toEqual({ a: 1, b: 0 });
    expect(() =>
      allocateSlots([
        { connectionId: "a", cpeId: "c", pinnedSlot: 3 },
        { connectionId: "b", cpeId: "c", pinnedSlot: 3 },
      ]),
    ).toThrow(ConflictError);
  });

  it("sanitises display names into labels that cannot break a line or a quote", () => {
    expect(toLabel('evil"\n}}conn x\r\n#;$(rm)', "f")).toBe("evil____conn x_____(rm)");
    expect(toLabel("VPNトンネル1", "f")).toBe("VPNトンネル1");
    expect(toLabel("   ", "fallback")).toBe("fallback");
  });
});
