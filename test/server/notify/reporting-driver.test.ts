// The reporting driver over the memory driver: what each driver call reports to the notify manager (action,
// path, FilterMatch), that writes are reported once at close with SIZE only when the size changed, and that
// everything else passes through unchanged (optional members stay absent, handles passed back are unwrapped).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CompletionFilter as F } from '../../../src/protocol/constants.ts';
import { FileAction as A } from '../../../src/protocol/fscc/notify-information.ts';
import { MemoryDriver } from '../../../src/ios/memory/driver.ts';
import type { ClientContext, OpenOptions, ShareDriver } from '../../../src/ios/types.ts';
import type { ChangeEvent } from '../../../src/server/notify/change.ts';
import { LocalNotifyManager } from '../../../src/server/notify/manager.ts';
import { RecentChanges } from '../../../src/server/notify/recent-changes.ts';
import { reportingDriver } from '../../../src/server/notify/reporting-driver.ts';

const ctx: ClientContext = {
  identity: { user: 'u', domain: 'TEST', sid: 'S-1-5-21-1-2-3-1001', groupSids: [], isGuest: false, isAnonymous: false },
  sessionId: 1n,
  shareName: 'share',
  clientAddress: '127.0.0.1',
};

const opts = (disposition: OpenOptions['disposition'], extra: Partial<OpenOptions> = {}): OpenOptions => ({
  disposition,
  directory: false,
  nonDirectory: false,
  write: true,
  attributes: 0,
  ...extra,
});

function setup(): { driver: ShareDriver; reports: ChangeEvent[][]; recent: RecentChanges; memory: MemoryDriver } {
  const memory = new MemoryDriver();
  const manager = new LocalNotifyManager();
  const reports: ChangeEvent[][] = [];
  manager.subscribe({ deliver: (changes) => reports.push([...changes]) });
  const recent = new RecentChanges();
  return { driver: reportingDriver(memory, manager, recent), reports, recent, memory };
}

const summary = (reports: ChangeEvent[][]) => reports.map((r) => r.map((c) => [c.action, c.path.join('\\') + (c.stream ? `:${c.stream}` : ''), c.filterMatch]));

test('creating reports ADDED with FILE_NAME or DIR_NAME; opening reports nothing; overwriting reports MODIFIED', async () => {
  const { driver, reports } = setup();
  await (await driver.open(ctx, ['d'], opts('create', { directory: true }))).handle.close(ctx);
  await (await driver.open(ctx, ['d', 'f'], opts('create'))).handle.close(ctx);
  await (await driver.open(ctx, ['d', 'f'], opts('open'))).handle.close(ctx);
  await (await driver.open(ctx, ['d', 'f'], opts('overwrite-if'))).handle.close(ctx);
  assert.equal(summary(reports), [
    [[A.FILE_ACTION_ADDED, 'd', F.FILE_NOTIFY_CHANGE_DIR_NAME]],
    [[A.FILE_ACTION_ADDED, 'd\\f', F.FILE_NOTIFY_CHANGE_FILE_NAME]],
    [[A.FILE_ACTION_MODIFIED, 'd\\f', F.FILE_NOTIFY_CHANGE_LAST_WRITE | F.FILE_NOTIFY_CHANGE_ATTRIBUTES | F.FILE_NOTIFY_CHANGE_SIZE]],
  ]);
});

test('writes are reported once, when the open closes; SIZE only when they changed the size', async () => {
  const { driver, reports } = setup();
  const { handle } = await driver.open(ctx, ['f'], opts('create'));
  await handle.write(ctx, Buffer.from('hello'), 0n);
  await handle.write(ctx, Buffer.from('world'), 5n);
  assert.is(reports.length, 1, 'only the creation so far');
  await handle.close(ctx);
  const again = (await driver.open(ctx, ['f'], opts('open'))).handle;
  await again.write(ctx, Buffer.from('HELLO'), 0n);
  await again.close(ctx);
  assert.equal(summary(reports).slice(1), [
    [[A.FILE_ACTION_MODIFIED, 'f', F.FILE_NOTIFY_CHANGE_LAST_WRITE | F.FILE_NOTIFY_CHANGE_SIZE]],
    [[A.FILE_ACTION_MODIFIED, 'f', F.FILE_NOTIFY_CHANGE_LAST_WRITE]],
  ]);
});

