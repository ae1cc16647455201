import { singleFileRenderer } from "../../render/single-file.ts";
import type { VendorRenderer } from "../../render/types.ts";
import { VYOS_CAPABILITIES } from "./algorithms.ts";
import { vyosView } from "./view.ts";

const ID = "vyos";

/**
 * VyOS 1.4/1.5, route-based: an ike-group, esp-group, PSK and site-to-site peer bound to a VTI per OCI tunnel,
 * static routes or BGP over both VTIs, and `ip adjust-mss` from the MSS calculator on each VTI. Output: one file
 * of configuration-mode commands.
 */
export const vyosRenderer: VendorRenderer = singleFileRenderer({
  id: ID,
  title: "VyOS 1.4/1.5 (route-based VTI, IKEv2/IKEv1, static or BGP)",
  capabilities: VYOS_CAPABILITIES,
  template: "oci-vpn.set",
  fileName: "oci-vpn-vyos.set",
  installHint: "configure, paste the commands, then: compare; commit; save",
  view: vyosView,
  operator: {
    install: () => ["configure, then paste the commands"],
    check: () => "compare",
    reload: () => "commit ; save",
    status: (t) => `show vpn ipsec sa ; show interfaces vti${t.bgp ? " ; show ip bgp summary" : ""}`,
  },
});
