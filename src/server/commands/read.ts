// MS-SMB2 3.3.5.12 Receiving an SMB2 READ Request. The response is built by hand so the data travels
// as its own chunk, straight from the pooled buffer the driver fills to the socket.

import { Channel } from '../../protocol/constants.ts';
import { decodeReadRequest } from '../../protocol/messages/read.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { canRead } from '../access.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { readBuffers } from '../buffer-pool.ts';

/** READ Length is at body offset 4 (MS-SMB2 2.2.19). */
export const readPayloadSize = (message: Buffer): number => (message.length >= 72 ? message.readUInt32LE(68) : 0);

/** MS-SMB2 2.2.20: the fixed 16 bytes of a READ response whose data follows immediately. */
function readResponseHead(dataLength: number): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt16LE(17, 0); // StructureSize
  head.writeUInt8(64 + 16, 2); // DataOffset, from the header start
  head.writeUInt32LE(dataLength, 4); // DataLength
  return head;
}

export async function read(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeReadRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  if (body.channel !== Channel.NONE) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'RDMA channel on TCP');
  if (body.length > request.connection.maxIoSize) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'READ beyond MaxReadSize');

  if (open.pipe) {
    const chunk = open.pipe.read(body.length);
    if (!chunk) throw new NtStatusError(NtStatus.PIPE_EMPTY);
    // Message-mode pipes return the rest of a PDU on the next READ (MS-SMB2 3.3.5.12).
    return { status: chunk.more ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS, body: [readResponseHead(chunk.data.length), chunk.data] };
  }
  if (open.isDirectory) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST);
  if (!canRead(open.grantedAccess)) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  // MS-FSA 2.1.5.2: another open's exclusive lock over the range refuses the read (FILE_LOCK_CONFLICT).
  await open.object?.byteRangeLocks.checkIo(open, { offset: body.offset, length: BigInt(body.length) }, false);
  const buffer = readBuffers.acquire(body.length);
  const count = await open.handle!.read(request.clientContext(), buffer, body.offset);
  // MS-SMB2 3.3.5.12: nothing read, or less than MinimumCount, is end of file.
  if ((count === 0 && body.length > 0) || count < body.minimumCount) {
    readBuffers.release(buffer);
    throw new NtStatusError(NtStatus.END_OF_FILE);
  }
  open.currentByteOffset = body.offset + BigInt(count);
  return { body: [readResponseHead(count), buffer.subarray(0, count)], release: () => readBuffers.release(buffer) };
}
