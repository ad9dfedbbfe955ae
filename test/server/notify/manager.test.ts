// The local notify manager: fan-out to subscribers, and a change source that runs only while someone watches.
// RecentChanges: the window in which the backend's report of the server's own change is dropped.
// The backend source: driver changes mapped to actions, minus the server's own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CompletionFilter as F } from '../../../src/protocol/constants.ts';
import { FileAction as A } from '../../../src/protocol/fscc/notify-information.ts';
import type { BackendChange, ShareDriver } from '../../../src/ios/types.ts';
import { silentLogger } from '../../../src/logging.ts';
import { backendChangeSource, changeEventOf } from '../../../src/server/notify/backend-changes.ts';
import type { ChangeEvent } from '../../../src/server/notify/change.ts';
import { LocalNotifyManager, type ChangeSource } from '../../../src/server/notify/manager.ts';
import { RecentChanges } from '../../../src/server/notify/recent-changes.ts';

const change: ChangeEvent = { action: A.FILE_ACTION_ADDED, path: ['a'], filterMatch: F.FILE_NOTIFY_CHANGE_FILE_NAME };

test('every subscriber gets every report, in one call per report; closed subscriptions get nothing', () => {
  const manager = new LocalNotifyManager();
  const got: [string, number][] = [];
  const one = manager.subscribe({ deliver: (c) => got.push(['one', c.length]) });
  manager.subscribe({ deliver: (c) => got.push(['two', c.length]) });
  manager.report([change, change]);
  one.close();
  manager.report([change]);
  manager.report([]);
  assert.equal(got, [
    ['one', 2],
    ['two', 2],
    ['two', 1],
  ]);
});

test('the change source starts with the first subscriber and stops with the last', () => {
  const events: string[] = [];
  let feed: ((c: readonly ChangeEvent[]) => void) | undefined;
  const source: ChangeSource = (report) => {
    events.push('start');
    feed = report;
    return { close: () => events.push('stop') };
  };
  const manager = new LocalNotifyManager(source);
  const delivered: ChangeEvent[] = [];
  const a = manager.subscribe({ deliver: (c) => delivered.push(...c) });
  const b = manager.subscribe({ deliver: () => undefined });
  feed!([change]);
  a.close();
  a.close();
  assert.equal(events, ['start']);
  b.close();
  assert.equal(events, ['start', 'stop']);
  manager.subscribe({ deliver: () => undefined });
  assert.equal(events, ['start', 'stop', 'start']);
  assert.equal(delivered, [change], 'what the source reports reaches subscribers');
});

test('RecentChanges: marks last the window, fold case, and cover subtrees only when asked', () => {
  let now = 1000;
  const recent = new RecentChanges({ now: () => now, windowMs: 100 });
  recent.mark(['ignored']);
  assert.not.ok(recent.has(['ignored']), 'nothing is marked while disabled');
  recent.enabled = true;
  recent.mark(['Dir', 'File.txt']);
  recent.mark(['moved'], true);
  assert.ok(recent.has(['dir', 'FILE.TXT']));
  assert.not.ok(recent.has(['dir', 'FILE.TXT', 'below']), 'a plain mark is that path only');
  assert.not.ok(recent.has(['dir']));
  assert.ok(recent.has(['moved', 'child', 'grandchild']), 'a subtree mark covers what lies below');
  now += 100;
  assert.not.ok(recent.has(['dir', 'file.txt']), 'expired');
  recent.mark(['other']);
  assert.ok(recent.has(['other']));
});

test('backend changes map to actions; a removed object of unknown kind reports both name bits', () => {
  assert.equal(changeEventOf({ kind: 'added', path: ['d'], isDirectory: true }), { action: A.FILE_ACTION_ADDED, path: ['d'], filterMatch: F.FILE_NOTIFY_CHANGE_DIR_NAME });
  assert.equal(changeEventOf({ kind: 'removed', path: ['x'] }), {
    action: A.FILE_ACTION_REMOVED,
    path: ['x'],
    filterMatch: F.FILE_NOTIFY_CHANGE_FILE_NAME | F.FILE_NOTIFY_CHANGE_DIR_NAME,
  });
  const modified = changeEventOf({ kind: 'modified', path: ['f'], isDirectory: false });
  assert.is(modified.action, A.FILE_ACTION_MODIFIED);
  assert.ok(modified.filterMatch & F.FILE_NOTIFY_CHANGE_LAST_WRITE && modified.filterMatch & F.FILE_NOTIFY_CHANGE_SIZE);
});

test('the backend source drops what the server changed itself and stops the driver watcher with it', () => {
  let onChange: ((c: BackendChange) => void) | undefined;
  let closed = false;
  const driver = {
    watch(callback: (c: BackendChange) => void) {
      onChange = callback;
      return { close: () => (closed = true) };
    },
  } as unknown as ShareDriver;
  const recent = new RecentChanges();
  const source = backendChangeSource(driver, recent, silentLogger)!;
  const reported: ChangeEvent[] = [];
  const subscription = source((c) => reported.push(...c));
  assert.ok(recent.enabled, 'marking starts with the watcher');
  recent.mark(['mine.txt']);
  onChange!({ kind: 'added', path: ['mine.txt'], isDirectory: false });
  onChange!({ kind: 'added', path: ['theirs.txt'], isDirectory: false });
  onChange!({ kind: 'modified', path: [], isDirectory: true });
  assert.equal(reported.map((c) => c.path), [['theirs.txt']]);
  subscription.close();
  assert.ok(closed);
  assert.not.ok(recent.enabled);
});

test('a driver without watch() gives no source; a watcher that fails to start leaves the server working', () => {
  assert.is(backendChangeSource({} as ShareDriver, new RecentChanges(), silentLogger), undefined);
  const failing = {
    watch() {
      throw new Error('inotify limit');
    },
  } as unknown as ShareDriver;
  const recent = new RecentChanges();
  const subscription = backendChangeSource(failing, recent, silentLogger)!(() => undefined);
  assert.not.ok(recent.enabled);
  subscription.close();
});

test.run();
