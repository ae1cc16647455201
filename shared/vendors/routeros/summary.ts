import { intToIpv4, ipv4ToInt, parseIpv4Prefixed } from "../../net/ipv4.ts";

/**
 * Exact CIDR summaries for policy-based CPEs facing OCI's route-based headends (STATIC routing). Oracle's docs
 * ("Supported Encryption Domain or Proxy ID") say such a headend takes a single encryption domain: 0.0.0.0/0 or
 * one summary per side. A summary is only used when it covers exactly the listed networks and nothing else, so
 * no unrelated traffic is ever pulled into the tunnel.
 */

interface Block {
  start: number;
  size: number;
}

function toBlock(cidr: string): Block {
  const parsed = parseIpv4Prefixed(cidr);
  if (!parsed) throw new RangeError(`not a CIDR: ${cidr}`); // the snapshot schema validated every CIDR
  return { start: ipv4ToInt(parsed.address), size: 2 ** (32 - parsed.prefixLength) };
}

/** Number of addresses in the union of `blocks` (CIDR blocks are either nested or disjoint). */
function unionSize(blocks: Block[]): number {
  const sorted = [...blocks].sort((a, b) => a.start - b.start || b.size - a.size);
  let total = 0;
  let end = -1;
  for (const b of sorted) {
    const last = b.start + b.size - 1;
    if (last <= end) continue; // nested in the previous block
    total += b.size;
    end = last;
  }
  return total;
}

/**
 * The single CIDR whose addresses are exactly the union of `cidrs`, or undefined when there is none (the list
 * is empty, or the networks leave gaps: 10.0.2.0/24 + 10.0.3.0/24 give 10.0.2.0/23; 10.0.2.0/24 + 10.0.4.0/24
 * give nothing).
 */
export function exactSummary(cidrs: readonly string[]): string | undefined {
  if (cidrs.length === 0) return undefined;
  const blocks = cidrs.map(toBlock);
  const first = Math.min(...blocks.map((b) => b.start));
  const last = Math.max(...blocks.map((b) => b.start + b.size - 1));
  for (let prefix = 32; prefix >= 0; prefix--) {
    const size = 2 ** (32 - prefix);
    const network = Math.floor(first / size) * size;
    if (network + size - 1 < last) continue;
    return unionSize(blocks) === size && network === first ? `${intToIpv4(network)}/${prefix}` : undefined;
  }
  return undefined;
}
