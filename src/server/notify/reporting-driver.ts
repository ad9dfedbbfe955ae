// Every change a client makes reaches the backend through the share's driver, so that is where the server
// reports changes for CHANGE_NOTIFY: this decorator wraps the ShareDriver and each DriverHandle it opens, and
// after each mutation that succeeds reports what MS-FSA's operation would (the actions of MS-FSCC 2.7.1, the
// FilterMatch bits of MS-SMB2 2.2.35). Writes are coalesced as Windows does: an open reports the writes it
// made once, when it closes. Everything else passes through untouched, members added to the SDK later too.
//
// Each mutated path is also marked in RecentChanges, before and after the call, so that the backend watcher
// does not report the server's own changes a second time.

import { CompletionFilter as F } from '../../protocol/constants.ts';
import { sameNameIgnoringCase } from '../../protocol/fscc/names.ts';
import { FileAction as A } from '../../protocol/fscc/notify-information.ts';
import type { BasicInfoChange, ClientContext, CreateResult, DriverHandle, OpenOptions, ShareDriver } from '../../ios/types.ts';
import { samePathIgnoringCase } from '../paths.ts';
import { nameFilter, type ChangeEvent } from './change.ts';
import type { NotifyManager } from './manager.ts';
import type { RecentChanges } from './recent-changes.ts';

/** What a superseded or overwritten file changed (the FAT reference driver reports these three). */
const OVERWRITE_FILTER = F.FILE_NOTIFY_CHANGE_LAST_WRITE | F.FILE_NOTIFY_CHANGE_ATTRIBUTES | F.FILE_NOTIFY_CHANGE_SIZE;
/**
 * Windows reports a renamed file (not a directory) as modified under its new name as well; clients watching
 * attributes only see renames this way.
 */
const RENAMED_FILE_FILTER = F.FILE_NOTIFY_CHANGE_ATTRIBUTES | F.FILE_NOTIFY_CHANGE_CREATION;

const sameParent = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.slice(0, -1).every((name, i) => sameNameIgnoringCase(name, b[i]!));

/** The changes MS-FSA 2.1.5.15.11 reports for a rename: old and new name in one directory, removed and added across. */
export function renameChanges(from: readonly string[], to: readonly string[], isDirectory: boolean | undefined, replaced: { isDirectory: boolean } | undefined): ChangeEvent[] {
  const filterMatch = nameFilter(isDirectory);
  const changes: ChangeEvent[] = [];
  if (replaced) changes.push({ action: A.FILE_ACTION_REMOVED, path: to, filterMatch: nameFilter(replaced.isDirectory) });
  if (sameParent(from, to)) {
    changes.push({ action: A.FILE_ACTION_RENAMED_OLD_NAME, path: from, filterMatch }, { action: A.FILE_ACTION_RENAMED_NEW_NAME, path: to, filterMatch });
  } else {
    changes.push({ action: A.FILE_ACTION_REMOVED, path: from, filterMatch }, { action: A.FILE_ACTION_ADDED, path: to, filterMatch });
  }
  if (isDirectory === false) changes.push({ action: A.FILE_ACTION_MODIFIED, path: to, filterMatch: RENAMED_FILE_FILTER });
  return changes;
}

function openChanges(path: readonly string[], options: OpenOptions, result: CreateResult): ChangeEvent[] {
  if (result === 'opened') return [];
  if (options.stream) {
    return result === 'created'
      ? [{ action: A.FILE_ACTION_ADDED_STREAM, path, stream: options.stream, filterMatch: F.FILE_NOTIFY_CHANGE_STREAM_NAME }]
      : [{ action: A.FILE_ACTION_MODIFIED_STREAM, path, stream: options.stream, filterMatch: F.FILE_NOTIFY_CHANGE_STREAM_SIZE | F.FILE_NOTIFY_CHANGE_STREAM_WRITE }];
  }
  return result === 'created'
    ? [{ action: A.FILE_ACTION_ADDED, path, filterMatch: nameFilter(options.directory) }]
    : [{ action: A.FILE_ACTION_MODIFIED, path, filterMatch: OVERWRITE_FILTER }];
}

