/**
 * Runs `work` over `items` with at most `limit` running at once, keeping the input order in the result. A sweep
 * of hundreds of connections must not open hundreds of API calls at once (OCI throttles with 429), nor take
 * hundreds of round trips one after the other.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
