import type { Ledger, LedgerEntry } from "../../core/queue/ports.ts";
import { ConflictError } from "../../errors.ts";

/** The ledger in memory (local mode and tests): versions are counters, If-Match is checked like OCI's. */
export function createMemoryLedger(): Ledger & { entries: Map<string, LedgerEntry> } {
  const entries = new Map<string, LedgerEntry>();
  let version = 0;
  return {
    entries,
    async read(name) {
      const e = entries.get(name);
      return e ? { value: structuredClone(e.value), etag: e.etag } : null;
    },
    async write(name, value, ifMatch) {
      const current = entries.get(name);
      if ((current?.etag ?? null) !== ifMatch)
        throw new ConflictError(`ledger ${name} changed since it was read`);
      const etag = `v${++version}`;
      entries.set(name, { value: structuredClone(value), etag });
      return etag;
    },
  };
}