/** MS-FSA 2.1.5.15.2: each time or attribute set is reported under its own CompletionFilter bit. */
function basicInfoFilter(change: BasicInfoChange): number {
  let filter = 0;
  if (change.attributes !== undefined) filter |= F.FILE_NOTIFY_CHANGE_ATTRIBUTES;
  if (change.creationTime !== undefined) filter |= F.FILE_NOTIFY_CHANGE_CREATION;
  if (change.lastWriteTime !== undefined) filter |= F.FILE_NOTIFY_CHANGE_LAST_WRITE;
  if (change.lastAccessTime !== undefined) filter |= F.FILE_NOTIFY_CHANGE_LAST_ACCESS;
  return filter;
}

/** Forwards every member not overridden to the target; handle arguments are unwrapped on the way down. */
function decorate<T extends object>(target: T, overrides: Partial<T>, unwrap: (value: unknown) => unknown): T {
  type Method = (...args: unknown[]) => unknown;
  // One forwarder per method, made on first use: the read path should not allocate a closure per call.
  const forwarders = new Map<PropertyKey, { method: Method; forward: Method }>();
  return new Proxy(target, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key, t);
      if (typeof value !== 'function') return value;
      if (Object.hasOwn(overrides, key)) return (overrides as Record<PropertyKey, unknown>)[key];
      let forwarder = forwarders.get(key);
      if (forwarder?.method !== value) {
        const method = value as Method;
        forwarder = { method, forward: (...args: unknown[]) => method.apply(t, args.map(unwrap)) };
        forwarders.set(key, forwarder);
      }
      return forwarder.forward;
    },
  });
}

