import { singleFileRenderer } from "../../render/single-file.ts";
import type { VendorRenderer } from "../../render/types.ts";
import { JUNIPER_SRX_CAPABILITIES } from "./algorithms.ts";
import { juniperSrxView } from "./view.ts";

const ID = "juniper-srx";

/**
 * Juniper SRX (Junos set commands), route-based: one st0 unit per OCI tunnel bound to its IPsec VPN, a vpn zone
 * with BGP allowed in, static routes or BGP over both units, traffic selectors for POLICY tunnels, and the
 * global `tcp-mss ipsec-vpn` from the MSS calculator. Output: one set-command file for `load set`.
 */
export const juniperSrxRenderer: VendorRenderer = singleFileRenderer({
  id: ID,
  title: "Juniper SRX / Junos (route-based st0, IKEv2/IKEv1, static, BGP or traffic selectors)",
  capabilities: JUNIPER_SRX_CAPABILITIES,
  template: "oci-vpn.set",
  fileName: "oci-vpn-srx.set",
  installHint:
    "configure private; load set terminal (paste) or load set <file>; commit check; commit confirmed 5",
  view: juniperSrxView,
  operator: {
    install: () => ["configure private, then: load set terminal (paste the file) or load set <file>"],
    check: () => "show | compare ; commit check",
    reload: () => "commit confirmed 5, then commit once both tunnels are up",
    status: (t) =>
      `show security ike security-associations ; show security ipsec security-associations${t.bgp ? " ; show bgp summary" : ""}`,
  },
});
