// MS-SMB2 3.3.5.22 Receiving an SMB2 OPLOCK_BREAK Acknowledgment. No oplock or lease is ever granted
// yet, so there is never a break to acknowledge.

import { decodeOplockBreakRequest } from '../../protocol/messages/oplock-break.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

export async function oplockBreak(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeOplockBreakRequest(request.message);
  // MS-SMB2 3.3.5.22.1 / 3.3.5.22.2: an acknowledgment with no break in progress.
  if (body.type === 'LEASE_BREAK_ACKNOWLEDGMENT') throw new NtStatusError(NtStatus.OBJECT_NAME_NOT_FOUND);
  request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  throw new NtStatusError(NtStatus.INVALID_OPLOCK_PROTOCOL);
}