export function reportingDriver(driver: ShareDriver, notify: NotifyManager, recent: RecentChanges): ShareDriver {
  const targets = new WeakMap<object, DriverHandle>();
  const unwrap = (value: unknown): unknown => (typeof value === 'object' && value !== null && targets.get(value)) || value;
  const report = (changes: ChangeEvent[]): void => notify.report(changes);

  const wrapHandle = (handle: DriverHandle): DriverHandle => {
    /** Size before the first write, so that closing can tell whether the writes changed it. */
    let sizeBefore: Promise<bigint | undefined> | undefined;
    let written = false;
    const modified = (fileFilter: number, streamFilter: number): ChangeEvent =>
      handle.stream
        ? { action: A.FILE_ACTION_MODIFIED_STREAM, path: handle.path, stream: handle.stream, filterMatch: streamFilter }
        : { action: A.FILE_ACTION_MODIFIED, path: handle.path, filterMatch: fileFilter };
    /** Runs a call that writes data: the first one notes the size before it. */
    const writing = async <R>(ctx: ClientContext, call: () => Promise<R>): Promise<R> => {
      recent.mark(handle.path);
      sizeBefore ??= handle.stat(ctx).then((s) => s.size, () => undefined);
      if (!written) await sizeBefore;
      const result = await call();
      written = true;
      recent.mark(handle.path);
      return result;
    };
    /** Runs a metadata change and reports it at once. */
    const changing = async (call: () => Promise<void>, change: () => ChangeEvent | undefined): Promise<void> => {
      recent.mark(handle.path);
      await call();
      recent.mark(handle.path);
      const event = change();
      if (event) report([event]);
    };

    const overrides: Partial<DriverHandle> = {
      write: (ctx, data, offset) => writing(ctx, () => handle.write(ctx, data, offset)),
      zeroRange: (ctx, range) => writing(ctx, () => handle.zeroRange!(ctx, range)),
      copyRange: (ctx, source, sourceOffset, targetOffset, length) =>
        writing(ctx, () => handle.copyRange!(ctx, unwrap(source) as DriverHandle, sourceOffset, targetOffset, length)),
      cloneRange: (ctx, source, sourceOffset, targetOffset, length) =>
        writing(ctx, () => handle.cloneRange!(ctx, unwrap(source) as DriverHandle, sourceOffset, targetOffset, length)),
      setEndOfFile: (ctx, size) =>
        changing(
          () => handle.setEndOfFile(ctx, size),
          () => modified(F.FILE_NOTIFY_CHANGE_SIZE | F.FILE_NOTIFY_CHANGE_LAST_WRITE, F.FILE_NOTIFY_CHANGE_STREAM_SIZE | F.FILE_NOTIFY_CHANGE_STREAM_WRITE),
        ),
      setBasicInfo: (ctx, change) =>
        changing(
          () => handle.setBasicInfo(ctx, change),
          () => {
            // The last write time an open's writes moved is reported when it closes, with the writes.
            const filterMatch = basicInfoFilter(change) & (written ? ~F.FILE_NOTIFY_CHANGE_LAST_WRITE : ~0);
            return filterMatch === 0 ? undefined : { action: A.FILE_ACTION_MODIFIED, path: handle.path, filterMatch };
          },
        ),
      setExtendedAttributes: (ctx, eas) =>
        changing(() => handle.setExtendedAttributes!(ctx, eas), () => ({ action: A.FILE_ACTION_MODIFIED, path: handle.path, filterMatch: F.FILE_NOTIFY_CHANGE_EA })),
      setSecurityDescriptor: (ctx, descriptor) =>
        changing(() => handle.setSecurityDescriptor!(ctx, descriptor), () => ({ action: A.FILE_ACTION_MODIFIED, path: handle.path, filterMatch: F.FILE_NOTIFY_CHANGE_SECURITY })),
      setSparse: (ctx, sparse) =>
        changing(() => handle.setSparse!(ctx, sparse), () => ({ action: A.FILE_ACTION_MODIFIED, path: handle.path, filterMatch: F.FILE_NOTIFY_CHANGE_ATTRIBUTES })),
      // The FAT reference driver reports an open's writes at cleanup: last write, and size when it changed.
      close: async (ctx) => {
        if (!written) return handle.close(ctx);
        const before = await sizeBefore;
        const after = await handle.stat(ctx).then((s) => s.size, () => undefined);
        const sizeChanged = before === undefined || after === undefined || before !== after;
        const event = modified(
          F.FILE_NOTIFY_CHANGE_LAST_WRITE | (sizeChanged ? F.FILE_NOTIFY_CHANGE_SIZE : 0),
          F.FILE_NOTIFY_CHANGE_STREAM_WRITE | (sizeChanged ? F.FILE_NOTIFY_CHANGE_STREAM_SIZE : 0),
        );
        try {
          await handle.close(ctx);
        } finally {
          report([event]);
        }
      },
    };
    const wrapped = decorate(handle, overrides, unwrap);
    targets.set(wrapped, handle);
    return wrapped;
  };

  const overrides: Partial<ShareDriver> = {
    open: async (ctx, path, options) => {
      if (options.disposition !== 'open') recent.mark(path);
      const opened = await driver.open(ctx, path, options);
      const changes = openChanges(path, options, opened.result);
      if (changes.length > 0) {
        recent.mark(path);
        report(changes);
      }
      return { ...opened, handle: wrapHandle(opened.handle) };
    },
    rename: async (ctx, from, to, replaceIfExists) => {
      recent.mark(from, true);
      recent.mark(to, true);
      // A case-only rename finds the object itself under the new name.
      const replaced = replaceIfExists && !samePathIgnoringCase(from, to) ? await driver.lookup(ctx, to).catch(() => undefined) : undefined;
      await driver.rename(ctx, from, to, replaceIfExists);
      recent.mark(from, true);
      recent.mark(to, true);
      const renamed = await driver.lookup(ctx, to).catch(() => undefined);
      report(renameChanges(from, to, renamed?.isDirectory, replaced));
    },
    unlink: async (ctx, path, stream) => {
      recent.mark(path);
      if (stream) {
        await driver.unlink(ctx, path, stream);
        recent.mark(path);
        report([{ action: A.FILE_ACTION_REMOVED_STREAM, path, stream, filterMatch: F.FILE_NOTIFY_CHANGE_STREAM_NAME }]);
        return;
      }
      const removed = await driver.lookup(ctx, path).catch(() => undefined);
      await driver.unlink(ctx, path);
      recent.mark(path);
      report([{ action: A.FILE_ACTION_REMOVED, path, filterMatch: nameFilter(removed?.isDirectory) }]);
    },
    link: async (ctx, existing, newPath, replaceIfExists) => {
      recent.mark(newPath);
      const replaced = replaceIfExists ? await driver.lookup(ctx, newPath).catch(() => undefined) : undefined;
      await driver.link!(ctx, existing, newPath, replaceIfExists);
      recent.mark(newPath);
      const changes: ChangeEvent[] = [{ action: A.FILE_ACTION_ADDED, path: newPath, filterMatch: F.FILE_NOTIFY_CHANGE_FILE_NAME }];
      if (replaced) changes.unshift({ action: A.FILE_ACTION_REMOVED, path: newPath, filterMatch: nameFilter(replaced.isDirectory) });
      report(changes);
    },
  };
  return decorate(driver, overrides, unwrap);
}
