import type { Cipher, EspIntegrity, MssResult } from "./model/types.ts";

/** What the MSS calculator needs to know about the path and the ESP transform. */
export interface MssInput {
  /** MTU of the CPE's WAN link (e.g. 1500 Ethernet, 1454 for Japanese PPPoE over FLET'S). */
  linkMtu: number;
  /** UDP encapsulation (NAT-T) adds an 8-byte UDP header on port 4500. */
  natT: boolean;
  /** Outer (transport) header is IPv6 (40 bytes) instead of IPv4 (20 bytes). */
  outerIpv6: boolean;
  cipher: Cipher;
  integrity: EspIntegrity;
}

const ESP_HEADER = 8; // SPI (4) + sequence number (4), RFC 4303
const ESP_TRAILER = 2; // pad length (1) + next header (1)
const TCP_HEADER = 20;

/** IV bytes carried in each packet: 16 for AES-CBC (one block), 8 for AES-GCM (RFC 4106). */
function ivBytes(cipher: Cipher): number {
  return cipher.mode === "gcm" ? 8 : 16;
}

/** The encrypted part must be a multiple of this: the AES block for CBC, 4-byte alignment for GCM (RFC 4303 §2.4). */
function alignment(cipher: Cipher): number {
  return cipher.mode === "gcm" ? 4 : 16;
}

/** ICV bytes: 16 for GCM's 128-bit tag, 12 for HMAC-SHA1-96 (RFC 2404), 16 for HMAC-SHA256-128 (RFC 4868). */
function icvBytes(cipher: Cipher, integrity: EspIntegrity): number {
  if (cipher.mode === "gcm") return 16;
  if (integrity === "hmac-sha1-96") return 12;
  if (integrity === "hmac-sha256-128") return 16;
  throw new RangeError("AES-CBC needs an ESP integrity algorithm");
}

/**
 * Computes the tunnel MTU and TCP MSS for ESP in tunnel mode. Rather than adding a "typical" padding, it finds the
 * largest inner packet whose encrypted part (packet + padding + 2-byte trailer) still fits after every fixed
 * header, rounded down to the cipher's alignment: that packet is the worst case and it is exact. The PPPoE worked
 * example (PPPoE MTU 1454, AES-GCM, no NAT-T) gives tunnel MTU 1398 and MSS 1358.
 */
export function calculateMss(input: MssInput): MssResult {
  const outerIp = input.outerIpv6 ? 40 : 20;
  const udp = input.natT ? 8 : 0;
  const iv = ivBytes(input.cipher);
  const icv = icvBytes(input.cipher, input.integrity);
  const room = input.linkMtu - outerIp - udp - ESP_HEADER - iv - icv;
  const block = alignment(input.cipher);
  const tunnelMtu = Math.floor(room / block) * block - ESP_TRAILER;
  if (tunnelMtu < 68 + 40) {
    throw new RangeError(
      `link MTU ${input.linkMtu} leaves no room for IPsec (tunnel MTU would be ${tunnelMtu})`,
    );
  }
  return {
    linkMtu: input.linkMtu,
    natT: input.natT,
    outerIpv6: input.outerIpv6,
    overhead: [
      { name: input.outerIpv6 ? "outer IPv6 header" : "outer IPv4 header", bytes: outerIp },
      { name: "UDP header (NAT-T)", bytes: udp },
      { name: "ESP header (SPI + sequence)", bytes: ESP_HEADER },
      { name: "ESP IV", bytes: iv },
      { name: "ESP padding + trailer (worst case)", bytes: room - tunnelMtu },
      { name: "ESP ICV", bytes: icv },
    ],
    tunnelMtu,
    mssIpv4: tunnelMtu - 20 - TCP_HEADER,
    mssIpv6: tunnelMtu - 40 - TCP_HEADER,
  };
}

/** Formats an {@link MssResult} as the table `tunnelsmith mss` prints. */
export function formatMss(result: MssResult): string {
  const row = (name: string, value: string) => `${name.padEnd(38)}${value.padStart(7)}`;
  return [
    row("link MTU", String(result.linkMtu)),
    ...result.overhead.map((o) => row(o.name, `-${o.bytes}`)),
    row("tunnel MTU (largest inner packet)", String(result.tunnelMtu)),
    row("TCP MSS, IPv4 inside (-20 IP -20 TCP)", String(result.mssIpv4)),
    row("TCP MSS, IPv6 inside (-40 IP -20 TCP)", String(result.mssIpv6)),
  ].join("\n");
}
