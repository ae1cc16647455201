/**
 * Which tunnel Oracle sends return traffic down. Oracle's routing docs for Site-to-Site VPN and FastConnect
 * ("Routing Details for Connections to Your On-premises Network") say Oracle uses the shortest AS path towards
 * the on-premises network and honours the complete AS path the CPE sends; MED is not documented as honoured.
 * So what we announce over tunnel 2 carries our ASN {@link PREPEND_COUNT} more times: Oracle prefers tunnel 1
 * while its session is up and falls back to tunnel 2 when tunnel 1's routes are withdrawn. The MED stays as a
 * tie-breaker for peers that do use it.
 */
export const PREPEND_COUNT = 2;

/** The ASNs to prepend on tunnel 2's announcements, e.g. `65000 65000`. */
export function asPathPrepend(asn: number): string {
  return Array.from({ length: PREPEND_COUNT }, () => String(asn)).join(" ");
}
