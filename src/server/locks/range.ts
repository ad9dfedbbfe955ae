// MS-FSA 2.1.4.10: when a lock or an I/O over a range conflicts with a byte-range lock. The arithmetic is
// done on unbounded bigints, so a zero-length range at Offset is the empty interval [Offset, Offset - 1]
// and the spec's special cases follow without being written out: {0, 0} overlaps nothing, and a
// zero-length range at X overlaps only ranges that hold bytes on both sides of X.

import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { ByteRange, LockOwner } from './types.ts';

const MAX_OFFSET = 0xffffffffffffffffn;

/** A granted lock (MS-FSA 2.1.1.5 ByteRangeLock). */
export interface HeldLock extends ByteRange {
  owner: LockOwner;
  exclusive: boolean;
}

/** MS-FSA 2.1.5.8 / 2.1.5.9: a range whose last byte lies beyond 2^64 - 1 is STATUS_INVALID_LOCK_RANGE. */
export function checkLockRange(range: ByteRange): void {
  if (range.length !== 0n && range.offset + range.length - 1n > MAX_OFFSET) {
    throw new NtStatusError(NtStatus.INVALID_LOCK_RANGE, `${range.offset}+${range.length} runs past 2^64`);
  }
}

export function rangesOverlap(a: ByteRange, b: ByteRange): boolean {
  return a.offset <= b.offset + b.length - 1n && a.offset + a.length - 1n >= b.offset;
}

/**
 * MS-FSA 2.1.4.10 for one held lock. An exclusive lock lets its own open read, write and stack shared
 * locks over it, and refuses everything to other opens; a shared lock refuses writes and exclusive locks
 * to everyone, its own open included.
 */
export function conflictsWith(held: HeldLock, owner: LockOwner, range: ByteRange, exclusive: boolean, lockIntent: boolean): boolean {
  if (!rangesOverlap(held, range)) return false;
  if (held.exclusive) return held.owner !== owner || (lockIntent && exclusive);
  return exclusive;
}
