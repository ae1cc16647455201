import { singleFileRenderer } from "../../render/single-file.ts";
import type { VendorRenderer } from "../../render/types.ts";
import { YAMAHA_RTX_CAPABILITIES } from "./algorithms.ts";
import { yamahaRtxView } from "./view.ts";

const ID = "yamaha-rtx";

/**
 * Yamaha RTX1220 / RTX830 / RTX1300: one console/TFTP config, `oci-vpn-rtx.txt`, with both IPsec tunnel
 * interfaces (`tunnel select N`, N = 2 × slot + tunnel index), the MSS clamp per tunnel, and either static routes
 * with tunnel 2 as a `weight 0` backup or BGP over the tunnel inside addresses.
 */
export const yamahaRtxRenderer: VendorRenderer = singleFileRenderer({
  id: ID,
  title: "Yamaha RTX1220/RTX830/RTX1300 (route-based IPsec tunnel interfaces, static or BGP)",
  capabilities: YAMAHA_RTX_CAPABILITIES,
  template: "oci-vpn-rtx.txt",
  fileName: "oci-vpn-rtx.txt",
  installHint: "paste into the RTX console as administrator (or load by TFTP), check, then: save",
  view: yamahaRtxView,
  operator: {
    install: () => ["log in as administrator and paste into the console (or load it by TFTP)"],
    check: () => "show config",
    reload: () => "save (the RTX applies each command as it is entered)",
    status: (t) => `show ipsec sa ; show status tunnel <number>${t.bgp ? " ; show status bgp neighbor" : ""}`,
  },
});
