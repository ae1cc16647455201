import { isIpv4, parseIpv4Prefixed, sameNetwork } from "../net/ipv4.ts";

/** The part of a snapshot tunnel this check reads. */
interface TunnelSelectors {
  encryptionDomainConfig?: { oracleTrafficSelector: string[] } | null;
}

/**
 * Why `site.monitorIp` is unusable, or undefined when it is absent or fine. It is an address in the VCN that
 * answers ICMP; CPEs that can probe through a tunnel (PAN-OS tunnel monitoring) ping it to take a dead tunnel
 * out of routing. It must be inside the Oracle-side networks (`oracleCidrs` or a POLICY tunnel's Oracle
 * selectors): anywhere else the probe would not cross the tunnel and would pass or fail for unrelated reasons.
 * A value that is not an IPv4 address is left to the field's own schema, which reports it.
 */
export function monitorIpProblem(
  monitorIp: string | undefined,
  oracleCidrs: readonly string[],
  tunnels: readonly TunnelSelectors[],
): string | undefined {
  if (monitorIp === undefined || !isIpv4(monitorIp)) return undefined;
  const networks = [
    ...new Set([
      ...oracleCidrs,
      ...tunnels.flatMap((t) => t.encryptionDomainConfig?.oracleTrafficSelector ?? []),
    ]),
  ];
  if (networks.length === 0) {
    return "needs the Oracle-side networks (oracleCidrs, or the tunnels' oracleTrafficSelector) to check that it is in the VCN";
  }
  const inside = networks.some((cidr) => {
    const net = parseIpv4Prefixed(cidr);
    return net !== undefined && sameNetwork(net.address, monitorIp, net.prefixLength);
  });
  if (inside) return undefined;
  return `${monitorIp} is not inside the Oracle-side networks (${networks.join(", ")}): the probe would not cross the tunnel`;
}
