/**
 * Which tunnel Oracle sends return traffic down. Oracle's routing docs ("Routing Details for Connections to
 * Your On-premises Network") say Oracle uses the shortest AS path towards the on-premises network and honours
 * the complete AS path the CPE sends; MED (which Oracle's own IX template sets) is not documented as honoured.
 * So tunnel 2's route-map prepends our ASN {@link PREPEND_COUNT} times (IX `set as-path prepend`, Cisco-style
 * route-map syntax): Oracle prefers tunnel 1 while it is up and uses tunnel 2 once tunnel 1's routes are gone.
 */
export const PREPEND_COUNT = 2;

/** The route-map `set` line value that lengthens tunnel 2's AS path, e.g. `as-path prepend 65000 65000`. */
export function asPathPrepend(asn: number): string {
  return `as-path prepend ${Array.from({ length: PREPEND_COUNT }, () => String(asn)).join(" ")}`;
}
