import { agentFiles } from "../../bundle/agent-files.ts";
import type { ConnectionModel } from "../../model/types.ts";
import { renderTemplate } from "../../render/templates.ts";
import type { RenderedFile, VendorRenderer } from "../../render/types.ts";
import { LINUX_GRE_CAPABILITIES } from "./capabilities.ts";
import { linuxGreView } from "./view.ts";

const ID = "linux-gre";

/**
 * An UNENCRYPTED GRE tunnel between two Linux gateways (as in the two-gateway example gw100 ↔ gw200), from the snapshot's `site.gre`. GRE suits a
 * private underlay only — FastConnect private peering, an MPLS VPN, one data centre's internal network — where it
 * is lighter than IPsec and passes any IP traffic (e.g. private addressing across a NAT'd path, Kerberos and other
 * protocols that break under NAT). Over the Internet use an IPsec vendor instead.
 * Output: gre-tunnel.sh (immediate, iproute2), <name>.netdev + <name>.network (systemd-networkd, persistent),
 * <name>-mss.nft (TCP MSS clamp from the tunnel MTU) and 99-gre-forwarding.conf (sysctl).
 */
export const linuxGreRenderer: VendorRenderer = {
  id: ID,
  title:
    "Linux GRE, UNENCRYPTED, from site.gre (private underlay only; ignores the IPsec tunnels, so the IPsec table below never blocks it)",
  capabilities: LINUX_GRE_CAPABILITIES,
  render(m: ConnectionModel): RenderedFile[] {
    const view = linuxGreView(m);
    const file = (name: string, template: string, installHint: string): RenderedFile => ({
      vendor: ID,
      name,
      content: renderTemplate(ID, template, view),
      secret: false,
      installHint,
    });
    const files = [
      file(
        "gre-tunnel.sh",
        "gre-tunnel.sh",
        `/usr/local/sbin/${view.name}-tunnel.sh, mode 0755; run as root on the gateway: sh gre-tunnel.sh (not persistent)`,
      ),
      file(
        `${view.name}.netdev`,
        "gre.netdev",
        `/etc/systemd/network/${view.name}.netdev (systemd-networkd alternative to gre-tunnel.sh)`,
      ),
      file(
        `${view.name}.network`,
        "gre.network",
        `/etc/systemd/network/${view.name}.network, then: networkctl reload`,
      ),
      file(
        view.mssFile,
        "mss.nft",
        `/etc/nftables.d/${view.mssFile}, then: nft -f /etc/nftables.d/${view.mssFile} (include it from /etc/nftables.conf to keep it)`,
      ),
      file(
        "99-gre-forwarding.conf",
        "sysctl.conf",
        "/etc/sysctl.d/99-gre-forwarding.conf, then: sysctl --system",
      ),
    ];
    // No IKE: install.sh places and applies the files; the agent has no tunnels to wait for.
    return [...files, ...agentFiles(ID, m, files, { daemonUnit: "", tunnels: [] })];
  },
  operator: {
    install: () => [
      "copy the .netdev and .network files to /etc/systemd/network/ and 99-gre-forwarding.conf to /etc/sysctl.d/ (or run gre-tunnel.sh once, not persistent)",
      "sysctl --system",
    ],
    check: () => "networkctl status ; ip -d tunnel show",
    reload: () => "networkctl reload",
    status: () => "ip -d tunnel show ; ip -s link show type gre",
  },
};