test('metadata changes are reported at once under their own bits; a write time an open moved waits for its close', async () => {
  const { driver, reports } = setup();
  const { handle } = await driver.open(ctx, ['f'], opts('create'));
  reports.length = 0;
  await handle.setBasicInfo(ctx, { attributes: 0x2 });
  await handle.setBasicInfo(ctx, { creationTime: 130000000000000000n, lastAccessTime: 130000000000000000n });
  await handle.setBasicInfo(ctx, { changeTime: 130000000000000000n });
  await handle.setEndOfFile(ctx, 100n);
  await handle.setExtendedAttributes!(ctx, [{ name: 'USER.X', value: Buffer.from('v'), flags: 0 }]);
  await handle.write(ctx, Buffer.from('x'), 0n);
  await handle.setBasicInfo(ctx, { lastWriteTime: 130000000000000000n });
  assert.equal(summary(reports), [
    [[A.FILE_ACTION_MODIFIED, 'f', F.FILE_NOTIFY_CHANGE_ATTRIBUTES]],
    [[A.FILE_ACTION_MODIFIED, 'f', F.FILE_NOTIFY_CHANGE_CREATION | F.FILE_NOTIFY_CHANGE_LAST_ACCESS]],
    [[A.FILE_ACTION_MODIFIED, 'f', F.FILE_NOTIFY_CHANGE_SIZE | F.FILE_NOTIFY_CHANGE_LAST_WRITE]],
    [[A.FILE_ACTION_MODIFIED, 'f', F.FILE_NOTIFY_CHANGE_EA]],
  ]);
  await handle.close(ctx);
  assert.equal(summary(reports).at(-1), [[A.FILE_ACTION_MODIFIED, 'f', F.FILE_NOTIFY_CHANGE_LAST_WRITE]]);
});

test('renames: old and new name within a directory, removed and added across, plus MODIFIED for files', async () => {
  const { driver, reports } = setup();
  await (await driver.open(ctx, ['d'], opts('create', { directory: true }))).handle.close(ctx);
  await (await driver.open(ctx, ['d', 'sub'], opts('create', { directory: true }))).handle.close(ctx);
  await (await driver.open(ctx, ['d', 'f'], opts('create'))).handle.close(ctx);
  reports.length = 0;
  await driver.rename(ctx, ['d', 'sub'], ['d', 'sub-r'], false);
  await driver.rename(ctx, ['d', 'f'], ['f2'], false);
  const renamed = F.FILE_NOTIFY_CHANGE_ATTRIBUTES | F.FILE_NOTIFY_CHANGE_CREATION;
  assert.equal(summary(reports), [
    [
      [A.FILE_ACTION_RENAMED_OLD_NAME, 'd\\sub', F.FILE_NOTIFY_CHANGE_DIR_NAME],
      [A.FILE_ACTION_RENAMED_NEW_NAME, 'd\\sub-r', F.FILE_NOTIFY_CHANGE_DIR_NAME],
    ],
    [
      [A.FILE_ACTION_REMOVED, 'd\\f', F.FILE_NOTIFY_CHANGE_FILE_NAME],
      [A.FILE_ACTION_ADDED, 'f2', F.FILE_NOTIFY_CHANGE_FILE_NAME],
      [A.FILE_ACTION_MODIFIED, 'f2', renamed],
    ],
  ]);
});

