/**
 * `items.map(fn)` with at most `limit` calls of `fn` in flight, results in
 * the order of `items`. Rejects with the first failure (the calls already
 * started run to their end). Enough to keep a scorecard's dozen queries from
 * queueing all at once in front of other requests.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker))
  return results
}
