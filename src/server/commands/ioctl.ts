// MS-SMB2 3.3.5.15 Receiving an SMB2 IOCTL Request.

import { IoctlFlags } from '../../protocol/constants.ts';
import { decodeIoctlRequest, encodeIoctlResponse } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { fsctlTable } from '../ioctl/index.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

/** InputCount (body offset 28) and MaxOutputResponse (44), MS-SMB2 2.2.31. */
export const ioctlPayloadSize = (message: Buffer): number =>
  message.length >= 112 ? Math.max(message.readUInt32LE(92), message.readUInt32LE(108)) : 0;

const NO_FILE_ID = 0xffffffffffffffffn;

export async function ioctl(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeIoctlRequest(request.message);
  // MS-SMB2 3.3.5.15: only FSCTLs travel over SMB2.
  if (body.flags !== IoctlFlags.IS_FSCTL) throw new NtStatusError(NtStatus.NOT_SUPPORTED);
  const max = request.connection.maxIoSize;
  if (body.input.length > max || body.maxOutputResponse > max || body.maxInputResponse > max) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  const entry = fsctlTable.get(body.ctlCode);
  const fileId = { persistent: body.persistentFileId, volatile: body.volatileFileId };
  let result;
  if (entry && !entry.needsOpen) {
    // MS-SMB2 3.3.5.15: the FSCTLs addressed to the server rather than an open take only FileId 0xFFFFFFFFFFFFFFFF.
    if (fileId.persistent !== NO_FILE_ID || fileId.volatile !== NO_FILE_ID) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
    result = await entry.handler(request, body);
  } else {
    // MS-SMB2 3.3.5.15: every other FSCTL names an open, located before the control code is looked at.
    const open = request.resolveOpen(fileId);
    if (!entry) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST);
    result = await entry.handler(request, body, open);
  }
  if (result.output.length > body.maxOutputResponse) throw new NtStatusError(NtStatus.BUFFER_TOO_SMALL);
  return {
    status: result.status,
    body: encodeIoctlResponse({
      ctlCode: body.ctlCode,
      persistentFileId: body.persistentFileId,
      volatileFileId: body.volatileFileId,
      flags: 0,
      input: Buffer.alloc(0),
      output: result.output,
    }),
  };
}
