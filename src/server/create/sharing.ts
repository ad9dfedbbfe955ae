// MS-FSA 2.1.5.1.2: whether a new open may join the opens an object already has. Oplocks and leases are
// broken first (MS-FSA 2.1.4.12), and the open waits for the holders to acknowledge, or for the break to
// time out, before the share modes have the last word: a holder that flushes and closes its cached handle
// can turn a sharing violation into success.

import { AccessMask, CreateDisposition } from '../../protocol/constants.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { shareAccessConflicts } from '../access.ts';
import type { CachingRequest } from '../leases/types.ts';
import { breakWaiter } from '../leases/wait.ts';
import type { Smb2Request } from '../request.ts';
import type { SharedObject } from '../state/shared-object.ts';

/** MS-FSA 2.1.5.1.2: a delete-pending object refuses new opens; otherwise share modes must agree. */
export function checkSharing(object: SharedObject | undefined, access: number, shareAccess: number): void {
  if (!object) return;
  if (object.deletePending) throw new NtStatusError(NtStatus.DELETE_PENDING);
  if (hasSharingViolation(object, access, shareAccess)) throw new NtStatusError(NtStatus.SHARING_VIOLATION);
}

function hasSharingViolation(object: SharedObject, access: number, shareAccess: number): boolean {
  for (const other of object.opens) {
    if (shareAccessConflicts(other, { access, shareAccess })) return true;
  }
  return false;
}

export interface Admission {
  access: number;
  shareAccess: number;
  /** MS-SMB2 2.2.13 CreateDisposition */
  createDisposition: number;
  caching: CachingRequest;
}

const OVERWRITING = new Set<number>([CreateDisposition.SUPERSEDE, CreateDisposition.OVERWRITE, CreateDisposition.OVERWRITE_IF]);

/**
 * Lets a CREATE join an existing object's opens (`object` undefined: nobody has it open, or it does not
 * exist): checks the lease key, breaks conflicting caching and waits for it, then checks delete-pending and
 * share modes. While waiting the request goes async (MS-SMB2 3.3.4.2), unless more of its compound follows.
 */
export async function admitOpen(request: Smb2Request, object: SharedObject | undefined, a: Admission): Promise<void> {
  const leases = request.server.leases;
  const lease = a.caching.lease;
  if (lease) leases.checkLeaseKey(a.caching.clientGuid, lease.leaseKey, object);
  if (!object) return;
  const overwrites = OVERWRITING.has(a.createDisposition);
  const intent = {
    clientGuid: a.caching.clientGuid,
    leaseKey: lease?.leaseKey,
    // Overwriting writes the file, whatever access was asked for.
    access: overwrites ? a.access | AccessMask.FILE_WRITE_DATA : a.access,
    overwrites,
  };
  const wait = breakWaiter(request, object);
  for (let first = true; ; first = false) {
    // MS-FSA 2.1.5.1.2: a pending delete refuses the open before any oplock is broken.
    if (object.deletePending) throw new NtStatusError(NtStatus.DELETE_PENDING);
    const violation = hasSharingViolation(object, a.access, a.shareAccess);
    if (!leases.contend(object, intent, violation, first)) {
      if (violation) throw new NtStatusError(NtStatus.SHARING_VIOLATION);
      return;
    }
    await wait();
  }
}
