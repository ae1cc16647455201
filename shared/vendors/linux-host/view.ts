import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { sysctlInterface } from "../../render/interfaces.ts";
import { renderTemplate } from "../../render/templates.ts";
import type { RenderedFile } from "../../render/types.ts";
import { hostNames } from "./names.ts";

/**
 * Files every Linux route-based CPE needs whatever the IKE daemon: kernel settings, the MSS clamp, and a
 * oneshot unit that sets the tunnel interfaces' MTU and installs static routes across both tunnels.
 * Shared by the Libreswan and strongSwan renderers so both clamp with the same calculator output.
 */

const FOLDER = "linux-host";

function header(m: ConnectionModel) {
  return { connectionLabel: m.label, connectionId: m.id, cpeLabel: m.cpe.label };
}

function routeBased(m: ConnectionModel): TunnelModel[] {
  return m.tunnels.filter((t) => t.routing !== "POLICY");
}

/** `99-oci-vpn.conf` for /etc/sysctl.d: forwarding on, redirects off, reverse-path filtering off where needed. */
export function sysctlFile(vendor: string, m: ConnectionModel): RenderedFile {
  const content = renderTemplate(FOLDER, "sysctl.conf", {
    ...header(m),
    // sysctl spells a `.` in an interface name (a VLAN such as eth0.100) as `/`: net.ipv4.conf.eth0/100.rp_filter.
    wanInterface: m.site.wanInterface === null ? null : sysctlInterface(m.site.wanInterface),
    tunnels: routeBased(m).map((t) => ({ iface: t.iface.name })),
  });
  return {
    vendor,
    name: "99-oci-vpn.conf",
    content,
    secret: false,
    installHint: "/etc/sysctl.d/99-oci-vpn.conf, then: sysctl --system",
  };
}

/** `oci-vpn-mss.nft`: clamps TCP MSS to the calculator's value on traffic entering or leaving the tunnels. */
export function mssFile(vendor: string, m: ConnectionModel): RenderedFile {
  const tunnels = routeBased(m);
  const names = hostNames(m);
  const content = renderTemplate(FOLDER, "mss.nft", {
    ...header(m),
    table: names.mssTable,
    file: names.mssFile,
    mss: m.mss.mssIpv4,
    tunnelMtu: m.mss.tunnelMtu,
    wanMtu: m.site.wanMtu,
    ifaces: tunnels.length > 0 ? tunnels.map((t) => `"${t.iface.name}"`).join(", ") : null,
    oracleCidrs:
      tunnels.length < m.tunnels.length && m.oracleCidrs.length > 0 ? m.oracleCidrs.join(", ") : null,
  });
  return {
    vendor,
    name: names.mssFile,
    content,
    secret: false,
    installHint: `/etc/nftables.d/${names.mssFile}, then: nft -f /etc/nftables.d/${names.mssFile}`,
  };
}

/** Options for {@link routeFiles}. */
export interface RouteFileOptions {
  /**
   * The IKE daemon binds SAs to XFRM interface ids but does not create the interfaces (strongSwan): the script
   * creates one XFRM interface per route-based tunnel (if_id = the tunnel's mark) and gives BGP tunnels their
   * inside address. Off by default (Libreswan creates its VTIs itself).
   */
  createXfrmInterfaces?: boolean;
}

/**
 * The XFRM interfaces the routes script creates: name, if_id and BGP inside address. No underlying `dev`: the
 * kernel would pin the tunnel's outer packets to that device's ifindex, which goes stale when a PPPoE or DHCP
 * interface is recreated; without it ESP simply follows the routing table, like IKE does.
 */
function xfrmInterfaces(tunnels: TunnelModel[]) {
  return tunnels.map((t) => ({
    name: t.iface.name,
    ifId: t.iface.mark,
    address: t.bgp ? `${t.bgp.customerIp}/${t.bgp.prefixLength}` : null,
  }));
}

/**
 * `oci-vpn-routes.sh` + `oci-vpn-routes.service`: waits for the tunnel interfaces (or creates them, see
 * {@link RouteFileOptions}), sets their MTU, and for STATIC tunnels installs each Oracle CIDR with one nexthop per
 * tunnel (`ip route replace`, so re-running is safe). Bound to the IKE daemon's unit so it runs again after every
 * restart.
 */
export function routeFiles(
  vendor: string,
  m: ConnectionModel,
  daemonUnit: string,
  options: RouteFileOptions = {},
): RenderedFile[] {
  const tunnels = routeBased(m);
  if (tunnels.length === 0) return [];
  const staticIfaces = tunnels.filter((t) => t.routing === "STATIC").map((t) => t.iface.name);
  const names = hostNames(m);
  const view = {
    ...header(m),
    ...names,
    daemonUnit,
    ifaces: tunnels.map((t) => t.iface.name).join(" "),
    tunnelMtu: m.mss.tunnelMtu,
    staticIfaces: staticIfaces.join(" "),
    bgpIfaces: tunnels
      .filter((t) => t.routing === "BGP")
      .map((t) => t.iface.name)
      .join(" "),
    oracleCidrs: staticIfaces.length > 0 ? m.oracleCidrs.join(" ") : "",
    xfrm: options.createXfrmInterfaces === true,
    xfrmInterfaces: options.createXfrmInterfaces ? xfrmInterfaces(tunnels) : [],
  };
  return [
    {
      vendor,
      name: names.routesScript,
      content: renderTemplate(FOLDER, "routes.sh", view),
      secret: false,
      installHint: `/usr/local/sbin/${names.routesScript}, mode 0755`,
    },
    {
      vendor,
      name: names.routesUnit,
      content: renderTemplate(FOLDER, "routes.service", view),
      secret: false,
      installHint: `/etc/systemd/system/${names.routesUnit}, then: systemctl enable --now ${names.routesUnit}`,
    },
  ];
}
