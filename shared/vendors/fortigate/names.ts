import { tunnelNumber as slotTunnelNumber } from "../../model/slots.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";

/**
 * Object names and numbers. Tunnel interface n = 2 × slot + tunnel index, so connections sharing a FortiGate
 * never collide; phase 1 names are interface names (at most 15 characters). Firewall policies, static routes and
 * BGP networks get explicit ids in a block reserved per slot, so re-applying the script updates the same entries
 * instead of adding copies (`edit 0` would append a new one on every run).
 */
export const ID_BASE = 39000;
/** Ids per slot: enough for a connection's policies, routes (3 per Oracle CIDR) and BGP networks. */
export const IDS_PER_SLOT = 100;

export function tunnelNumber(m: ConnectionModel, t: TunnelModel): number {
  return slotTunnelNumber(m, t);
}

export function tunnelName(m: ConnectionModel, t: TunnelModel): string {
  return `oci-tun${tunnelNumber(m, t)}`;
}

/** Prefix of every per-connection object name: `oci-s0`. */
export function slotPrefix(m: ConnectionModel): string {
  return `oci-s${m.site.slot}`;
}

/** The first id of the connection's block; ids `base + 1 … base + 99` belong to it. */
export function idBase(m: ConnectionModel): number {
  return ID_BASE + m.site.slot * IDS_PER_SLOT;
}
