import type { Snapshot } from "../../snapshot/schema.ts";

/** Why a rotation may not start now. */
export interface SafetyVerdict {
  /** Reasons no flag overrides: OCI would refuse the change, or another change is in progress. */
  blocking: string[];
  /** Reasons `--force` overrides: rotating now would take the connection's last working tunnel down. */
  overridable: string[];
}

/**
 * The safety rules for changing tunnel `tunnelId`'s key. Changing a PSK takes that tunnel down until the CPE has
 * the new key, so the *other* tunnel must be carrying traffic: `UP`, and for BGP with its session `UP`. The
 * connection must be `AVAILABLE` and neither tunnel reprovisioning (OCI accepts no change to a connection until
 * the previous one finished, and a tunnel being reprovisioned is down).
 */
export function checkSafety(snapshot: Snapshot, tunnelId: string): SafetyVerdict {
  const blocking: string[] = [];
  const overridable: string[] = [];
  const connectionState = snapshot.ipsecConnection.lifecycleState;
  if (connectionState !== "AVAILABLE") {
    blocking.push(`the connection is ${connectionState}, not AVAILABLE`);
  }
  if (snapshot.tunnels.length !== 2) {
    blocking.push(`the connection has ${snapshot.tunnels.length} tunnels, not 2`);
    return { blocking, overridable };
  }
  snapshot.tunnels.forEach((t, i) => {
    if (t.lifecycleState && t.lifecycleState !== "AVAILABLE") {
      blocking.push(
        `tunnel ${i + 1} (${t.vpnIp}) is ${t.lifecycleState}: another change is still in progress`,
      );
    }
  });
  const otherIndex = snapshot.tunnels.findIndex((t) => t.id !== tunnelId);
  const other = snapshot.tunnels[otherIndex];
  if (!other) return { blocking, overridable };
  const name = `the other tunnel (tunnel ${otherIndex + 1}, ${other.vpnIp})`;
  if (other.status !== "UP") {
    overridable.push(
      `${name} is ${other.status ?? "of unknown status"}, not UP: changing this key would take the last working tunnel down`,
    );
  }
  if (other.routing === "BGP" && other.bgpSessionInfo?.bgpState !== "UP") {
    overridable.push(
      `the BGP session of ${name} is ${other.bgpSessionInfo?.bgpState ?? "of unknown state"}, not UP: no routes would be left`,
    );
  }
  return { blocking, overridable };
}
