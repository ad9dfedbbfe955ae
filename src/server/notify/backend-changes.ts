// Changes made to a share's backend behind the server's back, from the driver's optional watch() hook, turned
// into CHANGE_NOTIFY changes. A backend says only that something appeared, disappeared or changed, so a change
// reports every CompletionFilter bit it may stand for.

import { CompletionFilter as F } from '../../protocol/constants.ts';
import { FileAction } from '../../protocol/fscc/notify-information.ts';
import type { BackendChange, ShareDriver } from '../../ios/types.ts';
import type { Logger } from '../../logging.ts';
import { nameFilter, type ChangeEvent } from './change.ts';
import type { ChangeSource } from './manager.ts';
import type { RecentChanges } from './recent-changes.ts';

/** Content, metadata or both: the backend cannot say which. */
const MODIFIED_FILTER = F.FILE_NOTIFY_CHANGE_ATTRIBUTES | F.FILE_NOTIFY_CHANGE_SIZE | F.FILE_NOTIFY_CHANGE_LAST_WRITE;

export function changeEventOf(change: BackendChange): ChangeEvent {
  switch (change.kind) {
    case 'added':
      return { action: FileAction.FILE_ACTION_ADDED, path: change.path, filterMatch: nameFilter(change.isDirectory) };
    case 'removed':
      return { action: FileAction.FILE_ACTION_REMOVED, path: change.path, filterMatch: nameFilter(change.isDirectory) };
    case 'modified':
      return { action: FileAction.FILE_ACTION_MODIFIED, path: change.path, filterMatch: MODIFIED_FILTER };
  }
}

/** The driver's watcher as a change source, minus the changes the server made itself; undefined without one. */
export function backendChangeSource(driver: ShareDriver, recent: RecentChanges, log: Logger): ChangeSource | undefined {
  if (!driver.watch) return undefined;
  const watch = driver.watch.bind(driver);
  return (report) => {
    recent.enabled = true;
    let watcher: { close(): void };
    try {
      watcher = watch((change) => {
        if (change.path.length > 0 && !recent.has(change.path)) report([changeEventOf(change)]);
      });
    } catch (error) {
      // Without the watcher, clients still see every change made through the server.
      log.warn({ err: error }, 'backend change watcher did not start');
      recent.enabled = false;
      return { close() {} };
    }
    return {
      close() {
        recent.enabled = false;
        watcher.close();
      },
    };
  };
}
