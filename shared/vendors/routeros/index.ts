import type { ConnectionModel } from "../../model/types.ts";
import { renderTemplate } from "../../render/templates.ts";
import type { RenderedFile, VendorRenderer } from "../../render/types.ts";
import { ROUTEROS_CAPABILITIES } from "./algorithms.ts";
import { routerosFailoverView } from "./failover.ts";
import { routerosView } from "./view.ts";

const ID = "routeros";

/**
 * MikroTik RouterOS v7 (modelled on a working RouterOS site on a PPPoE link with MTU 1454): one importable script, `oci-vpn.rsc`, with the firewall openings, the NAT
 * bypass, the IPsec profile/proposal/peer/identity/policy entries for both tunnels and the MSS clamp; and, when
 * tunnel 2 holds standby policies, `oci-vpn-failover.rsc`, a scheduler that switches them without a human.
 * Policy-based, so STATIC and POLICY routing only.
 */
export const routerosRenderer: VendorRenderer = {
  id: ID,
  title: "MikroTik RouterOS v7 (policy-based IPsec script)",
  capabilities: ROUTEROS_CAPABILITIES,
  render(m: ConnectionModel): RenderedFile[] {
    const view = routerosView(m);
    const files: RenderedFile[] = [
      {
        vendor: ID,
        name: "oci-vpn.rsc",
        content: renderTemplate(ID, "oci-vpn.rsc", view),
        secret: true,
        installHint: "upload to the router, run /import file-name=oci-vpn.rsc, then /file remove oci-vpn.rsc",
      },
    ];
    const failover = routerosFailoverView(view);
    if (failover) {
      files.push({
        vendor: ID,
        name: "oci-vpn-failover.rsc",
        content: renderTemplate(ID, "oci-vpn-failover.rsc", failover),
        secret: false,
        installHint:
          "import after oci-vpn.rsc (/import file-name=oci-vpn-failover.rsc): moves traffic to tunnel 2 when tunnel 1 is down",
      });
    }
    return files;
  },
  operator: {
    install: () => [
      "upload oci-vpn.rsc to the router, then: /import file-name=oci-vpn.rsc ; /file remove oci-vpn.rsc",
      "when oci-vpn-failover.rsc was rendered too, import it the same way after oci-vpn.rsc",
    ],
    check: () => "/ip ipsec peer print ; /ip ipsec identity print ; /ip ipsec policy print",
    reload: () =>
      "/ip ipsec installed-sa flush (the import applies at once; this renegotiates with the new keys)",
    status: () => "/ip ipsec active-peers print ; /ip ipsec installed-sa print",
  },
};
