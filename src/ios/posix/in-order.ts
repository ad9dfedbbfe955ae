// Bounded concurrency that keeps order, for directory listings: each entry needs an lstat and a metadata read,
// and waiting for them one at a time leaves the thread pool idle between calls.

/**
 * Maps each item of `source` through `map` with up to `limit` calls under way at once, yielding the results in
 * the order of the source. A failed call fails the iteration when its turn comes. When the consumer stops
 * early, the source is closed; calls already started run to their end and their failures are dropped.
 */
export async function* mapInOrder<T, U>(source: AsyncIterable<T>, limit: number, map: (item: T) => Promise<U>): AsyncGenerator<U, void, undefined> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  const iterator = source[Symbol.asyncIterator]();
  const pending: Promise<U>[] = [];
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && pending.length < limit) {
        const next = await iterator.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        const call = map(next.value);
        // Awaited in turn below; the handler only keeps a call left behind by an early stop from surfacing as an
        // unhandled rejection.
        call.catch(() => {});
        pending.push(call);
      }
      const head = pending.shift();
      if (head === undefined) return;
      yield await head;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}
