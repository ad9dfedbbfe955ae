// MS-SMB2 3.3.5.19 Receiving an SMB2 CHANGE_NOTIFY Request. The request goes async at once and stays
// pending until it is cancelled (STATUS_CANCELLED) or its directory handle is closed
// (STATUS_NOTIFY_CLEANUP). Change events are not reported yet.

import { AccessMask } from '../../protocol/constants.ts';
import { decodeChangeNotifyRequest, encodeChangeNotifyResponse } from '../../protocol/messages/change-notify.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

/** OutputBufferLength at body offset 4 (MS-SMB2 2.2.35). */
export const changeNotifyPayloadSize = (message: Buffer): number => (message.length >= 72 ? message.readUInt32LE(68) : 0);

export async function changeNotify(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeChangeNotifyRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  if (!open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  if (!(open.grantedAccess & AccessMask.FILE_LIST_DIRECTORY)) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  if (body.outputBufferLength > request.connection.maxIoSize) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  const status = await new Promise<number>((resolve) => {
    const cleanup = () => resolve(NtStatus.NOTIFY_CLEANUP);
    request.goAsync(() => {
      open.onClose.delete(cleanup);
      resolve(NtStatus.CANCELLED);
    });
    open.onClose.add(cleanup);
  });
  if (status === NtStatus.CANCELLED) throw new NtStatusError(NtStatus.CANCELLED);
  return { status, body: encodeChangeNotifyResponse({ outputBuffer: Buffer.alloc(0) }) };
}
