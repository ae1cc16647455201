import type { ConnectionModel } from "../../model/types.ts";
import type { StatusTarget } from "../../render/types.ts";
import { hostNames } from "./names.ts";

/**
 * The Linux-host part of the operator steps Libreswan and strongSwan share: the sysctl, nftables and routes files
 * from ./view.ts and FRR for BGP. Each returns nothing when the connection does not produce that file.
 */

const hasBgp = (m: ConnectionModel) => m.tunnels.some((t) => t.routing === "BGP");
const routeBased = (m: ConnectionModel) => m.tunnels.some((t) => t.routing !== "POLICY");

/** Install steps for the host files, after the IKE daemon's own. */
export function hostInstallSteps(m: ConnectionModel): string[] {
  const n = hostNames(m);
  return [
    "sysctl --system (after copying 99-oci-vpn.conf to /etc/sysctl.d/)",
    `nft -f /etc/nftables.d/${n.mssFile} (and include /etc/nftables.d/*.nft from /etc/nftables.conf so it survives a reboot)`,
    ...(routeBased(m) ? [`systemctl daemon-reload; systemctl enable ${n.routesUnit}`] : []),
    ...(hasBgp(m) ? ["FRR: set bgpd=yes in /etc/frr/daemons; frr.conf goes to /etc/frr/frr.conf"] : []),
  ];
}

/** `; vtysh --dryrun -f /etc/frr/frr.conf` for BGP connections. */
export function frrCheck(m: ConnectionModel): string {
  return hasBgp(m) ? " ; vtysh --dryrun -f /etc/frr/frr.conf" : "";
}

/** `; systemctl restart frr` for BGP connections. */
export function frrReload(m: ConnectionModel): string {
  return hasBgp(m) ? " ; systemctl restart frr" : "";
}

/** FRR's BGP status commands for a BGP tunnel. */
export function frrStatus(t: StatusTarget): string {
  return t.bgp ? ` ; vtysh -c "show bgp summary" ; vtysh -c "show bgp neighbor ${t.bgpNeighbour}"` : "";
}

/** True when any tunnel of the connection uses IKEv1. */
export function usesIkev1(m: ConnectionModel): boolean {
  return m.tunnels.some((t) => t.ikeVersion === 1);
}
