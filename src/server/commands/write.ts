// MS-SMB2 3.3.5.13 Receiving an SMB2 WRITE Request. The payload is handed to the driver as the view
// of the received frame it already is.

import { Channel } from '../../protocol/constants.ts';
import { decodeWriteRequest, encodeWriteResponse } from '../../protocol/messages/write.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { canWrite } from '../access.ts';
import { beforeWrite } from '../info/write-time.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

/** WRITE Length is at body offset 4 (MS-SMB2 2.2.21). */
export const writePayloadSize = (message: Buffer): number => (message.length >= 72 ? message.readUInt32LE(68) : 0);

/** MS-SMB2 2.2.21: offset 0xFFFFFFFFFFFFFFFF with FILE_APPEND_DATA means "at end of file". */
const APPEND_OFFSET = 0xffffffffffffffffn;

export async function write(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeWriteRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  if (body.channel !== Channel.NONE) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'RDMA channel on TCP');
  if (body.data.length > request.connection.maxIoSize) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'WRITE beyond MaxWriteSize');

  if (open.pipe) {
    open.pipe.write(body.data);
    return { body: encodeWriteResponse({ count: body.data.length }) };
  }
  if (open.isDirectory) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST);
  if (!canWrite(open.grantedAccess)) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  const ctx = request.clientContext();
  let offset = body.offset;
  if (offset === APPEND_OFFSET) offset = (await open.handle!.stat(ctx)).size;
  else if (offset + BigInt(body.data.length) > 0xfffffff0000n) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'offset beyond the largest file size');
  // MS-FSA 2.1.5.3: another open's lock, or a shared lock of this open, over the range refuses the write.
  await open.object?.byteRangeLocks.checkIo(open, { offset, length: BigInt(body.data.length) }, true);
  // MS-FSA 2.1.5.3: other opens' read caches (level II oplocks, R leases) are now stale.
  request.server.leases.breakReadCaching(open, true);
  // LastWriteTime moves later, not with every write (info/write-time.ts).
  await beforeWrite(open, ctx);
  const count = await open.handle!.write(ctx, body.data, offset);
  // A driver is done with `data` once write() settles, and nothing else here kept a view of the message.
  request.messageDone = true;
  open.currentByteOffset = offset + BigInt(count);
  return { body: encodeWriteResponse({ count }) };
}
