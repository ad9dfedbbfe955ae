// MS-SMB2 3.3.5.11 Receiving an SMB2 FLUSH Request.

import { AccessMask } from '../../protocol/constants.ts';
import { decodeFlushRequest, encodeFlushResponse } from '../../protocol/messages/flush.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { flushWriteTime } from '../info/write-time.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

export async function flush(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeFlushRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  // MS-SMB2 3.3.5.11: flushing needs write or append access.
  if (!(open.grantedAccess & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA))) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  await open.handle?.flush(request.clientContext());
  // A write-time update held back for this open's writes is made now (info/write-time.ts).
  await flushWriteTime(open, request.clientContext());
  return { body: encodeFlushResponse({}) };
}
