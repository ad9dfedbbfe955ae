// The per-open watch: which changes match (MS-FSA 2.1.4.1 with the CompletionFilter and WATCH_TREE of the
// first request), what is kept between requests, FIFO completion, STATUS_NOTIFY_ENUM_DIR on overflow, and
// which MODIFIED records are folded into the ones before them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CompletionFilter as F } from '../../../src/protocol/constants.ts';
import { decodeFileNotifyInformation, FileAction as A, type FileNotifyInformation } from '../../../src/protocol/fscc/notify-information.ts';
import { NtStatus } from '../../../src/protocol/status.ts';
import type { ChangeEvent } from '../../../src/server/notify/change.ts';
import { ChangeWatch, MAX_BUFFERED_BYTES, type NotifyOutcome } from '../../../src/server/notify/watch.ts';

const NAME = F.FILE_NOTIFY_CHANGE_FILE_NAME | F.FILE_NOTIFY_CHANGE_DIR_NAME;

function watchOf(options: { directory?: string[]; filter?: number; tree?: boolean; length?: number } = {}): ChangeWatch {
  const directory = options.directory ?? ['base'];
  return new ChangeWatch({ directory: () => directory, completionFilter: options.filter ?? NAME, watchTree: options.tree ?? false, outputBufferLength: options.length ?? 4096 });
}

const added = (path: string[], filterMatch: number = F.FILE_NOTIFY_CHANGE_FILE_NAME): ChangeEvent => ({ action: A.FILE_ACTION_ADDED, path, filterMatch });
const modified = (path: string[], filterMatch: number = F.FILE_NOTIFY_CHANGE_ATTRIBUTES): ChangeEvent => ({ action: A.FILE_ACTION_MODIFIED, path, filterMatch });

function records(outcome: NotifyOutcome | undefined): FileNotifyInformation[] {
  assert.ok(outcome, 'an outcome');
  assert.is(outcome.status, NtStatus.SUCCESS);
  return decodeFileNotifyInformation(outcome.output);
}

test('only children match without WATCH_TREE; descendants with it; never the directory itself or outsiders', () => {
  const flat = watchOf();
  const tree = watchOf({ tree: true });
  const changes = [added(['base']), added(['other', 'x']), added(['base', 'a']), added(['base', 'sub', 'b']), added(['basement', 'c'])];
  flat.deliver(changes);
  tree.deliver(changes);
  assert.equal(records(flat.takeBuffered(4096)).map((r) => r.fileName), ['a']);
  assert.equal(records(tree.takeBuffered(4096)).map((r) => r.fileName), ['a', 'sub\\b']);
});

test('the share root watches the whole share; directory names compare without case', () => {
  const root = watchOf({ directory: [], tree: true });
  root.deliver([added(['a', 'b'])]);
  assert.equal(records(root.takeBuffered(4096)), [{ action: A.FILE_ACTION_ADDED, fileName: 'a\\b' }]);
  const mixed = watchOf({ directory: ['Base', 'SUB'] });
  mixed.deliver([added(['base', 'sub', 'File.TXT'])]);
  assert.equal(records(mixed.takeBuffered(4096)).map((r) => r.fileName), ['File.TXT']);
});

test('the directory path is read at each change, so a renamed directory keeps being watched', () => {
  let directory = ['old'];
  const watch = new ChangeWatch({ directory: () => directory, completionFilter: NAME, watchTree: false, outputBufferLength: 4096 });
  directory = ['new'];
  watch.deliver([added(['old', 'a']), added(['new', 'b'])]);
  assert.equal(records(watch.takeBuffered(4096)).map((r) => r.fileName), ['b']);
});

test('a change needs one of its FilterMatch bits in the CompletionFilter', () => {
  const watch = watchOf({ filter: F.FILE_NOTIFY_CHANGE_DIR_NAME | F.FILE_NOTIFY_CHANGE_SIZE });
  watch.deliver([added(['base', 'file']), added(['base', 'dir'], F.FILE_NOTIFY_CHANGE_DIR_NAME), modified(['base', 'f'], F.FILE_NOTIFY_CHANGE_LAST_WRITE | F.FILE_NOTIFY_CHANGE_SIZE)]);
  assert.equal(records(watch.takeBuffered(4096)).map((r) => r.fileName), ['dir', 'f']);
});

