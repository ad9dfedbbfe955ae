// MS-FSA 2.1.5.10.39 FSCTL_SET_ZERO_DATA: the range reads as zeros afterwards. Zeroing never extends the
// file: the part of the range at or beyond the end of file is left alone. Sparse files may free the range;
// that is the driver's choice.

import { AccessMask } from '../../protocol/constants.ts';
import { decodeFileZeroDataInformation } from '../../protocol/fsctl/zero-data.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { beforeWrite } from '../info/write-time.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { dataStreamHandle, fileHandle, requireAccess } from './data-stream.ts';
import type { FsctlResult } from './index.ts';

export async function setZeroData(request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  if (!fileHandle(open).zeroRange) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST, 'the driver cannot zero ranges');
  const { fileOffset, beyondFinalZero } = decodeFileZeroDataInformation(body.input);
  if (fileOffset < 0n || beyondFinalZero < 0n || fileOffset > beyondFinalZero) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'FileOffset beyond BeyondFinalZero');
  }
  const handle = dataStreamHandle(open);
  requireAccess(open, AccessMask.FILE_WRITE_DATA, 'FSCTL_SET_ZERO_DATA needs FILE_WRITE_DATA');
  const ctx = request.clientContext();
  const { size } = await handle.stat(ctx);
  const end = beyondFinalZero < size ? beyondFinalZero : size;
  if (fileOffset >= end) return { output: Buffer.alloc(0) };
  const range = { offset: fileOffset, length: end - fileOffset };
  // MS-FSA 2.1.5.10.39: zeroing writes, so another open's lock over the range refuses it.
  await open.object?.byteRangeLocks.checkIo(open, range, true);
  request.server.leases.breakReadCaching(open, true);
  await beforeWrite(open, ctx);
  await handle.zeroRange!(ctx, range);
  return { output: Buffer.alloc(0) };
}
