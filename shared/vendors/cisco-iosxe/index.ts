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
});
