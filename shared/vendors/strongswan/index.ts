import { agentFiles } from "../../bundle/agent-files.ts";
import type { ConnectionModel } from "../../model/types.ts";
import { renderTemplate } from "../../render/templates.ts";
import type { RenderedFile, VendorRenderer } from "../../render/types.ts";
import { frrFile } from "../frr/view.ts";
import { frrCheck, frrReload, frrStatus, hostInstallSteps } from "../linux-host/operator.ts";
import { mssFile, routeFiles, sysctlFile } from "../linux-host/view.ts";
import { STRONGSWAN_CAPABILITIES } from "./algorithms.ts";
import { retransmitSchedule } from "./retransmit.ts";
import { strongswanInstallPath, strongswanView } from "./view.ts";

const ID = "strongswan";

/** Debian's charon-systemd unit: starts charon, then runs `swanctl --load-all`. */
const DAEMON_UNIT = "strongswan.service";

/**
 * strongSwan 5.9+ with swanctl. Route-based tunnels (STATIC, BGP) use XFRM interfaces rather than VTIs: an XFRM
 * interface matches SAs by an interface id carried in the SA and policy, so it needs no GRE-style key/mark
 * plumbing, no tunnel endpoint addresses (it keeps working when the CPE's address changes or sits behind 1:1 NAT),
 * and two tunnels with identical 0.0.0.0/0 selectors coexist without the disable_policy and mark tricks VTIs need.
 * POLICY tunnels are plain policy-based CHILD_SAs. Output: swanctl.conf (with the PSKs), oci-vpn-charon.conf
 * (charon's retransmission schedule, which is IKEv2's dead-peer detection), 99-oci-vpn.conf,
 * oci-vpn-mss.nft, and per routing mode oci-vpn-routes.sh/.service (creates the XFRM interfaces) and frr.conf.
 */
export const strongswanRenderer: VendorRenderer = {
  id: ID,
  title: "strongSwan 5.9+ swanctl (route-based XFRM interfaces or policy-based) + FRR for BGP",
  capabilities: STRONGSWAN_CAPABILITIES,
  render(m: ConnectionModel): RenderedFile[] {
    const view = strongswanView(m);
    const files: RenderedFile[] = [
      {
        vendor: ID,
        name: "swanctl.conf",
        content: renderTemplate(ID, "swanctl.conf", view),
        secret: true,
        installHint: `${strongswanInstallPath(m)}, owner root, mode 0600, then: swanctl --load-all`,
      },
      {
        vendor: ID,
        name: "oci-vpn-charon.conf",
        content: renderTemplate(ID, "oci-vpn-charon.conf", {
          connectionLabel: view.connectionLabel,
          connectionId: view.connectionId,
          cpeLabel: view.cpeLabel,
          ...retransmitSchedule(m),
        }),
        secret: false,
        installHint: "/etc/strongswan.d/oci-vpn-charon.conf, then: systemctl restart strongswan",
      },
      sysctlFile(ID, m),
      mssFile(ID, m),
      ...routeFiles(ID, m, DAEMON_UNIT, { createXfrmInterfaces: true }),
    ];
    const frr = frrFile(ID, m);
    if (frr) files.push(frr);
    const tunnels = view.conns.map((c) => ({
      name: `tunnel${c.index}`,
      peer: c.remoteId,
      conns: [c.name],
      children: c.children.map((ch) => ch.name),
    }));
    return [...files, ...agentFiles(ID, m, files, { daemonUnit: DAEMON_UNIT, tunnels })];
  },
  operator: {
    install: (m) => [
      `copy each file to the path shown (swanctl.conf as ${strongswanInstallPath(m)}, root-only 0600)`,
      ...hostInstallSteps(m),
    ],
    // strongSwan has no offline parser: loading reports syntax errors and loads nothing it cannot parse.
    check: (m) => `swanctl --load-all --noprompt ; swanctl --list-conns${frrCheck(m)}`,
    reload: (m) =>
      `systemctl restart strongswan (once, for oci-vpn-charon.conf; afterwards swanctl --load-all is enough)${frrReload(m)}`,
    status: (t) =>
      `swanctl --list-sas ; swanctl --list-conns ; journalctl -u strongswan --since "-1h"${frrStatus(t)}`,
  },
};
