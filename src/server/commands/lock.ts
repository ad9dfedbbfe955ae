// MS-SMB2 3.3.5.14 Receiving an SMB2 LOCK Request. Byte-range locking is not offered yet, and the
// request is refused rather than pretending a lock was taken.

import { decodeLockRequest } from '../../protocol/messages/lock.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

export async function lock(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeLockRequest(request.message);
  request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'byte-range locks');
}
