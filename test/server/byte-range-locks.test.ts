// The in-process ByteRangeLockManager against the rules of MS-FSA 2.1.4.10 (conflicts), 2.1.5.8 (lock),
// 2.1.5.9 (unlock) and what smbtorture's smb2.lock suite expects of them (source4/torture/smb2/lock.c in
// Samba 4.17: the zero_byte_tests table, test_stacking, test_overlap, test_lock, test_unlock,
// test_multiple_unlock, test_lock_read_write); Samba 4.17 passes every one of those subtests.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NtStatus, NtStatusError, statusName } from '../../src/protocol/status.ts';
import { ByteRangeLockTable } from '../../src/server/locks/lock-table.ts';
import type { LockOwner, LockRange, LockWait } from '../../src/server/locks/types.ts';

const A: LockOwner = { volatileFileId: 1n };
const B: LockOwner = { volatileFileId: 2n };
const C: LockOwner = { volatileFileId: 3n };
const MAX = 0xffffffffffffffffn;

const ex = (offset: bigint, length: bigint): LockRange => ({ offset, length, exclusive: true });
const sh = (offset: bigint, length: bigint): LockRange => ({ offset, length, exclusive: false });

/** The NTSTATUS a promise settles with, as a name. */
async function status(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return statusName(NtStatus.SUCCESS);
  } catch (error) {
    if (error instanceof NtStatusError) return statusName(error.status);
    throw error;
  }
}

