// MS-SMB2 3.3.5.14 Receiving an SMB2 LOCK Request. A request is a series of unlocks (3.3.5.14.1) or a
// series of locks (3.3.5.14.2), decided by its first element. Locks are all or nothing; unlocks are
// carried out one by one and stay done when a later element fails. A lock that conflicts and may wait
// (no SMB2_LOCKFLAG_FAIL_IMMEDIATELY) goes async until the range is free, it is cancelled, or its open
// closes. Failed locks are STATUS_LOCK_NOT_GRANTED; SMB2 has no SMB1-style FILE_LOCK_CONFLICT escalation.

import { LockFlags } from '../../protocol/constants.ts';
import { decodeLockRequest, encodeLockResponse, type LockElement } from '../../protocol/messages/lock.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { usesLockSequence } from '../locks/lock-sequence.ts';
import type { ByteRangeLockManager, LockRange } from '../locks/types.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';

/** MS-SMB2 2.2.26.1: the flag combinations a lock element may carry; anything else is INVALID_PARAMETER. */
function isValidLockFlags(flags: number): boolean {
  const kind = flags & ~LockFlags.FAIL_IMMEDIATELY;
  return kind === LockFlags.SHARED_LOCK || kind === LockFlags.EXCLUSIVE_LOCK;
}

export async function lock(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeLockRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  if (open.pipe) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST, 'byte-range lock on a pipe');
  // MS-FSA 2.1.5.8 / 2.1.5.9: byte-range locks are not permitted on directories.
  if (open.isDirectory || !open.object) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'byte-range lock on a directory');
  const locks = open.object.byteRangeLocks;
  const unlocking = (body.locks[0]!.flags & LockFlags.UNLOCK) !== 0;
  // MS-SMB2 3.3.5.2.9 lets LOCK through an expired session so the client can still release what it holds;
  // as in Samba, only unlocks are carried out until it reauthenticates.
  if (request.session!.state === 'expired' && !unlocking) throw new NtStatusError(NtStatus.NETWORK_SESSION_EXPIRED);

  const { profile, serverCapabilities } = request.connection;
  const sequenced = usesLockSequence({
    dialect: profile!.dialect,
    serverCapabilities,
    isResilient: open.isResilient,
    isDurable: open.isDurable,
    isPersistent: open.isPersistent,
  });
  if (sequenced && open.lockSequenceArray.isReplay(body.lockSequenceIndex, body.lockSequenceNumber)) {
    return { body: encodeLockResponse() };
  }

  if (unlocking) await unlockAll(locks, open, body.locks);
  else await lockAll(request, locks, open, body.locks);

  if (sequenced) open.lockSequenceArray.record(body.lockSequenceIndex, body.lockSequenceNumber);
  return { body: encodeLockResponse() };
}

/** MS-SMB2 3.3.5.14.1: in order; an element that is not a plain unlock stops the series. */
async function unlockAll(locks: ByteRangeLockManager, open: Open, elements: readonly LockElement[]): Promise<void> {
  for (const element of elements) {
    // The spec lets a server ignore FAIL_IMMEDIATELY on an unlock; Samba refuses the combination, and
    // smbtorture smb2.lock.valid-request expects that of every server but Windows Server 2008.
    if (element.flags !== LockFlags.UNLOCK) throw new NtStatusError(NtStatus.INVALID_PARAMETER, `flags ${element.flags} in an unlock series`);
    await locks.unlock(open, element);
  }
}

/** MS-SMB2 3.3.5.14.2: every element valid first, then all ranges or none. */
async function lockAll(request: Smb2Request, locks: ByteRangeLockManager, open: Open, elements: readonly LockElement[]): Promise<void> {
  for (const element of elements) {
    if (!isValidLockFlags(element.flags)) throw new NtStatusError(NtStatus.INVALID_PARAMETER, `lock flags ${element.flags}`);
  }
  // A request that could wait with some of its ranges already taken would hold them while it waits.
  const failImmediately = elements.every((e) => e.flags & LockFlags.FAIL_IMMEDIATELY);
  if (elements.length > 1 && !failImmediately) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'several locks without FAIL_IMMEDIATELY');
  const ranges: LockRange[] = elements.map((e) => ({ offset: e.offset, length: e.length, exclusive: (e.flags & LockFlags.EXCLUSIVE_LOCK) !== 0 }));
  // MS-FSA 2.1.5.7: a byte-range lock ends read caching (level II oplocks, R leases) of the stream.
  request.server.leases.breakReadCaching(open, false);
  if (failImmediately) return locks.lock(open, ranges);

  const waiting = new AbortController();
  await locks.lock(open, ranges, {
    signal: waiting.signal,
    onWait: () => request.goAsync(() => waiting.abort(new NtStatusError(NtStatus.CANCELLED))),
  });
}
