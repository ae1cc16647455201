/**
 * How many Object Storage calls one invocation makes at once when it stores files, creates links or revokes
 * them. Each call waits a network round trip (tens of ms in a region), and one connection has about eight files
 * per step, so doing them four at a time cuts a create's wall time by most of those round trips while staying
 * far below Object Storage's request limits (the adapter's rate limiter and retry still apply to every call).
 */
export const OBJECT_CALLS_AT_ONCE = 4;

/**
 * Runs `work` for every item, at most `limit` at a time, and returns the results in the items' order. Used wherever
 * one invocation makes many independent OCI calls: a sweep of hundreds of connections must not open hundreds of
 * calls at once (OCI throttles with 429), nor make hundreds of round trips one after the other.
 *
 * When one fails, no new item is started, the ones already running are waited for (so whatever they created is
 * known to the caller's bookkeeping before it cleans up), and the first error is thrown.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
