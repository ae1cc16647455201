import { describe, expect, it } from "vitest";
import { calculateMss, formatMss } from "../../shared/mss.ts";

const gcm256 = { mode: "gcm", keyBits: 256 } as const;
const cbc256 = { mode: "cbc", keyBits: 256 } as const;

/**
 * An independent model of RFC 4303 ESP tunnel-mode encapsulation (with RFC 3948 UDP for NAT-T): the size on the
 * wire of an inner IP packet of `inner` bytes. Written from the RFCs, not from shared/mss.ts, so the test checks
 * the calculator instead of restating it.
 */
function espPacketBytes(
  inner: number,
  p: { natT: boolean; outerIpv6: boolean; cipher: { mode: "gcm" | "cbc" }; integrity: string | null },
): number {
  const outer = p.outerIpv6 ? 40 : 20;
  const udp = p.natT ? 8 : 0;
  const espHeader = 8; // SPI + sequence number
  const iv = p.cipher.mode === "gcm" ? 8 : 16; // RFC 4106 / one AES block
  const align = p.cipher.mode === "gcm" ? 4 : 16; // ESP's 4-byte alignment / the AES block
  const icv = p.integrity === "hmac-sha1-96" ? 12 : 16; // RFC 2404 / RFC 4106 tag, RFC 4868
  // Payload + padding + pad length (1) + next header (1), rounded up to the alignment.
  const encrypted = Math.ceil((inner + 2) / align) * align;
  return outer + udp + espHeader + iv + encrypted + icv;
}

describe("calculateMss", () => {
  it("agrees with the hand-written PPPoE example: link MTU 1454, AES-GCM, no NAT-T → MSS 1358", () => {
    const r = calculateMss({ linkMtu: 1454, natT: false, outerIpv6: false, cipher: gcm256, integrity: null });
    expect(r.tunnelMtu).toBe(1398);
    expect(r.mssIpv4).toBe(1358);
    // The example's table: IP 20, ESP header 8, IV 8, trailer 4, ICV 16.
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

  it("gives the largest inner packet whose ESP encapsulation fits the link MTU (checked by encapsulating)", () => {
    for (let mtu = 1280; mtu <= 1500; mtu++) {
      for (const natT of [false, true]) {
        for (const outerIpv6 of [false, true]) {
          for (const [cipher, integrity] of [
            [gcm256, null],
            [cbc256, "hmac-sha1-96"],
            [cbc256, "hmac-sha256-128"],
          ] as const) {
            const params = { natT, outerIpv6, cipher, integrity };
            const r = calculateMss({ linkMtu: mtu, ...params });
            expect(espPacketBytes(r.tunnelMtu, params)).toBeLessThanOrEqual(mtu);
            expect(espPacketBytes(r.tunnelMtu + 1, params)).toBeGreaterThan(mtu);
            expect(r.mssIpv4).toBe(r.tunnelMtu - 40);
            expect(r.mssIpv6).toBe(r.tunnelMtu - 60);
          }
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
