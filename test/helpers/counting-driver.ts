// A ShareDriver wrapper that counts what the server holds open through the driver SDK: handles from open()
// not yet closed, and directory scans (enumerate()) neither finished nor returned. After every client has
// gone, both must be zero, whatever the clients sent.

import type { DirectoryEntry, DriverHandle, ShareDriver } from '../../src/ios/types.ts';

export interface DriverUsage {
  openHandles: number;
  activeScans: number;
}

export function countingDriver(inner: ShareDriver): { driver: ShareDriver; usage: () => DriverUsage } {
  let openHandles = 0;
  let activeScans = 0;

  const trackScan = (scan: AsyncIterableIterator<DirectoryEntry>): AsyncIterableIterator<DirectoryEntry> => {
    activeScans++;
    let finished = false;
    const finish = (): void => {
      if (!finished) activeScans--;
      finished = true;
    };
    const tracked: AsyncIterableIterator<DirectoryEntry> = {
      async next() {
        try {
          const r = await scan.next();
          if (r.done) finish();
          return r;
        } catch (error) {
          finish();
          throw error;
        }
      },
      async return(value?: unknown) {
        finish();
        return (await scan.return?.(value)) ?? { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return tracked;
      },
    };
    return tracked;
  };

  // Handles passed back into the driver (the source of copyRange / cloneRange) go in unwrapped: drivers only
  // accept their own handles.
  const wrapped = new WeakMap<object, DriverHandle>();
  const unwrap = (arg: unknown): unknown => (typeof arg === 'object' && arg !== null ? (wrapped.get(arg) ?? arg) : arg);

  const trackHandle = (handle: DriverHandle): DriverHandle => {
    openHandles++;
    let closed = false;
    const tracked = new Proxy(handle, {
      get(target, key) {
        if (key === 'close') {
          return async (...args: Parameters<DriverHandle['close']>) => {
            if (!closed) openHandles--;
            closed = true;
            return target.close(...args);
          };
        }
        if (key === 'enumerate') return (...args: Parameters<DriverHandle['enumerate']>) => trackScan(target.enumerate(...args));
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (...args: unknown[]) => value.apply(target, args.map(unwrap)) : value;
      },
    });
    wrapped.set(tracked, handle);
    return tracked;
  };

  const driver = new Proxy(inner, {
    get(target, key) {
      if (key === 'open') {
        return async (...args: Parameters<ShareDriver['open']>) => {
          const opened = await target.open(...args);
          return { ...opened, handle: trackHandle(opened.handle) };
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { driver, usage: () => ({ openHandles, activeScans }) };
}
