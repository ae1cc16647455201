/** One page of an OCI list call: its items and the cursor of the next page, if any. */
export interface Page<T> {
  items: readonly T[];
  /** `opc-next-page` (or Object Storage's `nextStartWith`); absent or empty on the last page. */
  opcNextPage?: string | undefined;
}

/**
 * Every item of an OCI list call, following the next-page cursor until the service gives none. The one paging
 * loop of the runtime adapters: a list that stops after the first page silently drops connections, links or
 * objects once a compartment grows past one page (the default page size is often 100 or less).
 */
export async function listAll<T>(fetch: (page: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let page: string | undefined;
  do {
    const res = await fetch(page);
    out.push(...res.items);
    page = res.opcNextPage || undefined;
  } while (page);
  return out;
}
