/**
 * The test network around one scenario, derived from the snapshot, written as `scenario.env` for the guest's shell
 * scripts (which `source` it: every value is checked by snapshot.ts or computed here from checked values).
 *
 * Shape (all inside the QEMU guest, one set of namespaces per scenario):
 *   lan ── [home: NAT router, site.lanGateway] ── cpe(WAN site.localIp)   when the CPE sits behind NAT
 *           home ── internet link ── oci (both Oracle headend IPs) ── vcn
 *   lan ── cpe(WAN = cpe.ipAddress) ── internet link ── oci ── vcn       when the CPE has the public address itself
 * The internet link carries only IKE/ESP: oci drops anything else forwarded from it, so a ping between lan and vcn
 * can only succeed through a tunnel.
 */
import { espProposal, ikeProposal } from "./proposals.ts";
import { type HeadendInput, intToIp, ipToInt } from "./snapshot.ts";

/** Oracle-side networks when the snapshot lists none (BGP snapshots need none): a VCN only the test uses. */
export const DEFAULT_ORACLE_NETS = ["10.0.0.0/16"];

/** Host numbers of the LAN-side ping sources in the first CPE network. */
const PING_HOSTS = [10, 11, 12, 13, 14, 15, 16, 17];

/** Host number `n` inside `net` as `address/len` (`10.0.2.0/24`, 1 → `10.0.2.1/24`). */
export function hostAddress(net: string, n: number): string {
  const [ip, len] = net.split("/");
  if (ip === undefined || len === undefined) throw new Error(`topology: bad network ${net}`);
  if (2 ** (32 - Number(len)) < n + 2) throw new Error(`topology: ${net} is too small for host .${n}`);
  return `${intToIp(ipToInt(ip) + n)}/${len}`;
}

function addressOf(withLen: string): string {
  return withLen.split("/")[0] ?? withLen;
}

/** The Oracle-side networks the test builds (and the headend announces over BGP). */
export function oracleNets(input: HeadendInput): string[] {
  return input.oracleCidrs.length > 0 ? input.oracleCidrs : DEFAULT_ORACLE_NETS;
}

/** The CPE-side networks: announced ones for BGP (as the product does), the connection's static routes otherwise. */
export function cpeNets(input: HeadendInput): string[] {
  const bgp = input.tunnels.some((t) => t.routing === "BGP");
  if (bgp && input.site.bgpAdvertise.length > 0) return input.site.bgpAdvertise;
  return input.staticRoutes;
}

/** `scenario.env` content. */
export function topologyEnv(input: HeadendInput): string {
  const [t1, t2] = input.tunnels;
  const behindNat = input.site.localIp !== null && input.site.localIp !== input.cpeIp;
  const cpeNetworks = cpeNets(input);
  const oracleNetworks = oracleNets(input);
  if (cpeNetworks.length === 0) throw new Error("topology: the snapshot names no CPE-side network");
  const firstCpe = cpeNetworks[0] ?? "";
  const firstOracle = oracleNetworks[0] ?? "";
  // Behind NAT, the CPE's WAN segment is a /24 around site.localIp and the NAT router is site.lanGateway (the LAN
  // networks sit behind it, as in the BGP sample's `ip route … lanGateway`) or the segment's .1.
  const localIp = input.site.localIp ?? input.cpeIp;
  const segment = `${intToIp(ipToInt(localIp) - (ipToInt(localIp) % 256))}/24`;
  const homeGw = input.site.lanGateway ?? addressOf(hostAddress(segment, 1));
  if (
    behindNat &&
    (homeGw === localIp || Math.floor(ipToInt(homeGw) / 256) !== Math.floor(ipToInt(localIp) / 256))
  ) {
    throw new Error(`topology: lanGateway ${homeGw} is not a neighbour of localIp ${localIp} on a /24`);
  }
  const vars: Record<string, string> = {
    KIND: "ipsec",
    ROUTING: t1.routing,
    IKE_VERSIONS: `${t1.ikeVersion} ${t2.ikeVersion}`,
    CPE_PUBLIC_IP: input.cpeIp,
    CPE_WAN_IF: input.site.wanInterface ?? "eth0",
    CPE_WAN_ADDR: behindNat ? `${localIp}/24` : `${input.cpeIp}/32`,
    BEHIND_NAT: behindNat ? "1" : "0",
    HOME_GW: behindNat ? homeGw : "",
    WAN_MTU: String(input.site.wanMtu ?? 1500),
    // What the headend accepts, quoted in failure messages.
    T1_PROPOSALS: `IKEv${t1.ikeVersion} ${ikeProposal(t1)}, ESP ${espProposal(t1)}`,
    T2_PROPOSALS: `IKEv${t2.ikeVersion} ${ikeProposal(t2)}, ESP ${espProposal(t2)}`,
    T1_ORACLE_IP: t1.oracleIp,
    T2_ORACLE_IP: t2.oracleIp,
    T1_ORACLE_INSIDE: t1.bgp ? `${t1.bgp.oracleIp}/${t1.bgp.prefixLength}` : "",
    T2_ORACLE_INSIDE: t2.bgp ? `${t2.bgp.oracleIp}/${t2.bgp.prefixLength}` : "",
    T1_CPE_INSIDE: t1.bgp ? t1.bgp.customerIp : "",
    T2_CPE_INSIDE: t2.bgp ? t2.bgp.customerIp : "",
    CPE_NETS: cpeNetworks.join(" "),
    CPE_LAN_GWS: cpeNetworks.map((n) => hostAddress(n, 1)).join(" "),
    CPE_LAN_HOSTS: cpeNetworks.map((n) => hostAddress(n, 10)).join(" "),
    ORACLE_NETS: oracleNetworks.join(" "),
    ORACLE_LAN_GWS: oracleNetworks.map((n) => hostAddress(n, 1)).join(" "),
    ORACLE_LAN_HOSTS: oracleNetworks.map((n) => hostAddress(n, 10)).join(" "),
    // Several source addresses: multipath routes hash flows by address, and every flow must get through.
    PING_SRCS: PING_HOSTS.map((n) => addressOf(hostAddress(firstCpe, n))).join(" "),
    PING_DST: addressOf(hostAddress(firstOracle, 10)),
  };
  return `${Object.entries(vars)
    .map(([k, v]) => `${k}="${v}"`)
    .join("\n")}\n`;
}
