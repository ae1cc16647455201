import { singleFileRenderer } from "../../render/single-file.ts";
import type { VendorRenderer } from "../../render/types.ts";
import { NEC_IX_CAPABILITIES } from "./algorithms.ts";
import { necIxView } from "./view.ts";

const ID = "nec-ix";

/**
 * NEC UNIVERGE IX2215 / IX3315: one config file, `oci-vpn-ix.txt`, following Oracle's validated IX template
 * (IKEv2 `tunnel mode ipsec-ikev2` with a per-tunnel `ikev2 profile`, or IKEv1 `tunnel mode ipsec` with
 * `ike policy` / `ipsec autokey-map`), Tunnel interfaces `Tunnel<2 × slot + index>.0`, `ip tcp adjust-mss`, and
 * static routes (tunnel 1 preferred by distance) or BGP with prefix lists and route maps.
 */
export const necIxRenderer: VendorRenderer = singleFileRenderer({
  id: ID,
  title: "NEC UNIVERGE IX2215/IX3315 (route-based Tunnel interfaces, static or BGP)",
  capabilities: NEC_IX_CAPABILITIES,
  template: "oci-vpn-ix.txt",
  fileName: "oci-vpn-ix.txt",
  installHint: "paste in global configuration mode, check, then: copy running-config startup-config",
  view: necIxView,
  operator: {
    install: () => ["configure (global configuration mode), then paste the file"],
    check: () => "show running-config",
    reload: () => "copy running-config startup-config (the IX applies each command as it is entered)",
    status: (t) =>
      `show ${t.ikeVersion === 2 ? "ikev2 sa ; show ikev2 child-sa" : "ike sa"} ; show ipsec sa${t.bgp ? " ; show ip bgp summary" : ""}`,
  },
});
