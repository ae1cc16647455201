import type { RouterosView } from "./view.ts";

/**
 * Automatic failover for RouterOS. RouterOS holds one IPsec policy per selector pair, so a pair both tunnels
 * carry is active on tunnel 1 and a disabled standby on tunnel 2 (see `view.ts`). A scheduler runs a script
 * every {@link CHECK_INTERVAL}: when tunnel 1's IKE peer is no longer established (RouterOS DPD dropped it,
 * within Oracle's DPD timeout) and tunnel 2's is, the shared pairs move to tunnel 2; when tunnel 1 is
 * established again they move back. Policies are matched by their tunnelsmith comment and, for tunnel 1, by
 * the pair itself, so a pair only tunnel 1 carries is never disabled (its traffic would leave unencrypted).
 */

/** How often the scheduler checks the peers; with DPD this bounds the switch to about timeout + 10 s. */
export const CHECK_INTERVAL = "10s";

export interface RouterosFailoverView {
  connectionLabel: string;
  connectionId: string;
  tag: string;
  /** Name of both the `/system script` and the `/system scheduler` entry. */
  name: string;
  comment: string;
  interval: string;
  primaryIp: string;
  standbyIp: string;
  /** Matches tunnel 1's policies (comment prefix); each pair below narrows it to one shared pair. */
  primaryPattern: string;
  /** Matches tunnel 2's standby policies, which exist only for shared pairs. */
  standbyPattern: string;
  pairs: { src: string; dst: string }[];
}

/** The failover script's view from the main script's, or null when no pair has a standby (nothing to move). */
export function routerosFailoverView(v: RouterosView): RouterosFailoverView | null {
  const pairs = v.policies.filter((p) => p.disabled === "yes").map((p) => ({ src: p.src, dst: p.dst }));
  const [primary, standby] = v.tunnels;
  if (pairs.length === 0 || !primary || !standby) return null;
  return {
    connectionLabel: v.connectionLabel,
    connectionId: v.connectionId,
    tag: v.tag,
    name: `${v.prefix}-failover`,
    comment: `${v.tag} failover`,
    interval: CHECK_INTERVAL,
    primaryIp: primary.oracleIp,
    standbyIp: standby.oracleIp,
    primaryPattern: v.activePattern,
    standbyPattern: v.standbyPattern,
    pairs,
  };
}
