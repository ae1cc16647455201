import { agentFiles } from "../../bundle/agent-files.ts";
import type { ConnectionModel } from "../../model/types.ts";
import { renderTemplate } from "../../render/templates.ts";
import type { RenderedFile, VendorRenderer } from "../../render/types.ts";
import { frrFile } from "../frr/view.ts";
import { frrCheck, frrReload, frrStatus, hostInstallSteps, usesIkev1 } from "../linux-host/operator.ts";
import { mssFile, routeFiles, sysctlFile } from "../linux-host/view.ts";
import { LIBRESWAN_CAPABILITIES } from "./algorithms.ts";
import { libreswanView } from "./view.ts";

const ID = "libreswan";

/**
 * Libreswan 4.x, route-based with VTIs (as in Oracle's Libreswan example), FRR for BGP, policy-based conns for POLICY tunnels.
 * Output: oci-ipsec.conf, oci-ipsec.secrets, 99-oci-vpn.conf, oci-vpn-mss.nft, and per routing mode
 * oci-vpn-routes.sh/.service + oci-vpn-updown.sh (route-based) and frr.conf (BGP). Later connections on the same
 * CPE get `-slot<N>` in file and conn names so they install side by side.
 */
export const libreswanRenderer: VendorRenderer = {
  id: ID,
  title: "Libreswan 4.x (route-based VTI or policy-based) + FRR for BGP",
  capabilities: LIBRESWAN_CAPABILITIES,
  render(m: ConnectionModel): RenderedFile[] {
    const view = libreswanView(m);
    const files: RenderedFile[] = [
      {
        vendor: ID,
        name: view.files.conf,
        content: renderTemplate(ID, "oci-ipsec.conf", view),
        secret: false,
        installHint: `/etc/ipsec.d/${view.files.conf}`,
      },
      {
        vendor: ID,
        name: view.files.secrets,
        content: renderTemplate(ID, "oci-ipsec.secrets", view),
        secret: true,
        installHint: `/etc/ipsec.d/${view.files.secrets}, owner root, mode 0600`,
      },
      sysctlFile(ID, m),
      mssFile(ID, m),
      ...routeFiles(ID, m, "ipsec.service"),
    ];
    if (view.updown) {
      files.push({
        vendor: ID,
        name: view.updown.script,
        content: renderTemplate(ID, "oci-vpn-updown.sh", view),
        secret: false,
        installHint: `/usr/local/sbin/${view.updown.script}, mode 0755`,
      });
    }
    const frr = frrFile(ID, m);
    if (frr) files.push(frr);
    const tunnels = m.tunnels.map((t) => ({
      name: `tunnel${t.index}`,
      peer: t.oracleIp,
      conns: view.conns.filter((c) => c.index === t.index).map((c) => c.name),
      children: [],
    }));
    return [...files, ...agentFiles(ID, m, files, { daemonUnit: "ipsec.service", tunnels })];
  },
  operator: {
    install: (m) => [
      `copy each file to the path shown; /etc/ipsec.conf must include /etc/ipsec.d/*.conf`,
      ...(usesIkev1(m)
        ? [
            "IKEv1 prerequisite: Libreswan 5 and later (and Debian's 4.x) refuse IKEv1 unless `ikev1-policy=accept` is set in the `config setup` section of /etc/ipsec.conf; add it first",
          ]
        : []),
      ...hostInstallSteps(m),
    ],
    check: (m) =>
      `ipsec addconn --checkconfig --config /etc/ipsec.d/${libreswanView(m).files.conf}${frrCheck(m)}`,
    reload: (m) => `systemctl restart ipsec${frrReload(m)}`,
    status: (t) =>
      `ipsec status | grep ${t.oracleIp} ; ipsec trafficstatus ; journalctl -u ipsec --since "-1h" | grep ${t.oracleIp}${frrStatus(t)}`,
  },
};
