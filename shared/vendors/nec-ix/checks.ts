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
 * The IKEv2 local ID to set, as IX writes it after `psk id` (`ipv4 198.51.100.10`, `fqdn vpn.example.com`), or
 * null when the router's own address (its default ID) is what Oracle expects.
 *
 * IX does set an IKEv2 local ID: an `ikev2 profile` takes `local-authentication psk id <ipv4|fqdn|keyid …>`, and
 * the router then signs its own AUTH with the key registered for that ID (`ikev2 authentication psk id <id> key
 * char …`), while the peer's key is the one registered for the peer's ID. NEC's IX IKEv2 guide lists the ID
 * types (ID_IPV4_ADDR, ID_FQDN, ID_RFC822_ADDR, ID_IPV6_ADDR, ID_KEY_ID; support.necplatforms.co.jp/ix-nrv/
 * manual/fd/02_router/23_ikev2.html, "IKEv2/IPsecの設定"); published IX configurations show both key lookups
 * (`local-authentication psk id keyid ROUTER1` signing with ROUTER1's key) and `psk id fqdn <name>`. Without
 * `local-authentication` IX sends its address and signs with the peer's key, which is what Oracle's IX
 * template relies on.
 */
export function ikev2LocalId(m: ConnectionModel): string | null {
  const id = m.cpe.identity;
  if (id.type === "HOSTNAME") return `fqdn ${id.value}`;
  return id.value === m.cpe.localIp ? null : `ipv4 ${id.value}`;
}

/**
 * One ID has one key on IX, and OCI uses each tunnel's own PSK in both directions: a local ID shared by both
 * IKEv2 tunnels therefore works only when their keys are the same.
 */
function checkIkev2Identity(m: ConnectionModel, t: TunnelModel): void {
  const localId = ikev2LocalId(m);
  if (localId === null) return;
  const keys = new Set(m.tunnels.filter((x) => x.ikeVersion === 2).map((x) => x.psk));
  if (keys.size <= 1) return;
  throw tunnelError(
    VENDOR,
    t,
    `Oracle expects the IKE identity ${m.cpe.identity.value}, which IX sends with \`local-authentication psk id ` +
      `${localId}\`; IX then signs with the one key registered for that ID, so both IKEv2 tunnels must have the ` +
      "same pre-shared key. Give both OCI tunnels the same shared secret, or set the IPSec connection's CPE IKE " +
      `identifier in OCI to the router's own address ${m.cpe.localIp} (IP address)`,
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
