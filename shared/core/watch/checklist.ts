import { listRenderers } from "../../render/registry.ts";
import type { StatusTarget } from "../../render/types.ts";
import type { TunnelAlert } from "./alert.ts";

/**
 * The first things to check on the CPE for a tunnel that is down: a vendor-neutral list by what is down, then
 * the status commands of the vendors tunnelsmith rendered for the connection (the same commands the rendered
 * files name in their headers). Addresses come from the API and were validated; labels are sanitised.
 */
export function cpeChecklist(alert: TunnelAlert): string[] {
  const t = alert.tunnel;
  const lines: string[] = [];
  if (alert.state === "FLAPPING" || alert.flap !== null) lines.push(FLAP_CHECK);
  const down = t.down;
  if (down === null) return numbered(lines);
  if (alert.rotationInProgress) {
    lines.push(
      "tunnelsmith is rotating this tunnel's PSK: it stays down until the CPE has the new key. Apply the config from the rotation message first.",
    );
  }
  if (t.maintenance) {
    lines.push(
      `Oracle reports DOWN_FOR_MAINTENANCE for headend ${t.oracleIp ?? "?"}: nothing to change on the CPE. Make sure traffic uses the other tunnel.`,
    );
    return numbered(lines);
  }
  if (down === "ipsec" || down === "both") lines.push(...ipsecChecks(alert));
  else lines.push(...bgpChecks(alert));
  return numbered(lines);
}

const FLAP_CHECK =
  "A tunnel that keeps going down and up usually has: packet loss on the WAN link (DPD timeouts), lifetimes that differ from Oracle's (rekeys fail every hour or every 8 hours), or a second device or config using the same IKE identity.";

function ipsecChecks(alert: TunnelAlert): string[] {
  const t = alert.tunnel;
  const oracle = t.oracleIp ?? "the Oracle headend";
  const lines = [
    `Is the CPE's Internet link up, and is its public address still ${t.cpeIp ?? "the CPE object's IP address"}? OCI only talks to that address (behind NAT: the NAT's public address); if it changed, update the CPE object in OCI.`,
    `Can the CPE reach ${oracle}? UDP 500 and 4500 and ESP (IP protocol 50) must pass the CPE's own firewall and anything upstream (ISP router, NAT).`,
    `Is the IKE daemon running, and what does its log say about ${oracle}? No answer: reachability. NO_PROPOSAL_CHOSEN: phase 1/2 algorithms or IKE version (OCI expects IKEv${t.ikeVersion === "V2" ? "2" : "1"}). AUTHENTICATION_FAILED or INVALID_ID: PSK or IKE identity.`,
    `Does the CPE have the current PSK? ${alert.lastPskRotation ? `tunnelsmith last rotated it at ${alert.lastPskRotation}.` : "tunnelsmith has not recorded a rotation for it."} The configs tunnelsmith stores carry the key OCI has.`,
    "Was the CPE's configuration changed (proposals, lifetimes, identities, interfaces)? Re-apply the config tunnelsmith rendered if in doubt.",
  ];
  if (alert.trafficFlowing && alert.other) {
    lines.push(
      `Traffic should now use tunnel ${alert.other.index} (${alert.other.oracleIp ?? "?"}): check that the routes${t.routing === "BGP" ? " learned over BGP" : ""} moved to it.`,
    );
  }
  return lines;
}

function bgpChecks(alert: TunnelAlert): string[] {
  const b = alert.tunnel.bgp;
  const oracleInside = insideHost(b?.oracleInterfaceIp);
  return [
    `IPsec is up but BGP is down. Is the tunnel interface up with ${b?.customerInterfaceIp ?? "the customer inside address"}, and does ${oracleInside} answer ping through the tunnel?`,
    `Is the BGP neighbour ${oracleInside} configured with remote AS ${b?.oracleBgpAsn ?? "(OCI's ASN)"} and local AS ${b?.customerBgpAsn ?? "(your ASN)"}, and is the BGP daemon running?`,
    "Is TCP port 179 allowed on the tunnel interface (host firewall, zone or security policy)?",
    "What does the BGP log say: hold timer expired, a NOTIFICATION from Oracle, max-prefix, or a missing import/export policy (FRR 8: ebgp-requires-policy)?",
    "Does the CPE announce only its own networks (never a default route), within OCI's route limits?",
  ];
}

/**
 * The status commands per vendor: `<vendor>: <command> ; <command>`, from each vendor's declaration
 * (`operator.status`, shared/vendors/<id>/index.ts) so the commands live next to the configs they check.
 */
export function deviceHints(alert: TunnelAlert): string[] {
  const t = alert.tunnel;
  const target: StatusTarget = {
    oracleIp: t.oracleIp ?? "<headend>",
    ikeVersion: t.ikeVersion === "V2" ? 2 : t.ikeVersion === "V1" ? 1 : null,
    bgp: t.routing === "BGP",
    bgpNeighbour: insideHost(t.bgp?.oracleInterfaceIp),
  };
  const byId = new Map(listRenderers().map((r) => [r.id, r]));
  return alert.vendors.flatMap((v) => {
    const renderer = byId.get(v);
    return renderer ? [`${v}: ${renderer.operator.status(target)}`] : [];
  });
}

/** `192.168.254.2/30` → `192.168.254.2`. */
function insideHost(cidr: string | null | undefined): string {
  return cidr ? (cidr.split("/")[0] ?? cidr) : "the Oracle inside address";
}

function numbered(lines: readonly string[]): string[] {
  return lines.map((l, i) => `${i + 1}. ${l}`);
}
