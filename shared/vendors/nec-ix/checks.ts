import { sharedCustomerAsn } from "../../model/bgp.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { tunnelError } from "../../render/capabilities.ts";
import { espCipher, ikev1Cipher } from "./algorithms.ts";

const VENDOR = "nec-ix";

/**
 * `site.wanInterface` / `site.lanInterface`, or null when unset. The IX spelling (`GigaEthernet0.0`) is checked
 * against the capability table's interface grammar before rendering.
 */
export function ixInterface(m: ConnectionModel, key: "wanInterface" | "lanInterface"): string | null {
  return m.site[key];
}

function checkIkev1(t: TunnelModel): void {
  if (t.routing === "STATIC") {
    throw tunnelError(
      VENDOR,
      t,
      "static routing over IKEv1 cannot fail over between the two IX Tunnel interfaces without a monitored " +
        "address inside OCI; switch the OCI tunnels to IKEv2 (Oracle's validated IX template) or to BGP",
    );
  }
  if (!ikev1Cipher(t.phase1.cipher) || !espCipher(t.phase2.cipher)) {
    throw tunnelError(
      VENDOR,
      t,
      `IKEv1 on IX is rendered for AES-128/AES-256-CBC only (phase 1 ${t.phase1.cipher.mode}-${t.phase1.cipher.keyBits}, ` +
        `phase 2 ${t.phase2.cipher.mode}-${t.phase2.cipher.keyBits}); use IKEv2 (AES-GCM) or set phase 2 ` +
        "AES_256_CBC / HMAC_SHA2_256_128 on the OCI tunnel",
    );
  }
}

/**
 * IKEv2 on IX authenticates with the key registered for an identity (`ikev2 authentication psk id …`). The two
 * OCI tunnels have different keys, so the router keeps its default identity (its own address) rather than one
 * shared local identity; behind 1:1 NAT, Oracle must be told that address.
 */
function checkIkev2Identity(m: ConnectionModel, t: TunnelModel): void {
  const id = m.cpe.identity;
  if (id.type === "IP_ADDRESS" && id.value === m.cpe.localIp) return;
  throw tunnelError(
    VENDOR,
    t,
    `IKEv2 on IX identifies itself by its own address ${m.cpe.localIp}, not "${id.value}": set the IPSec ` +
      `connection's CPE IKE identifier in OCI to ${m.cpe.localIp} (IP address), or use IKEv1 (ike local-id)`,
  );
}

/** Conditions the capability table cannot express. */
export function checkIx(m: ConnectionModel): void {
  const [t1, t2] = m.tunnels;
  if (t1.routing !== t2.routing)
    throw tunnelError(VENDOR, null, "both tunnels must use the same routing type (STATIC or BGP)");
  for (const t of m.tunnels) {
    if (t.phase2.cipher.mode === "cbc" && t.phase2.integrity === null) {
      throw tunnelError(
        VENDOR,
        t,
        "AES-CBC phase 2 without an integrity algorithm; set HMAC_SHA2_256_128 on the OCI tunnel",
      );
    }
    if (t.ikeVersion === 1) checkIkev1(t);
    else checkIkev2Identity(m, t);
  }
  if (t1.routing === "STATIC" && m.site.lanInterface === null) {
    throw tunnelError(
      VENDOR,
      null,
      "set site.lanInterface (e.g. GigaEthernet1.0): static IX tunnels borrow its address (ip unnumbered)",
    );
  }
  sharedCustomerAsn(m, VENDOR, "one `router bgp` per router");
}
