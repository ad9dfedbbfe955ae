// Waiting for a break to be acknowledged (MS-FSA 2.1.4.12: the operation joins Oplock.WaitList). The first
// wait turns the SMB2 request async (MS-SMB2 3.3.4.2), unless more of its compound follows it; an SMB2
// CANCEL then ends the wait with STATUS_CANCELLED.

import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import type { SharedObject } from '../state/shared-object.ts';

/** A function that resolves at the next change of the object's oplocks or leases. */
export function breakWaiter(request: Smb2Request, object: SharedObject): () => Promise<void> {
  let cancelled: Promise<never> | undefined;
  let abandon: (() => void) | undefined;
  return async () => {
    const change = request.server.leases.changed(object);
    if (request.moreFollow) return change.promise;
    abandon = change.abandon;
    if (!cancelled) {
      cancelled = new Promise<never>((_, reject) => {
        request.goAsync(() => {
          abandon?.();
          reject(new NtStatusError(NtStatus.CANCELLED));
        });
      });
      // A CANCEL after the wait is over changes nothing.
      cancelled.catch(() => undefined);
    }
    return Promise.race([change.promise, cancelled]);
  };
}

/**
 * MS-FSA 2.1.5.15.12 (rename): other leases on the object give up handle caching, and the rename waits for
 * their acknowledgments (or the break timeout) first, so cached handles do not keep the old name.
 */
export async function awaitHandleCachingBreaks(request: Smb2Request, open: Open): Promise<void> {
  const object = open.object;
  if (!object) return;
  const wait = breakWaiter(request, object);
  while (request.server.leases.breakHandleCaching(object, open)) await wait();
}
