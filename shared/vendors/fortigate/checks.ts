import { CapabilityError } from "../../errors.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";

const VENDOR = "fortigate";

function fail(t: TunnelModel | null, message: string): never {
  const where = t ? `tunnel ${t.index} "${t.label}" (${t.id}): ` : "";
  throw new CapabilityError(VENDOR, `${where}${message}`);
}

/** The WAN and LAN ports the script names; a FortiGate config cannot be completed without them. */
export function fortigateInterfaces(m: ConnectionModel): { wan: string; lan: string } {
  const { wanInterface: wan, lanInterface: lan } = m.site;
  if (!wan || !lan) {
    fail(
      null,
      "set site.wanInterface (the FortiGate port facing the Internet, e.g. wan1) and site.lanInterface " +
        "(the port towards the on-premises networks, e.g. internal): phase 1 and the firewall policies need them",
    );
  }
  return { wan, lan };
}

/** Conditions the capability table cannot express. */
export function checkFortigate(m: ConnectionModel): void {
  const [t1, t2] = m.tunnels;
  if (t1.routing !== t2.routing) fail(null, "both tunnels must use the same routing type");
  for (const t of m.tunnels) {
    if (t.phase2.cipher.mode === "cbc" && t.phase2.integrity === null) {
      fail(t, "AES-CBC phase 2 without an integrity algorithm; set HMAC_SHA2_256_128 on the OCI tunnel");
    }
    if (
      t.routing === "POLICY" &&
      (t.encryptionDomain.cpe.length === 0 || t.encryptionDomain.oracle.length === 0)
    ) {
      fail(t, "POLICY routing without traffic selectors on both sides");
    }
  }
  if (t1.bgp && t2.bgp && t1.bgp.customerAsn !== t2.bgp.customerAsn) {
    fail(null, "both BGP tunnels must use the same customer ASN (one `config router bgp` per VDOM)");
  }
}
