/**
 * Runs `work` over `items` with at most `limit` running at once, taking them in order; resolves
 * when every one is done (and rejects with the first failure). For fan-out to a service that takes
 * requests in parallel but not without bound.
 *
 * @example
 * await eachLimited(cases, 10, (kase) => supervise(kase));
 */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
