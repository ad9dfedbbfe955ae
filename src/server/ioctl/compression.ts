// MS-FSA 2.1.5.10.9 FSCTL_GET_COMPRESSION and its FSCTL_SET_COMPRESSION section. No driver compresses, and
// the volume does not claim FILE_FILE_COMPRESSION, so every file reads as uncompressed and only "uncompressed"
// can be set — what Windows Server 2016 answers on volumes without compression (smbtorture
// smb2.ioctl.compress_notsup_get / compress_notsup_set).

import { AccessMask } from '../../protocol/constants.ts';
import { COMPRESSION_STATE_SIZE, CompressionFormat, decodeCompressionState, encodeCompressionState } from '../../protocol/fsctl/compression.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { fileHandle, requireAccess } from './data-stream.ts';
import type { FsctlResult } from './index.ts';

export async function getCompression(_request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  fileHandle(open);
  if (body.maxOutputResponse < COMPRESSION_STATE_SIZE) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'no room for COMPRESSION_STATE');
  return { output: encodeCompressionState(CompressionFormat.NONE) };
}

export async function setCompression(_request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  fileHandle(open);
  const format = decodeCompressionState(body.input);
  // Windows asks for FILE_WRITE_DATA here, even to set "uncompressed" (smbtorture smb2.ioctl.compress_perms).
  requireAccess(open, AccessMask.FILE_WRITE_DATA, 'FSCTL_SET_COMPRESSION needs FILE_WRITE_DATA');
  switch (format) {
    case CompressionFormat.NONE:
      return { output: Buffer.alloc(0) };
    case CompressionFormat.DEFAULT:
    case CompressionFormat.LZNT1:
      throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'no compression on this volume');
    default:
      // MS-FSCC 2.3.67: every other CompressionState is reserved.
      throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'unknown CompressionState');
  }
}
