import type { ConnectionModel } from "../../model/types.ts";

/**
 * charon's IKE retransmission schedule, which for IKEv2 is also its dead-peer detection: an unanswered DPD
 * exchange is retransmitted like any other, and the peer is declared dead when the last retransmit times out.
 * charon's defaults (5 tries, 4 s, ×1.8) take about 165 s; a site link should fail over in about Oracle's own
 * DPD timeout, so the rendered snippet shortens the schedule to fit it.
 */

/** Seconds before the first retransmit. */
export const RETRANSMIT_TIMEOUT_SEC = 2;
/** Each next wait is this many times the previous one. */
export const RETRANSMIT_BASE = 1.4;
/** Fewer retransmits than this would declare a peer dead after one lost packet burst. */
const MIN_TRIES = 2;
/** charon's own default; more would only lengthen failover. */
const MAX_TRIES = 5;

/** When charon gives up on a message after `tries` retransmits: the sum of every wait, in seconds. */
export function giveUpAfterSec(tries: number): number {
  let total = 0;
  for (let n = 0; n <= tries; n++) total += RETRANSMIT_TIMEOUT_SEC * RETRANSMIT_BASE ** n;
  return total;
}

/** The schedule for a connection: as many retransmits as fit in the shortest DPD timeout of its tunnels. */
export interface RetransmitSchedule {
  tries: number;
  timeoutSec: number;
  base: number;
  /** When an unanswered message (a DPD probe among them) is given up, rounded to 0.1 s for the comment. */
  giveUpSec: string;
  /** The DPD timeout it was fitted to. */
  dpdTimeoutSec: number;
}

/** Fits the retransmission schedule into the shortest Oracle DPD timeout of the connection's tunnels. */
export function retransmitSchedule(m: ConnectionModel): RetransmitSchedule {
  const dpdTimeoutSec = Math.min(...m.tunnels.map((t) => t.dpd.timeoutSec));
  let tries = MIN_TRIES;
  while (tries < MAX_TRIES && giveUpAfterSec(tries + 1) <= dpdTimeoutSec) tries++;
  return {
    tries,
    timeoutSec: RETRANSMIT_TIMEOUT_SEC,
    base: RETRANSMIT_BASE,
    giveUpSec: giveUpAfterSec(tries).toFixed(1),
    dpdTimeoutSec,
  };
}
