// The byte-range lock state of one stream (MS-FSA 2.1.1.5 Stream.ByteRangeLockList), behind an interface
// so that a deployment serving one file system from several nodes can keep it somewhere shared. Every
// operation is asynchronous for that reason; the in-process table answers without waiting.

/** MS-FSA ByteRangeLock.OwnerOpen. SMB2 locks belong to the open (MS-SMB2 2.2.26), never to a process id. */
export interface LockOwner {
  readonly volatileFileId: bigint;
}

/** A range of bytes; Length may be 0, and Offset + Length may lie beyond the end of the file. */
export interface ByteRange {
  offset: bigint;
  length: bigint;
}

export interface LockRange extends ByteRange {
  exclusive: boolean;
}

/** How a lock request that cannot be granted yet waits (SMB2_LOCKFLAG_FAIL_IMMEDIATELY not set). */
export interface LockWait {
  /** Aborting gives up the wait: `lock` rejects with the abort reason and takes nothing. */
  signal: AbortSignal;
  /**
   * Runs once, synchronously, when the request starts to wait: the SMB2 request goes async here
   * (MS-SMB2 3.3.4.2). It may throw to refuse waiting, or abort the signal at once.
   */
  onWait(): void;
}

export interface ByteRangeLockManager {
  /**
   * MS-FSA 2.1.5.8 for every range in order, all or nothing: when one range cannot be granted, those
   * already taken are released again. Rejects with NtStatusError: INVALID_LOCK_RANGE (Offset + Length - 1
   * beyond 2^64 - 1), LOCK_NOT_GRANTED (a conflict and no `wait`), RANGE_NOT_LOCKED (the owner was released
   * while waiting), INSUFFICIENT_RESOURCES (the table is full), or the abort reason of `wait.signal`.
   */
  lock(owner: LockOwner, ranges: readonly LockRange[], wait?: LockWait): Promise<void>;
  /**
   * MS-FSA 2.1.5.9: removes the owner's lock with exactly this offset and length (an exclusive one first).
   * Rejects with RANGE_NOT_LOCKED when there is none, INVALID_LOCK_RANGE for an impossible range.
   */
  unlock(owner: LockOwner, range: ByteRange): Promise<void>;
  /**
   * MS-FSA 2.1.5.2 / 2.1.5.3: rejects with FILE_LOCK_CONFLICT when a READ (`write` false) or WRITE of the
   * range by this owner conflicts with a lock (MS-FSA 2.1.4.10). Zero-length I/O never conflicts.
   */
  checkIo(owner: LockOwner, range: ByteRange, write: boolean): Promise<void>;
  /** The owner closed: its locks go, and its waiting requests reject with RANGE_NOT_LOCKED. */
  release(owner: LockOwner): Promise<void>;
}
