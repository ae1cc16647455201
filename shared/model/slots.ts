import { ConflictError } from "../errors.ts";

/** One connection terminating on a CPE, as far as interface allocation is concerned. */
export interface SlotCandidate {
  connectionId: string;
  cpeId: string;
  timeCreated?: string | null | undefined;
  /** A slot pinned by the user (`site.slot`), which wins over allocation. */
  pinnedSlot?: number | undefined;
}

/** Highest slot; each slot holds the two tunnels of one connection. */
export const MAX_SLOT = 99;

/**
 * Gives every connection on a CPE its own slot, so that the interface names and XFRM marks derived from it are
 * unique across all connections on that CPE. Pinned slots are honoured first; the others take the lowest free
 * slot in creation order, which keeps existing connections' slots when a newer one is added. Removing an older
 * connection can move later ones: pin `site.slot` where interface names must never change.
 */
export function allocateSlots(candidates: readonly SlotCandidate[]): Map<string, number> {
  const result = new Map<string, number>();
  const byCpe = new Map<string, SlotCandidate[]>();
  for (const c of candidates) byCpe.set(c.cpeId, [...(byCpe.get(c.cpeId) ?? []), c]);

  for (const [cpeId, group] of byCpe) {
    const used = new Map<number, string>();
    for (const c of group) {
      if (c.pinnedSlot === undefined) continue;
      const holder = used.get(c.pinnedSlot);
      if (holder && holder !== c.connectionId) {
        throw new ConflictError(
          `connections ${holder} and ${c.connectionId} on CPE ${cpeId} both pin site.slot ${c.pinnedSlot}`,
        );
      }
      used.set(c.pinnedSlot, c.connectionId);
      result.set(c.connectionId, c.pinnedSlot);
    }
    const rest = group
      .filter((c) => c.pinnedSlot === undefined)
      .sort(
        (a, b) =>
          (a.timeCreated ?? "").localeCompare(b.timeCreated ?? "") ||
          a.connectionId.localeCompare(b.connectionId),
      );
    let next = 0;
    for (const c of rest) {
      if (result.has(c.connectionId)) continue;
      while (used.has(next)) next++;
      if (next > MAX_SLOT) throw new ConflictError(`CPE ${cpeId} has more than ${MAX_SLOT + 1} connections`);
      used.set(next, c.connectionId);
      result.set(c.connectionId, next);
    }
  }
  return result;
}

/**
 * The CPE-wide number of tunnel `t` of a connection in its slot: slot 0 gives 1 and 2, slot 1 gives 3 and 4. Every
 * vendor numbers its tunnel interfaces, units and ids from it, so two connections on one CPE never collide.
 */
export function tunnelNumber(m: { site: { slot: number } }, t: { index: 1 | 2 }): number {
  return m.site.slot * 2 + t.index;
}

/** Interface name and mark for tunnel `index` (1 or 2) in `slot`: slot 0 gives vti1/mark 5 and vti2/mark 6 as in Oracle's Libreswan example. */
export function interfaceFor(prefix: string, slot: number, index: 1 | 2): { name: string; mark: number } {
  const n = tunnelNumber({ site: { slot } }, { index });
  return { name: `${prefix}${n}`, mark: 4 + n };
}
