import { GRE_OVERHEAD } from "../../snapshot/schema.ts";

/** The GRE tunnel MTU and the arithmetic behind it, for the comment in every rendered file. */
export interface GreMtu {
  /** The MTU the interface gets. */
  value: number;
  /** The largest inner packet the underlay carries without fragmenting: underlay MTU minus the GRE overhead. */
  max: number;
  /** One line showing the arithmetic, e.g. `1500 (underlay) - 20 (outer IPv4 header) - … = 1472`. */
  explanation: string;
}

/**
 * Computes the tunnel MTU from the underlay's: every GRE packet carries an outer IPv4 header (20 bytes), the GRE
 * header (4) and the key (4), so a 1500-byte underlay leaves 1472. A pinned `site.gre.mtu` (the gw100 ↔ gw200 example uses 1460, a
 * safe margin for an underlay with extra encapsulation) is used as is; the snapshot schema has already checked
 * that it is not above the maximum.
 */
export function greMtu(underlayMtu: number, pinned: number | null): GreMtu {
  const max = GRE_OVERHEAD.reduce((left, o) => left - o.bytes, underlayMtu);
  const terms = GRE_OVERHEAD.map((o) => ` - ${o.bytes} (${o.name})`).join("");
  const arithmetic = `${underlayMtu} (underlay MTU)${terms} = ${max}`;
  if (pinned === null) return { value: max, max, explanation: `MTU ${max}: ${arithmetic}` };
  return {
    value: pinned,
    max,
    explanation: `MTU ${pinned}, pinned in site.gre.mtu (at most ${arithmetic})`,
  };
}

/** What every TCP segment inside the tunnel carries before its payload (IPv4 and TCP headers, no options). */
const INNER_HEADERS = [
  { name: "inner IPv4 header", bytes: 20 },
  { name: "TCP header", bytes: 20 },
] as const;

/**
 * The TCP MSS that fits the GRE tunnel MTU: hosts behind the gateway advertise their LAN MSS (1460 on Ethernet),
 * and without a clamp every full-size segment would need the fragmentation GRE with DF cannot do, so large
 * transfers stall while pings pass.
 */
export function greMss(tunnelMtu: number): { value: number; explanation: string } {
  const value = INNER_HEADERS.reduce((left, h) => left - h.bytes, tunnelMtu);
  const terms = INNER_HEADERS.map((h) => ` - ${h.bytes} (${h.name})`).join("");
  return { value, explanation: `MSS ${value}: ${tunnelMtu} (tunnel MTU)${terms}` };
}