test('stream changes are named file:stream', () => {
  const watch = watchOf({ filter: F.FILE_NOTIFY_CHANGE_STREAM_NAME });
  watch.deliver([{ action: A.FILE_ACTION_ADDED_STREAM, path: ['base', 'f'], stream: 's1', filterMatch: F.FILE_NOTIFY_CHANGE_STREAM_NAME }]);
  assert.equal(records(watch.takeBuffered(4096)), [{ action: A.FILE_ACTION_ADDED_STREAM, fileName: 'f:s1' }]);
});

test('changes are kept until the next request, which takes them all at once', () => {
  const watch = watchOf();
  assert.is(watch.takeBuffered(4096), undefined, 'nothing kept yet');
  watch.deliver([added(['base', 'a'])]);
  watch.deliver([{ action: A.FILE_ACTION_REMOVED, path: ['base', 'a'], filterMatch: F.FILE_NOTIFY_CHANGE_FILE_NAME }]);
  assert.equal(records(watch.takeBuffered(4096)), [
    { action: A.FILE_ACTION_ADDED, fileName: 'a' },
    { action: A.FILE_ACTION_REMOVED, fileName: 'a' },
  ]);
  assert.is(watch.takeBuffered(4096), undefined, 'taken');
});

test('a waiting request completes with the first change; waiting requests complete oldest first', () => {
  const watch = watchOf();
  const done: string[][] = [];
  watch.wait(4096, (o) => done.push(records(o).map((r) => `1:${r.fileName}`)));
  watch.wait(4096, (o) => done.push(records(o).map((r) => `2:${r.fileName}`)));
  watch.deliver([added(['base', 'x', 'deep'])]);
  assert.equal(done, [], 'changes the watch does not see complete nothing');
  watch.deliver([added(['base', 'a'])]);
  watch.deliver([added(['base', 'b'])]);
  assert.equal(done, [['1:a'], ['2:b']]);
  watch.deliver([added(['base', 'c'])]);
  assert.equal(records(watch.takeBuffered(4096)).map((r) => r.fileName), ['c'], 'kept once nothing waits');
});

test('changes reported together reach a waiting request together (a rename pair)', () => {
  const watch = watchOf();
  let got: FileNotifyInformation[] = [];
  watch.wait(4096, (o) => (got = records(o)));
  watch.deliver([
    { action: A.FILE_ACTION_RENAMED_OLD_NAME, path: ['base', 'a'], filterMatch: F.FILE_NOTIFY_CHANGE_FILE_NAME },
    { action: A.FILE_ACTION_RENAMED_NEW_NAME, path: ['base', 'b'], filterMatch: F.FILE_NOTIFY_CHANGE_FILE_NAME },
  ]);
  assert.equal(got, [
    { action: A.FILE_ACTION_RENAMED_OLD_NAME, fileName: 'a' },
    { action: A.FILE_ACTION_RENAMED_NEW_NAME, fileName: 'b' },
  ]);
});

test('a cancelled request no longer waits; cancelling twice says so', () => {
  const watch = watchOf();
  let completed = false;
  const cancel = watch.wait(4096, () => (completed = true));
  assert.ok(cancel());
  assert.not.ok(cancel());
  watch.deliver([added(['base', 'a'])]);
  assert.not.ok(completed);
  assert.equal(records(watch.takeBuffered(4096)).map((r) => r.fileName), ['a']);
});

test('abort completes every waiting request with the status and no records', () => {
  const watch = watchOf();
  const outcomes: NotifyOutcome[] = [];
  watch.wait(4096, (o) => outcomes.push(o));
  watch.wait(10, (o) => outcomes.push(o));
  watch.abort(NtStatus.NOTIFY_CLEANUP);
  assert.equal(outcomes.map((o) => [o.status, o.output.length]), [
    [NtStatus.NOTIFY_CLEANUP, 0],
    [NtStatus.NOTIFY_CLEANUP, 0],
  ]);
});

test('changes that do not fit the request are STATUS_NOTIFY_ENUM_DIR, and are gone', () => {
  const watch = watchOf();
  watch.deliver([added(['base', 'a-rather-long-name.txt'])]);
  const outcome = watch.takeBuffered(8);
  assert.equal([outcome?.status, outcome?.output.length], [NtStatus.NOTIFY_ENUM_DIR, 0]);
  assert.is(watch.takeBuffered(4096), undefined);
  // A waiting request with a zero-length buffer gets ENUM_DIR at the first change (smbtorture valid-req).
  let status = 0;
  watch.wait(0, (o) => (status = o.status));
  watch.deliver([added(['base', 'b'])]);
  assert.is(status, NtStatus.NOTIFY_ENUM_DIR);
});

