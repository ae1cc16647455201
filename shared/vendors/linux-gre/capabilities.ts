import type { VendorCapabilities } from "../../render/capabilities.ts";
import { LINUX_INTERFACES } from "../../render/interfaces.ts";
import { ociOfferWithout } from "../../render/oci-offer.ts";
import { ANY_OCI_PSK } from "../../render/psk.ts";

/**
 * The capability table of `linux-gre`, which renders no IPsec at all: its input is the snapshot's `site.gre`, and
 * the connection's two IPsec tunnels are not part of its output. The registry's check (is every tunnel's IKE
 * version, routing mode and algorithm supported?) answers "would this vendor's output fail to negotiate?", and for
 * GRE the answer is always no, whatever the tunnels say. So the table lists every value the model can hold: the
 * check never rejects a connection for IPsec settings GRE does not use. What GRE does need, a `site.gre` section,
 * is checked by the renderer itself, which throws a CapabilityError explaining it when the section is missing.
 */
export const LINUX_GRE_CAPABILITIES: VendorCapabilities = {
  ikeVersions: [1, 2],
  routing: ["STATIC", "BGP", "POLICY"],
  ...ociOfferWithout(),
  natT: true,
  ipv6Inside: false,
  // GRE carries no key; the IPsec tunnels' PSKs never reach its files.
  psk: ANY_OCI_PSK,
  interfaces: LINUX_INTERFACES,
};
