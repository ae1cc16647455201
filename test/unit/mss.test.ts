import { describe, expect, it } from "vitest";
import { calculateMss, formatMss } from "../../shared/mss.ts";

const gcm256 = { mode: "gcm", keyBits: 256 } as const;
const cbc256 = { mode: "cbc", keyBits: 256 } as const;

describe("calculateMss", () => {
  it("agrees with seed 000's worked example: PPPoE MTU 1454, AES-GCM, no NAT-T → MSS 1358", () => {
    const r = calculateMss({ linkMtu: 1454, natT: false, outerIpv6: false, cipher: gcm256, integrity: null });
    expect(r.tunnelMtu).toBe(1398);
    expect(r.mssIpv4).toBe(1358);
    // The seed's table: IP 20, ESP header 8, IV 8, trailer 4, ICV 16.
    expect(r.overhead.map((o) => o.bytes)).toEqual([20, 0, 8, 8, 4, 16]);
  });

  it("adds 8 bytes of UDP for NAT-T and re-aligns the payload to 4 bytes for GCM", () => {
    const r = calculateMss({ linkMtu: 1500, natT: true, outerIpv6: false, cipher: gcm256, integrity: null });
    // 1500-20-8-8-8-16 = 1440 (already 4-aligned) → 1438 after pad length + next header.
    expect(r.tunnelMtu).toBe(1438);
    expect(r.mssIpv4).toBe(1398);
  });

  it("pads CBC to the 16-byte AES block and uses a 16-byte IV and a 12-byte HMAC-SHA1-96 ICV", () => {
    const r = calculateMss({
      linkMtu: 1500,
      natT: false,
      outerIpv6: false,
      cipher: cbc256,
      integrity: "hmac-sha1-96",
    });
    // 1500-20-8-16-12 = 1444 → floor to 1440 → 1438.
    expect(r.tunnelMtu).toBe(1438);
    expect(r.mssIpv4).toBe(1398);
    expect(r.mssIpv6).toBe(1378);
  });

  it("uses a 16-byte ICV for HMAC-SHA256-128", () => {
    const r = calculateMss({
      linkMtu: 1500,
      natT: false,
      outerIpv6: false,
      cipher: cbc256,
      integrity: "hmac-sha256-128",
    });
    // 1500-20-8-16-16 = 1440 → 1438.
    expect(r.tunnelMtu).toBe(1438);
    const sha1 = calculateMss({
      linkMtu: 1512,
      natT: false,
      outerIpv6: false,
      cipher: cbc256,
      integrity: "hmac-sha1-96",
    });
    const sha256 = calculateMss({
      linkMtu: 1512,
      natT: false,
      outerIpv6: false,
      cipher: cbc256,
      integrity: "hmac-sha256-128",
    });
    // 1512: SHA1 room 1456 (a whole block) → 1454; SHA256 room 1452 → 1440-2 = 1438: 4 more ICV bytes cost a block.
    expect(sha1.tunnelMtu).toBe(1454);
    expect(sha256.tunnelMtu).toBe(1438);
  });

  it("uses a 40-byte outer header for IPv6 transport", () => {
    const v4 = calculateMss({
      linkMtu: 1500,
      natT: false,
      outerIpv6: false,
      cipher: gcm256,
      integrity: null,
    });
    const v6 = calculateMss({ linkMtu: 1500, natT: false, outerIpv6: true, cipher: gcm256, integrity: null });
    expect(v4.tunnelMtu - v6.tunnelMtu).toBe(20);
    expect(v6.overhead[0]).toEqual({ name: "outer IPv6 header", bytes: 40 });
  });

  it("never lets the worst-case packet exceed the link MTU", () => {
    for (let mtu = 1280; mtu <= 1500; mtu++) {
      for (const natT of [false, true]) {
        for (const [cipher, integrity] of [
          [gcm256, null],
          [cbc256, "hmac-sha1-96"],
          [cbc256, "hmac-sha256-128"],
        ] as const) {
          const r = calculateMss({ linkMtu: mtu, natT, outerIpv6: false, cipher, integrity });
          const total = r.overhead.reduce((sum, o) => sum + o.bytes, 0) + r.tunnelMtu;
          expect(total).toBe(mtu);
          // One byte more would need a whole extra alignment unit, which does not fit.
          const block = cipher.mode === "gcm" ? 4 : 16;
          expect((r.tunnelMtu + 2) % block).toBe(0);
        }
      }
    }
  });

  it("rejects a link MTU that leaves no room", () => {
    expect(() =>
      calculateMss({
        linkMtu: 150,
        natT: true,
        outerIpv6: true,
        cipher: cbc256,
        integrity: "hmac-sha256-128",
      }),
    ).toThrow(/no room/);
  });

  it("formats the table the CLI prints", () => {
    const text = formatMss(
      calculateMss({ linkMtu: 1454, natT: false, outerIpv6: false, cipher: gcm256, integrity: null }),
    );
    expect(text).toMatch(/tunnel MTU \(largest inner packet\)\s+1398/);
    expect(text).toMatch(/TCP MSS, IPv4 inside.*\s1358$/m);
  });
});
