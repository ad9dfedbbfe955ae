// The in-process ByteRangeLockManager: one per SharedObject, so every open of a file sees the same locks.
// Nothing here awaits, so each operation is atomic with respect to the others.

import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { checkLockRange, conflictsWith, type HeldLock } from './range.ts';
import type { ByteRange, ByteRangeLockManager, LockOwner, LockRange, LockWait } from './types.ts';

/**
 * Every lock and I/O scans the held locks, so their number is bounded; past it a lock fails the way an
 * object store out of memory fails it.
 */
export const MAX_LOCKS_PER_OBJECT = 65536;

interface Waiter {
  owner: LockOwner;
  ranges: readonly LockRange[];
  settle(error?: unknown): void;
}

export class ByteRangeLockTable implements ByteRangeLockManager {
  /** MS-FSA Stream.ByteRangeLockList, in the order the locks were granted. */
  private readonly held: HeldLock[] = [];
  /** Requests waiting for their ranges, served first come first served whenever a lock goes. */
  private readonly waiters: Waiter[] = [];
  private readonly maxLocks: number;

  constructor(maxLocks = MAX_LOCKS_PER_OBJECT) {
    this.maxLocks = maxLocks;
  }

  /** The locks currently held, for diagnostics and tests. */
  get size(): number {
    return this.held.length;
  }

  async lock(owner: LockOwner, ranges: readonly LockRange[], wait?: LockWait): Promise<void> {
    if (this.tryGrant(owner, ranges)) return;
    if (!wait) throw new NtStatusError(NtStatus.LOCK_NOT_GRANTED);
    const { signal } = wait;
    if (signal.aborted) throw signal.reason;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (this.removeWaiter(waiter)) waiter.settle(signal.reason);
      };
      const waiter: Waiter = {
        owner,
        ranges,
        settle: (error) => {
          signal.removeEventListener('abort', onAbort);
          if (error === undefined) resolve();
          else reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      try {
        wait.onWait();
      } catch (error) {
        if (this.removeWaiter(waiter)) waiter.settle(error);
      }
    });
  }

  async unlock(owner: LockOwner, range: ByteRange): Promise<void> {
    checkLockRange(range);
    // MS-FSA 2.1.5.9: the exact range; of stacked locks the exclusive one goes first.
    let found = -1;
    for (let i = 0; i < this.held.length; i++) {
      const lock = this.held[i]!;
      if (lock.owner !== owner || lock.offset !== range.offset || lock.length !== range.length) continue;
      found = i;
      if (lock.exclusive) break;
    }
    if (found < 0) throw new NtStatusError(NtStatus.RANGE_NOT_LOCKED);
    this.held.splice(found, 1);
    this.wake();
  }

  async checkIo(owner: LockOwner, range: ByteRange, write: boolean): Promise<void> {
    if (range.length === 0n) return;
    for (const lock of this.held) {
      if (conflictsWith(lock, owner, range, write, false)) throw new NtStatusError(NtStatus.FILE_LOCK_CONFLICT);
    }
  }

  async release(owner: LockOwner): Promise<void> {
    for (const waiter of this.waiters.filter((w) => w.owner === owner)) {
      this.removeWaiter(waiter);
      waiter.settle(new NtStatusError(NtStatus.RANGE_NOT_LOCKED, 'the open closed while its lock waited'));
    }
    const before = this.held.length;
    for (let i = this.held.length - 1; i >= 0; i--) if (this.held[i]!.owner === owner) this.held.splice(i, 1);
    if (this.held.length !== before) this.wake();
  }

  /** Takes every range or none; false when one conflicts. Throws for an invalid range or a full table. */
  private tryGrant(owner: LockOwner, ranges: readonly LockRange[]): boolean {
    const start = this.held.length;
    try {
      for (const range of ranges) {
        checkLockRange(range);
        if (this.held.some((lock) => conflictsWith(lock, owner, range, range.exclusive, true))) {
          this.held.length = start;
          return false;
        }
        if (this.held.length >= this.maxLocks) throw new NtStatusError(NtStatus.INSUFFICIENT_RESOURCES, 'too many byte-range locks on one object');
        this.held.push({ owner, offset: range.offset, length: range.length, exclusive: range.exclusive });
      }
      return true;
    } catch (error) {
      this.held.length = start;
      throw error;
    }
  }

  /** A lock went: grant what waiters can now have, oldest first. */
  private wake(): void {
    for (const waiter of [...this.waiters]) {
      let granted: boolean;
      try {
        granted = this.tryGrant(waiter.owner, waiter.ranges);
      } catch (error) {
        this.removeWaiter(waiter);
        waiter.settle(error);
        continue;
      }
      if (granted) {
        this.removeWaiter(waiter);
        waiter.settle();
      }
    }
  }

  private removeWaiter(waiter: Waiter): boolean {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return false;
    this.waiters.splice(i, 1);
    return true;
  }
}
