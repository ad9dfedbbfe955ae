// MS-SMB2 3.3.5.15 Receiving an SMB2 IOCTL Request.

import { IoctlFlags } from '../../protocol/constants.ts';
import { decodeIoctlRequest, encodeIoctlResponse } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { fsctlTable } from '../ioctl/index.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

/** InputCount (body offset 28) and MaxOutputResponse (44), MS-SMB2 2.2.31. */
export const ioctlPayloadSize = (message: Buffer): number =>
  message.length >= 112 ? Math.max(message.readUInt32LE(92), message.readUInt32LE(108)) : 0;

export async function ioctl(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeIoctlRequest(request.message);
  // MS-SMB2 3.3.5.15: only FSCTLs travel over SMB2.
  if (body.flags !== IoctlFlags.IS_FSCTL) throw new NtStatusError(NtStatus.NOT_SUPPORTED);
  const max = request.server.options.maxIoSize;
  if (body.input.length > max || body.maxOutputResponse > max || body.maxInputResponse > max) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  const entry = fsctlTable.get(body.ctlCode);
  if (!entry) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST);
  const result = entry.needsOpen
    ? await entry.handler(request, body, request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId }))
    : await entry.handler(request, body);
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
