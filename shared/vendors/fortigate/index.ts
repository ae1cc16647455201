import { singleFileRenderer } from "../../render/single-file.ts";
import type { VendorRenderer } from "../../render/types.ts";
import { FORTIGATE_CAPABILITIES } from "./algorithms.ts";
import { fortigateView } from "./view.ts";

const ID = "fortigate";

/**
 * FortiGate (FortiOS 7.x): one CLI script, `oci-vpn-fortigate.txt`, with both route-based phase 1/phase 2
 * interfaces, firewall policies that clamp the TCP MSS, and static routes (tunnel 1 preferred, blackhole last)
 * or BGP with prefix lists and route maps. POLICY tunnels get one phase 2 selector pair each.
 */
export const fortigateRenderer: VendorRenderer = singleFileRenderer({
  id: ID,
  title: "FortiGate FortiOS 7.x (route-based phase1/phase2-interface, static, BGP or policy selectors)",
  capabilities: FORTIGATE_CAPABILITIES,
  template: "oci-vpn-fortigate.txt",
  fileName: "oci-vpn-fortigate.txt",
  installHint: "paste into the FortiGate CLI (or upload as a configuration script), then check the tunnels",
  view: fortigateView,
  operator: {
    install: () => ["paste into the FortiGate CLI (or upload it as a configuration script)"],
    check: () => "show vpn ipsec phase1-interface ; show vpn ipsec phase2-interface",
    reload: () => "FortiOS applies each command as it is entered; then: diagnose vpn tunnel list",
    status: (t) => `diagnose vpn tunnel list${t.bgp ? " ; get router info bgp summary" : ""}`,
  },
});