test('a rename over an existing file first reports the file it replaced', async () => {
  const { driver, reports } = setup();
  await (await driver.open(ctx, ['a'], opts('create'))).handle.close(ctx);
  await (await driver.open(ctx, ['b'], opts('create'))).handle.close(ctx);
  reports.length = 0;
  await driver.rename(ctx, ['a'], ['b'], true);
  assert.equal(
    summary(reports)[0]!.map((c) => c[0]),
    [A.FILE_ACTION_REMOVED, A.FILE_ACTION_RENAMED_OLD_NAME, A.FILE_ACTION_RENAMED_NEW_NAME, A.FILE_ACTION_MODIFIED],
  );
});

test('unlinks report REMOVED with the kind of object; streams report their own actions', async () => {
  const { driver, reports } = setup();
  await (await driver.open(ctx, ['d'], opts('create', { directory: true }))).handle.close(ctx);
  const { handle } = await driver.open(ctx, ['f'], opts('create'));
  await handle.close(ctx);
  const stream = await driver.open(ctx, ['f'], opts('open-if', { stream: 's' }));
  await stream.handle.write(ctx, Buffer.from('data'), 0n);
  await stream.handle.close(ctx);
  await driver.unlink(ctx, ['f'], 's');
  await driver.unlink(ctx, ['f']);
  await driver.unlink(ctx, ['d']);
  assert.equal(summary(reports).slice(2), [
    [[A.FILE_ACTION_ADDED_STREAM, 'f:s', F.FILE_NOTIFY_CHANGE_STREAM_NAME]],
    [[A.FILE_ACTION_MODIFIED_STREAM, 'f:s', F.FILE_NOTIFY_CHANGE_STREAM_WRITE | F.FILE_NOTIFY_CHANGE_STREAM_SIZE]],
    [[A.FILE_ACTION_REMOVED_STREAM, 'f:s', F.FILE_NOTIFY_CHANGE_STREAM_NAME]],
    [[A.FILE_ACTION_REMOVED, 'f', F.FILE_NOTIFY_CHANGE_FILE_NAME]],
    [[A.FILE_ACTION_REMOVED, 'd', F.FILE_NOTIFY_CHANGE_DIR_NAME]],
  ]);
});

test('failed calls report nothing', async () => {
  const { driver, reports } = setup();
  await driver.unlink(ctx, ['missing']).catch(() => undefined);
  await driver.rename(ctx, ['missing'], ['x'], false).catch(() => undefined);
  await driver.open(ctx, ['missing'], opts('open')).catch(() => undefined);
  assert.equal(reports, []);
});

test('everything else passes through: capabilities, absent optional members, handles given back to the driver', async () => {
  const { driver, memory } = setup();
  assert.equal(driver.capabilities, memory.capabilities);
  assert.is(driver.link, undefined, 'the memory driver has no hard links, and neither does its decorator');
  const source = (await driver.open(ctx, ['src'], opts('create'))).handle;
  await source.write(ctx, Buffer.from('0123456789'), 0n);
  const target = (await driver.open(ctx, ['dst'], opts('create'))).handle;
  assert.is(await target.copyRange!(ctx, source, 2n, 0n, 4n), 4n, 'the memory driver gets its own handle back');
  const into = Buffer.alloc(4);
  await target.read(ctx, into, 0n);
  assert.is(into.toString(), '2345');
  assert.equal(target.path, ['dst']);
  await source.close(ctx);
  await target.close(ctx);
});

test('the server marks what it changes for the backend watcher, while one runs', async () => {
  const { driver, recent } = setup();
  recent.enabled = true;
  const { handle } = await driver.open(ctx, ['new.txt'], opts('create'));
  await handle.write(ctx, Buffer.from('x'), 0n);
  await handle.close(ctx);
  await driver.rename(ctx, ['new.txt'], ['renamed.txt'], false);
  assert.ok(recent.has(['NEW.TXT']));
  assert.ok(recent.has(['renamed.txt']));
  assert.not.ok(recent.has(['untouched.txt']));
});

test.run();
