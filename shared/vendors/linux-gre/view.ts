import { CapabilityError } from "../../errors.ts";
import type { ConnectionModel, GreModel } from "../../model/types.ts";
import { intToIpv4, ipv4ToInt } from "../../net/ipv4.ts";
import { greMss, greMtu } from "./mtu.ts";

/** The values every linux-gre template prints. */
export interface LinuxGreView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  name: string;
  localIp: string;
  remoteIp: string;
  key: number;
  /** This end's inside address with its prefix, e.g. `10.255.0.1/30`. */
  insideAddress: string;
  /** The far end's inside address (the other host of the /30 or /31), for the ping hint. */
  peerInsideIp: string;
  /** The far networks as one shell word list, and as a list for the networkd [Route] sections. */
  remoteNetworks: string;
  routes: { cidr: string }[];
  mtu: number;
  mtuExplanation: string;
  /** TCP MSS clamp from the tunnel MTU, its arithmetic, and the nftables table/file that apply it. */
  mss: number;
  mssExplanation: string;
  mssTable: string;
  mssFile: string;
}

/** The other host address of a /30 (.1 ↔ .2) or a /31 (.0 ↔ .1). */
export function peerInsideAddress(address: string, prefixLength: number): string {
  const n = ipv4ToInt(address);
  if (prefixLength === 31) return intToIpv4(n % 2 === 0 ? n + 1 : n - 1);
  return intToIpv4(n % 4 === 1 ? n + 1 : n - 1);
}

/** The connection's GRE section, or a CapabilityError saying what linux-gre needs instead. */
export function requireGre(m: ConnectionModel): GreModel {
  if (m.site.gre) return m.site.gre;
  throw new CapabilityError(
    "linux-gre",
    `connection "${m.label}" (${m.id}) has no site.gre section. linux-gre renders an unencrypted GRE tunnel between two Linux gateways from site.gre {localIp, remoteIp, key, insideAddress, remoteNetworks}; it cannot carry the IPSec connection's tunnels. Add site.gre for a private underlay, or render an IPsec vendor (libreswan, strongswan) for this connection.`,
  );
}

/** Maps the model's `site.gre` to the linux-gre templates' view. */
export function linuxGreView(m: ConnectionModel): LinuxGreView {
  const g = requireGre(m);
  const mtu = greMtu(m.site.wanMtu, g.mtu);
  const mss = greMss(mtu.value);
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    name: g.name,
    localIp: g.localIp,
    remoteIp: g.remoteIp,
    key: g.key,
    insideAddress: `${g.inside.address}/${g.inside.prefixLength}`,
    peerInsideIp: peerInsideAddress(g.inside.address, g.inside.prefixLength),
    remoteNetworks: g.remoteNetworks.join(" "),
    routes: g.remoteNetworks.map((cidr) => ({ cidr })),
    mtu: mtu.value,
    mtuExplanation: mtu.explanation,
    mss: mss.value,
    mssExplanation: mss.explanation,
    // nftables identifiers take letters, digits and underscores; interface names may also hold `.` and `-`.
    mssTable: `tunnelsmith_gre_${g.name.replace(/[^A-Za-z0-9]/g, "_")}`,
    mssFile: `${g.name}-mss.nft`,
  };
}
