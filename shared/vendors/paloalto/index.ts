import type { ConnectionModel } from "../../model/types.ts";
import { renderTemplate } from "../../render/templates.ts";
import type { RenderedFile, VendorRenderer } from "../../render/types.ts";
import { PALOALTO_CAPABILITIES } from "./algorithms.ts";
import { setFileHint } from "./failover.ts";
import { paloaltoView } from "./view.ts";

const ID = "paloalto";

/**
 * Palo Alto Networks PAN-OS, route-based: IKE and IPsec crypto profiles, an IKE gateway and a tunnel interface per
 * OCI tunnel (proxy IDs for IKEv2 and for POLICY tunnels), virtual-router static routes or BGP, and the tunnel MTU
 * from the MSS calculator. Output: the set commands (no comments: the CLI has none) and a notes file.
 */
export const paloaltoRenderer: VendorRenderer = {
  id: ID,
  title: "Palo Alto Networks PAN-OS (route-based tunnel interfaces, IKEv2/IKEv1, static, BGP or proxy IDs)",
  capabilities: PALOALTO_CAPABILITIES,
  render(m: ConnectionModel): RenderedFile[] {
    const view = paloaltoView(m);
    return [
      {
        vendor: ID,
        name: "oci-vpn-panos.set",
        content: renderTemplate(ID, "oci-vpn.set", view),
        secret: true,
        installHint: setFileHint(view.failover),
      },
      {
        vendor: ID,
        name: "oci-vpn-panos-notes.txt",
        content: renderTemplate(ID, "oci-vpn-notes.txt", view),
        secret: false,
        installHint: "read before applying oci-vpn-panos.set (assumptions, routing notes)",
      },
    ];
  },
  operator: {
    install: () => ["read oci-vpn-notes.txt first; then ssh, configure, and paste the set commands"],
    check: () => "validate full",
    reload: () => "commit",
    status: (t) => `show vpn ike-sa ; show vpn ipsec-sa${t.bgp ? " ; show routing protocol bgp peer" : ""}`,
  },
};
