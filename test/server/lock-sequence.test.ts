// MS-SMB2 3.3.5.14 lock replay detection: Open.LockSequenceArray, and which opens use it. The steps follow
// smbtorture smb2.lock.replay_smb3_specification_* (Samba 4.17 source4/torture/smb2/lock.c), which Samba
// passes: a LOCK resent with the LockSequenceNumber the entry holds is a replay; another number invalidates
// the entry; index 0 and indexes past 64 are never checked.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Capabilities, Dialect } from '../../src/protocol/constants.ts';
import { LockSequenceArray, usesLockSequence, type LockSequenceContext } from '../../src/server/locks/lock-sequence.ts';

/**
 * One LOCK request as lock.ts handles it: a replay is answered without doing anything; otherwise the
 * request runs, and only a successful one is recorded. Returns whether the request ran.
 */
function request(array: LockSequenceArray, index: number, number: number, succeeds: boolean): boolean {
  if (array.isReplay(index, number)) return false;
  if (succeeds) array.record(index, number);
  return true;
}

// [LockSequenceIndex, LockSequenceNumber, whether the request succeeds when it runs, whether it runs].
const steps: [number, number, boolean, boolean][] = [
  // Bucket 0 is invalid: the same request runs every time.
  [0, 1, true, true],
  [0, 1, false, true],
  // Bucket 1: the first request runs, the same number again is a replay, lock or unlock alike.
  [1, 1, true, true],
  [1, 1, true, false],
  [1, 1, true, false],
  // A new number runs (and fails here: the range is still locked), which invalidates the entry...
  [1, 2, false, true],
  // ...so neither the new number nor the old one is a replay any more.
  [1, 2, false, true],
  [1, 1, false, true],
  // Buckets are independent.
  [2, 1, false, true],
  // Bucket 65 lies beyond the array: never checked, never recorded.
  [65, 1, true, true],
  [65, 1, true, true],
  // Bucket 64 is the last valid one.
  [64, 1, false, true],
  [64, 2, true, true],
  [64, 2, true, false],
  [64, 3, false, true],
];

test('LockSequenceArray follows the replay steps of smb2.lock.replay_smb3_specification', () => {
  const array = new LockSequenceArray();
  steps.forEach(([index, number, succeeds, runs], i) => {
    assert.is(request(array, index, number, succeeds), runs, `step ${i}: index ${index}, number ${number}`);
  });
});

const base: LockSequenceContext = { dialect: Dialect.SMB3_0, serverCapabilities: 0, isResilient: false, isDurable: false, isPersistent: false };
const gating: [string, Partial<LockSequenceContext>, boolean][] = [
  ['a plain open', {}, false],
  ['a durable open', { isDurable: true }, true],
  ['a resilient open', { isResilient: true }, true],
  ['a persistent open', { isPersistent: true }, true],
  ['any open when multichannel is offered', { serverCapabilities: Capabilities.MULTI_CHANNEL }, true],
  ['a resilient open over 2.1', { dialect: Dialect.SMB2_1, isResilient: true }, true],
  ['a durable open over 2.0.2, where the field is reserved', { dialect: Dialect.SMB2_0_2, isDurable: true }, false],
];
for (const [label, change, expected] of gating) {
  test(`lock sequence ${expected ? 'checked' : 'ignored'} for ${label}`, () => {
    assert.is(usesLockSequence({ ...base, ...change }), expected);
  });
}

test.run();
