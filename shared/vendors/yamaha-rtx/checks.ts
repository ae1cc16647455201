import { sharedCustomerAsn } from "../../model/bgp.ts";
import { tunnelNumber as slotTunnelNumber } from "../../model/slots.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { rangeError, tunnelError } from "../../render/capabilities.ts";

const VENDOR = "yamaha-rtx";

/** Highest tunnel number on RTX1220/RTX1300 (RTX830/RTX840: 20) without an extension licence. */
export const RTX_MAX_TUNNEL = 100;

/** Yamaha's BGP commands take 2-byte AS numbers only (29.4 bgp autonomous-system: 1..65535). */
const MAX_2BYTE_ASN = 65535;

/** The RTX tunnel number (also its gateway and policy id) for tunnel `t`: two per slot, so connections never collide. */
export function rtxTunnelNumber(m: ConnectionModel, t: TunnelModel): number {
  return slotTunnelNumber(m, t);
}

/**
 * IKEv1 main mode sends the router's own address as its identity: `ipsec ike local name` is only used in
 * aggressive mode and turns IP identities into KEY_IDs (15.17). Behind 1:1 NAT, or with a HOSTNAME identity,
 * Oracle would reject it.
 */
function checkIkev1Identity(m: ConnectionModel, t: TunnelModel): void {
  const id = m.cpe.identity;
  if (id.type === "IP_ADDRESS" && id.value === m.cpe.localIp) return;
  throw tunnelError(
    VENDOR,
    t,
    `IKEv1 main mode on an RTX sends its own address ${m.cpe.localIp} as IKE identity and cannot send ` +
      `"${id.value}". Set the IPSec connection's CPE IKE identifier in OCI to ${m.cpe.localIp} (IP address), ` +
      "or switch both tunnels to IKEv2, where `ipsec ike local name` sets it.",
  );
}

/** Every condition the capability table cannot express; throws a CapabilityError naming the tunnel. */
export function checkRtx(m: ConnectionModel): void {
  const [t1, t2] = m.tunnels;
  if (t1.routing !== t2.routing)
    throw tunnelError(VENDOR, null, "both tunnels must use the same routing type (STATIC or BGP)");
  for (const t of m.tunnels) {
    const n = rtxTunnelNumber(m, t);
    if (n > RTX_MAX_TUNNEL) {
      throw tunnelError(
        VENDOR,
        t,
        `tunnel number ${n} (slot ${m.site.slot}) exceeds ${RTX_MAX_TUNNEL}; pin a lower site.slot`,
      );
    }
    if (t.ikeVersion === 1) checkIkev1Identity(m, t);
    // 15.24: with IKEv2 only the first group of `ipsec ike group` is used, for the IKE SA and for PFS alike.
    if (t.ikeVersion === 2 && t.phase2.pfsDhGroup !== null && t.phase2.pfsDhGroup !== t.phase1.dhGroup) {
      throw tunnelError(
        VENDOR,
        t,
        `IKEv2 on an RTX uses one DH group for the IKE SA and PFS; set the OCI tunnel's PFS group to ` +
          `GROUP${t.phase1.dhGroup} (same as phase 1) or turn PFS off`,
      );
    }
    for (const lifetime of [t.phase1.lifetimeSec, t.phase2.lifetimeSec]) {
      if (lifetime < 300 || lifetime > 691200)
        throw rangeError(VENDOR, "RTX", t, "SA lifetime", lifetime, [300, 691200], "s");
    }
    if (t.bgp && (t.bgp.customerAsn > MAX_2BYTE_ASN || t.bgp.oracleAsn > MAX_2BYTE_ASN)) {
      throw tunnelError(
        VENDOR,
        t,
        `RTX BGP accepts 2-byte AS numbers only (1..65535); got ${t.bgp.customerAsn} / ${t.bgp.oracleAsn}`,
      );
    }
  }
  sharedCustomerAsn(m, VENDOR, "one `bgp autonomous-system` per router");
}