/** Whether a promise has settled by the time pending microtasks ran. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

function waitFor(controller = new AbortController()): LockWait & { waits: number; controller: AbortController } {
  const w = {
    signal: controller.signal,
    waits: 0,
    controller,
    onWait: () => {
      w.waits++;
    },
  };
  return w;
}

// smbtorture zero_byte_tests: {offset, length} of a first exclusive lock, then of a second one, and whether
// the second is granted. The outcome is the same whether one open takes both or two opens do.
const zeroByte: [bigint, bigint, bigint, bigint, boolean][] = [
  [10n, 0n, 10n, 0n, true],
  [10n, 0n, 9n, 1n, true],
  [10n, 0n, 10n, 1n, true],
  [10n, 0n, 11n, 1n, true],
  [10n, 0n, 9n, 2n, false],
  [10n, 0n, 10n, 2n, true],
  [10n, 0n, 9n, 3n, false],
  [9n, 1n, 10n, 0n, true],
  [10n, 1n, 10n, 0n, true],
  [11n, 1n, 10n, 0n, true],
  [9n, 2n, 10n, 0n, false],
  [10n, 2n, 10n, 0n, true],
  [9n, 3n, 10n, 0n, false],
  [0n, 0n, 0n, 0n, true],
];
for (const [o1, l1, o2, l2, granted] of zeroByte) {
  for (const [label, second] of [['same open', A], ['other open', B]] as const) {
    test(`zero-length: {${o1},${l1}} then {${o2},${l2}} from the ${label}: ${granted ? 'granted' : 'refused'}`, async () => {
      const t = new ByteRangeLockTable();
      await t.lock(A, [ex(o1, l1)]);
      assert.is(await status(t.lock(second, [ex(o2, l2)])), granted ? 'STATUS_SUCCESS' : 'STATUS_LOCK_NOT_GRANTED');
    });
  }
}

// Stacking (test_stacking, test_overlap): [held, by, requested, by, granted].
const stacking: [string, LockRange, LockOwner, LockRange, LockOwner, boolean][] = [
  ['shared on shared, same open', sh(0n, 10n), A, sh(0n, 10n), A, true],
  ['shared on shared, other open', sh(0n, 10n), A, sh(2n, 10n), B, true],
  ['shared on exclusive, same open', ex(0n, 10n), A, sh(0n, 10n), A, true],
  ['shared on exclusive, other open', ex(0n, 10n), A, sh(0n, 10n), B, false],
  ['exclusive on shared, same open', sh(0n, 10n), A, ex(0n, 10n), A, false],
  ['exclusive on exclusive, same open', ex(0n, 4n), A, ex(2n, 4n), A, false],
  ['exclusive on exclusive, other open', ex(0n, 4n), A, ex(2n, 4n), B, false],
  ['adjacent exclusive ranges', ex(0n, 4n), A, ex(4n, 4n), B, true],
];
for (const [label, held, holder, requested, requester, granted] of stacking) {
  test(`stacking: ${label}`, async () => {
    const t = new ByteRangeLockTable();
    await t.lock(holder, [held]);
    assert.is(await status(t.lock(requester, [requested])), granted ? 'STATUS_SUCCESS' : 'STATUS_LOCK_NOT_GRANTED');
  });
}

// I/O under a lock (test_lock_read_write, test_zerobyteread): [held lock, I/O by, offset, length, write, allowed].
const io: [string, LockRange, LockOwner, bigint, bigint, boolean, boolean][] = [
  ['read under own exclusive', ex(0n, 100n), A, 50n, 50n, false, true],
  ['write under own exclusive', ex(0n, 100n), A, 50n, 50n, true, true],
  ['read under other exclusive', ex(0n, 100n), B, 50n, 50n, false, false],
  ['write under other exclusive', ex(0n, 100n), B, 50n, 50n, true, false],
  ['read under own shared', sh(0n, 100n), A, 50n, 50n, false, true],
  ['write under own shared', sh(0n, 100n), A, 50n, 50n, true, false],
  ['read under other shared', sh(0n, 100n), B, 50n, 50n, false, true],
  ['write under other shared', sh(0n, 100n), B, 50n, 50n, true, false],
  ['write overlapping the last locked byte', ex(0n, 100n), B, 99n, 10n, true, false],
  ['write just past the lock', ex(0n, 100n), B, 100n, 10n, true, true],
  ['zero-length read inside other exclusive', ex(0n, 10n), B, 5n, 0n, false, true],
  // These two, and the read beyond end of file, are also what Samba 4.17 answers over the wire.
  ['read across a zero-length lock', ex(5n, 0n), B, 4n, 2n, false, false],
  ['read starting at a zero-length lock', ex(5n, 0n), B, 5n, 1n, false, true],
  ['read beyond end of file under other exclusive', ex(1000n, 10n), B, 1000n, 1n, false, false],
];
for (const [label, held, who, offset, length, write, allowed] of io) {
  test(`I/O: ${label}`, async () => {
    const t = new ByteRangeLockTable();
    await t.lock(A, [held]);
    assert.is(await status(t.checkIo(who, { offset, length }, write)), allowed ? 'STATUS_SUCCESS' : 'STATUS_FILE_LOCK_CONFLICT');
  });
}

// Ranges at the top of the 64-bit space (test_valid_request, test_lock): [offset, length, valid].
const ranges: [bigint, bigint, boolean][] = [
  [MAX, 0n, true],
  [MAX, 1n, true],
  [MAX, 2n, false],
  [MAX, MAX, false],
  [1n << 63n, 1n, true],
  [0n, MAX, true],
  [1n, MAX, true],
  [2n, MAX, false],
];
for (const [offset, length, valid] of ranges) {
  test(`range ${offset}/${length} is ${valid ? 'valid' : 'STATUS_INVALID_LOCK_RANGE'}`, async () => {
    const t = new ByteRangeLockTable();
    assert.is(await status(t.lock(A, [ex(offset, length)])), valid ? 'STATUS_SUCCESS' : 'STATUS_INVALID_LOCK_RANGE');
    assert.is(await status(t.unlock(A, { offset, length })), valid ? 'STATUS_SUCCESS' : 'STATUS_INVALID_LOCK_RANGE');
  });
}

test('several ranges are all or nothing: a later conflict releases the earlier ones', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(B, [ex(10n, 10n)]);
  assert.is(await status(t.lock(A, [ex(0n, 10n), ex(10n, 10n)])), 'STATUS_LOCK_NOT_GRANTED');
  assert.is(t.size, 1);
  assert.is(await status(t.lock(B, [ex(0n, 10n)])), 'STATUS_SUCCESS');
});

test('several ranges in one request conflict among themselves like separate requests', async () => {
  const t = new ByteRangeLockTable();
  assert.is(await status(t.lock(A, [ex(0n, 10n), ex(5n, 10n)])), 'STATUS_LOCK_NOT_GRANTED');
  assert.is(await status(t.lock(A, [sh(0n, 10n), sh(5n, 10n)])), 'STATUS_SUCCESS');
});

test('an invalid range after a granted one releases it too', async () => {
  const t = new ByteRangeLockTable();
  assert.is(await status(t.lock(A, [ex(0n, 10n), ex(MAX, 2n)])), 'STATUS_INVALID_LOCK_RANGE');
  assert.is(t.size, 0);
});

test('unlock needs the exact range and owner; read locks do not coalesce', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [sh(110n, 4n)]);
  await t.lock(A, [sh(112n, 4n)]);
  assert.is(await status(t.unlock(A, { offset: 110n, length: 6n })), 'STATUS_RANGE_NOT_LOCKED');
  assert.is(await status(t.unlock(B, { offset: 110n, length: 4n })), 'STATUS_RANGE_NOT_LOCKED');
  assert.is(await status(t.unlock(A, { offset: 110n, length: 4n })), 'STATUS_SUCCESS');
  assert.is(await status(t.unlock(A, { offset: 110n, length: 4n })), 'STATUS_RANGE_NOT_LOCKED');
});

test('of stacked locks on one range, unlock removes the exclusive one first', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [ex(10n, 10n)]);
  await t.lock(A, [sh(10n, 10n)]);
  assert.is(await status(t.lock(B, [sh(5n, 10n)])), 'STATUS_LOCK_NOT_GRANTED');
  await t.unlock(A, { offset: 10n, length: 10n });
  assert.is(await status(t.lock(B, [sh(5n, 10n)])), 'STATUS_SUCCESS');
  assert.is(await status(t.lock(B, [ex(5n, 10n)])), 'STATUS_LOCK_NOT_GRANTED');
});

test('release drops only that owner\'s locks', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [sh(0n, 8n)]);
  await t.lock(B, [sh(0n, 1n)]);
  await t.release(A);
  assert.is(await status(t.lock(C, [ex(7n, 1n)])), 'STATUS_SUCCESS');
  assert.is(await status(t.lock(C, [ex(0n, 1n)])), 'STATUS_LOCK_NOT_GRANTED');
});

test('a waiting lock is granted when the conflicting lock is unlocked', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [ex(100n, 50n)]);
  const wait = waitFor();
  const pending = t.lock(B, [ex(100n, 50n)], wait);
  assert.is(wait.waits, 1);
  assert.is(await settled(pending), false);
  assert.is(await status(t.unlock(B, { offset: 100n, length: 50n })), 'STATUS_RANGE_NOT_LOCKED', 'a waiting lock is not held');
  await t.unlock(A, { offset: 100n, length: 50n });
  assert.is(await status(pending), 'STATUS_SUCCESS');
  assert.is(await status(t.checkIo(A, { offset: 100n, length: 1n }, false)), 'STATUS_FILE_LOCK_CONFLICT');
});

test('a lock that can be granted at once does not wait', async () => {
  const t = new ByteRangeLockTable();
  const wait = waitFor();
  await t.lock(A, [ex(0n, 1n)], wait);
  assert.is(wait.waits, 0);
});

test('a waiting lock is granted when the holder is released', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [ex(0n, 10n)]);
  const pending = t.lock(B, [sh(0n, 10n)], waitFor());
  await t.release(A);
  assert.is(await status(pending), 'STATUS_SUCCESS');
});

test('waiting locks are served oldest first', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [ex(0n, 10n)]);
  const first = t.lock(B, [ex(0n, 10n)], waitFor());
  const second = t.lock(C, [ex(0n, 10n)], waitFor());
  await t.unlock(A, { offset: 0n, length: 10n });
  assert.is(await status(first), 'STATUS_SUCCESS');
  assert.is(await settled(second), false);
  await t.unlock(B, { offset: 0n, length: 10n });
  assert.is(await status(second), 'STATUS_SUCCESS');
});

test('aborting a wait rejects with the reason and takes nothing', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [ex(0n, 10n)]);
  const wait = waitFor();
  const pending = t.lock(B, [ex(0n, 10n)], wait);
  wait.controller.abort(new NtStatusError(NtStatus.CANCELLED));
  assert.is(await status(pending), 'STATUS_CANCELLED');
  await t.unlock(A, { offset: 0n, length: 10n });
  assert.is(t.size, 0);
});

test('a wait aborted from inside onWait, or an onWait that throws, leaves no waiter behind', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [ex(0n, 10n)]);
  const controller = new AbortController();
  const aborted = t.lock(B, [ex(0n, 10n)], { signal: controller.signal, onWait: () => controller.abort(new NtStatusError(NtStatus.INTERNAL_ERROR)) });
  assert.is(await status(aborted), 'STATUS_INTERNAL_ERROR');
  const refused = t.lock(B, [ex(0n, 10n)], {
    signal: new AbortController().signal,
    onWait: () => {
      throw new NtStatusError(NtStatus.INSUFFICIENT_RESOURCES);
    },
  });
  assert.is(await status(refused), 'STATUS_INSUFFICIENT_RESOURCES');
  await t.unlock(A, { offset: 0n, length: 10n });
  assert.is(t.size, 0);
});

test('releasing the waiting owner fails its wait with STATUS_RANGE_NOT_LOCKED', async () => {
  const t = new ByteRangeLockTable();
  await t.lock(A, [ex(0n, 10n)]);
  const pending = t.lock(B, [ex(0n, 10n)], waitFor());
  await t.release(B);
  assert.is(await status(pending), 'STATUS_RANGE_NOT_LOCKED');
  await t.unlock(A, { offset: 0n, length: 10n });
  assert.is(t.size, 0);
});

test('the table is bounded: past the limit a lock fails and takes nothing', async () => {
  const t = new ByteRangeLockTable(2);
  await t.lock(A, [sh(0n, 1n)]);
  assert.is(await status(t.lock(A, [sh(1n, 1n), sh(2n, 1n)])), 'STATUS_INSUFFICIENT_RESOURCES');
  assert.is(t.size, 1);
});

test.run();
