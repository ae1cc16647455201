import type { TunnelModel } from "../../model/types.ts";

/**
 * How fast VyOS notices a dead Oracle headend, said in the rendered file instead of implied.
 * VyOS 1.4/1.5 write `dead-peer-detection interval/timeout` as swanctl's `dpd_delay`/`dpd_timeout`
 * (vyos-1x `templates/ipsec/swanctl/peer.j2`). strongSwan applies `dpd_timeout` to IKEv1 only: for IKEv2 a DPD
 * exchange is retransmitted like any other message and the peer is dead when the last retransmit times out.
 * Those retransmit settings are global in strongswan.conf, and VyOS's `charon.conf` template leaves them at
 * charon's defaults with no CLI node, so IKEv2 detection takes the schedule below (about 165 s), far beyond
 * Oracle's DPD timeout. BGP's hold timer does not depend on it, so BGP sessions get a short one.
 */

/** charon's defaults: first retransmit after 4 s, each wait ×1.8, 5 retransmits. */
const CHARON_DEFAULTS = { timeoutSec: 4, base: 1.8, tries: 5 } as const;

/** BGP timers for the Oracle neighbours: a dead tunnel's routes are withdrawn after {@link BGP_HOLDTIME} s. */
export const BGP_KEEPALIVE = 10;
export const BGP_HOLDTIME = 30;

/** Seconds until charon gives up on an unanswered IKEv2 message with its default schedule (165.1 s). */
export function charonDefaultGiveUpSec(): number {
  const { timeoutSec, base, tries } = CHARON_DEFAULTS;
  let total = 0;
  for (let n = 0; n <= tries; n++) total += timeoutSec * base ** n;
  return Math.round(total * 10) / 10;
}

/** Worst-case seconds from the last packet of a dead headend to VyOS declaring it dead. */
export function detectionSec(t: TunnelModel, dpdInterval: number, dpdTimeout: number): number {
  return dpdInterval + (t.ikeVersion === 2 ? charonDefaultGiveUpSec() : dpdTimeout);
}

/** One comment line on the tunnel's real detection time and what takes the traffic off it. */
export function detectionNote(t: TunnelModel, dpdInterval: number, dpdTimeout: number): string {
  const total = Math.round(detectionSec(t, dpdInterval, dpdTimeout));
  const after =
    t.routing === "BGP"
      ? `BGP's ${BGP_HOLDTIME} s hold time withdraws its routes first`
      : "only then its VTI and static route go down";
  if (t.ikeVersion === 1) {
    return `Dead-peer detection (IKEv1): a dead headend is declared after about ${total} s (probe after ${dpdInterval} s idle + ${dpdTimeout} s timeout); ${after}.`;
  }
  return (
    `Dead-peer detection (IKEv2): about ${total} s, not Oracle's ${t.dpd.timeoutSec} s: charon retransmits an unanswered probe for ` +
    `${charonDefaultGiveUpSec()} s (its defaults; VyOS has no setting for them and dead-peer-detection timeout is IKEv1-only); ${after}.`
  );
}