test('the first request sizes the buffer: more than that is one ENUM_DIR for the next request', () => {
  const watch = watchOf({ length: 100 });
  for (let i = 0; i < 10; i++) watch.deliver([added(['base', `file${i}.txt`])]);
  assert.equal(watch.takeBuffered(65536)?.status, NtStatus.NOTIFY_ENUM_DIR);
  watch.deliver([added(['base', 'after'])]);
  assert.equal(records(watch.takeBuffered(65536)).map((r) => r.fileName), ['after'], 'a fresh start after the overflow');
});

test('however large the first request, the buffer stops at MAX_BUFFERED_BYTES', () => {
  const watch = watchOf({ length: 8 * 1024 * 1024 });
  const name = 'n'.repeat(100);
  const perRecord = 12 + name.length * 2;
  for (let i = 0; i <= MAX_BUFFERED_BYTES / perRecord; i++) watch.deliver([added(['base', `${name}${i % 10}`])]);
  assert.equal(watch.takeBuffered(8 * 1024 * 1024)?.status, NtStatus.NOTIFY_ENUM_DIR);
});

test('a MODIFIED of a name already queued as modified adds nothing', () => {
  const watch = watchOf({ filter: F.FILE_NOTIFY_CHANGE_LAST_WRITE | F.FILE_NOTIFY_CHANGE_SIZE });
  watch.deliver([modified(['base', 'f'], F.FILE_NOTIFY_CHANGE_LAST_WRITE)]);
  watch.deliver([modified(['base', 'F'], F.FILE_NOTIFY_CHANGE_SIZE)]);
  watch.deliver([modified(['base', 'g'], F.FILE_NOTIFY_CHANGE_SIZE)]);
  watch.deliver([modified(['base', 'f'], F.FILE_NOTIFY_CHANGE_SIZE)]);
  assert.equal(records(watch.takeBuffered(4096)).map((r) => r.fileName), ['f', 'g', 'f']);
});

test('the MODIFIED a rename reports is dropped for a watch that sees the rename, kept for one that sees only it', () => {
  const rename: ChangeEvent[] = [
    { action: A.FILE_ACTION_REMOVED, path: ['base', 'sub', 'x'], filterMatch: F.FILE_NOTIFY_CHANGE_FILE_NAME },
    { action: A.FILE_ACTION_ADDED, path: ['base', 'x-r'], filterMatch: F.FILE_NOTIFY_CHANGE_FILE_NAME },
    modified(['base', 'x-r'], F.FILE_NOTIFY_CHANGE_ATTRIBUTES | F.FILE_NOTIFY_CHANGE_CREATION),
  ];
  // smbtorture smb2.notify.rec and smb2.notify.mask-change expect these two views of one rename.
  const names = watchOf({ tree: true, filter: NAME | F.FILE_NOTIFY_CHANGE_ATTRIBUTES | F.FILE_NOTIFY_CHANGE_CREATION });
  const attributes = watchOf({ tree: true, filter: F.FILE_NOTIFY_CHANGE_ATTRIBUTES });
  names.deliver(rename);
  attributes.deliver(rename);
  assert.equal(records(names.takeBuffered(4096)).map((r) => r.action), [A.FILE_ACTION_REMOVED, A.FILE_ACTION_ADDED]);
  assert.equal(records(attributes.takeBuffered(4096)), [{ action: A.FILE_ACTION_MODIFIED, fileName: 'x-r' }]);
});

test('a MODIFIED reported after an ADDED, separately, is kept (a file created, then written and closed)', () => {
  const watch = watchOf({ filter: 0xfff });
  watch.deliver([added(['base', 'f'])]);
  watch.deliver([modified(['base', 'f'], F.FILE_NOTIFY_CHANGE_LAST_WRITE)]);
  assert.equal(records(watch.takeBuffered(4096)).map((r) => r.action), [A.FILE_ACTION_ADDED, A.FILE_ACTION_MODIFIED]);
});

test.run();
