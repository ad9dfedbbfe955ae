// MS-FSA 2.1.5.1.2: whether a new open may join the opens an object already has.

import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { shareAccessConflicts } from '../access.ts';
import type { SharedObject } from '../state/shared-object.ts';

/** MS-FSA 2.1.5.1.2: a delete-pending object refuses new opens; otherwise share modes must agree. */
export function checkSharing(object: SharedObject | undefined, access: number, shareAccess: number): void {
  if (!object) return;
  if (object.deletePending) throw new NtStatusError(NtStatus.DELETE_PENDING);
  for (const other of object.opens) {
    if (shareAccessConflicts(other, { access, shareAccess })) throw new NtStatusError(NtStatus.SHARING_VIOLATION);
  }
}
