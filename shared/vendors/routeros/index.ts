import { singleFileRenderer } from "../../render/single-file.ts";
import type { VendorRenderer } from "../../render/types.ts";
import { ROUTEROS_CAPABILITIES } from "./algorithms.ts";
import { routerosView } from "./view.ts";

const ID = "routeros";

/**
 * MikroTik RouterOS v7 (seed 000): one importable script, `oci-vpn.rsc`, with the firewall openings, the NAT
 * bypass, the IPsec profile/proposal/peer/identity/policy entries for both tunnels and the MSS clamp.
 * Policy-based, so STATIC and POLICY routing only.
 */
export const routerosRenderer: VendorRenderer = singleFileRenderer({
  id: ID,
  title: "MikroTik RouterOS v7 (policy-based IPsec script)",
  capabilities: ROUTEROS_CAPABILITIES,
  template: "oci-vpn.rsc",
  fileName: "oci-vpn.rsc",
  installHint: "upload to the router, run /import file-name=oci-vpn.rsc, then /file remove oci-vpn.rsc",
  view: routerosView,
});
