import { sharedCustomerAsn } from "../../model/bgp.ts";
import type { ConnectionModel } from "../../model/types.ts";
import { tunnelError } from "../../render/capabilities.ts";

const VENDOR = "fortigate";

/** The WAN and LAN ports the script names; a FortiGate config cannot be completed without them. */
export function fortigateInterfaces(m: ConnectionModel): { wan: string; lan: string } {
  const { wanInterface: wan, lanInterface: lan } = m.site;
  if (!wan || !lan) {
    throw tunnelError(
      VENDOR,
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
  if (t1.routing !== t2.routing)
    throw tunnelError(VENDOR, null, "both tunnels must use the same routing type");
  for (const t of m.tunnels) {
    if (t.phase2.cipher.mode === "cbc" && t.phase2.integrity === null) {
      throw tunnelError(
        VENDOR,
        t,
        "AES-CBC phase 2 without an integrity algorithm; set HMAC_SHA2_256_128 on the OCI tunnel",
      );
    }
    if (
      t.routing === "POLICY" &&
      (t.encryptionDomain.cpe.length === 0 || t.encryptionDomain.oracle.length === 0)
    ) {
      throw tunnelError(VENDOR, t, "POLICY routing without traffic selectors on both sides");
    }
  }
  sharedCustomerAsn(m, VENDOR, "one `config router bgp` per VDOM");
}
