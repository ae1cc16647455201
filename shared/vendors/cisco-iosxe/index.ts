import { singleFileRenderer } from "../../render/single-file.ts";
import type { VendorRenderer } from "../../render/types.ts";
import { CISCO_IOSXE_CAPABILITIES } from "./algorithms.ts";
import { ciscoIosxeView } from "./view.ts";

const ID = "cisco-iosxe";

/**
 * Cisco IOS XE 17.x, route-based: one virtual tunnel interface (`tunnel mode ipsec ipv4`) per OCI tunnel with an
 * IKEv2 profile/keyring (or an ISAKMP profile/keyring for IKEv1), static routes or BGP over both tunnels, and
 * `ip tcp adjust-mss` from the MSS calculator. Output: one configuration file to paste in `configure terminal`.
 */
export const ciscoIosxeRenderer: VendorRenderer = singleFileRenderer({
  id: ID,
  title: "Cisco IOS XE 17.x (route-based VTI, IKEv2/IKEv1, static or BGP)",
  capabilities: CISCO_IOSXE_CAPABILITIES,
  template: "oci-vpn.cfg",
  fileName: "oci-vpn-iosxe.cfg",
  installHint: "configure terminal, paste the file (or copy it to running-config), then: write memory",
  view: ciscoIosxeView,
  operator: {
    install: () => ["configure terminal, then paste the file (or: copy <file> running-config)"],
    check: (m) =>
      `show running-config | section crypto ; show ip interface brief | include Tunnel${m.tunnels.some((t) => t.ikeVersion === 2) ? " ; show crypto ikev2 profile" : ""}`,
    reload: (m) =>
      `${m.tunnels.map((t) => `clear crypto session remote ${t.oracleIp}`).join(" ; ")} ; write memory`,
    status: (t) =>
      `show crypto ${t.ikeVersion === 2 ? "ikev2" : "isakmp"} sa ; show crypto ipsec sa peer ${t.oracleIp}${t.bgp ? " ; show ip bgp summary" : ""}`,
  },
});
