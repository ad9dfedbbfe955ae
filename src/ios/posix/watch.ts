// ShareDriver.watch for the POSIX driver: what other programs change under the share root, from Node's
// recursive fs.watch (inotify on Linux). Its events say only "rename" (a name appeared or went) or "change"
// (content or metadata), so each path is looked at with lstat: present after a rename means added, absent
// means removed. A rename within the share arrives as one name going and another appearing. Events are handled
// in the order they arrive; the metadata directory is the driver's own business and is not reported.

import { watch, type FSWatcher } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { BackendChange } from '../types.ts';
import { errnoOf } from './errors.ts';
import type { ShareRoot } from './paths.ts';

export function watchShare(share: ShareRoot, onChange: (change: BackendChange) => void): { close(): void } {
  let closed = false;
  let watcher: FSWatcher | undefined;
  let queue = Promise.resolve();

  const report = async (root: string, eventType: string, filename: string): Promise<void> => {
    const hostPath = join(root, filename);
    if (share.isReserved(hostPath)) return;
    const path = filename.split(sep);
    let isDirectory: boolean | undefined;
    try {
      isDirectory = (await lstat(hostPath)).isDirectory();
    } catch (error) {
      const errno = errnoOf(error);
      if (errno !== 'ENOENT' && errno !== 'ENOTDIR') return;
    }
    if (closed) return;
    if (isDirectory === undefined) {
      if (eventType === 'rename') onChange({ kind: 'removed', path });
      return;
    }
    onChange({ kind: eventType === 'rename' ? 'added' : 'modified', path, isDirectory });
  };

  share.realRoot().then(
    (root) => {
      if (closed) return;
      // Not persistent: a watcher alone does not keep the process running.
      watcher = watch(root, { recursive: true, persistent: false }, (eventType, filename) => {
        if (filename) queue = queue.then(() => report(root, eventType, filename));
      });
      // The root went away or the inotify limits were reached: nothing more can be seen.
      watcher.on('error', () => watcher?.close());
    },
    () => undefined,
  );

  return {
    close() {
      closed = true;
      watcher?.close();
    },
  };
}
