// MS-FSA 2.1.5.10.6 FSCTL_FILE_LEVEL_TRIM: ranges of a file whose storage the client no longer needs. Trimming
// is a hint passed down to the storage beneath; the drivers have no way to pass it on, so every valid range
// is accepted and left as it is, which loses the client nothing.

import { AccessMask } from '../../protocol/constants.ts';
import { decodeFileLevelTrim, encodeFileLevelTrimOutput, FILE_LEVEL_TRIM_OUTPUT_SIZE } from '../../protocol/fsctl/file-level-trim.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { dataStreamHandle, requireAccess } from './data-stream.ts';
import type { FsctlResult } from './index.ts';

export async function fileLevelTrim(_request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  dataStreamHandle(open);
  const trim = decodeFileLevelTrim(body.input);
  if (trim.ranges.length === 0) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'FILE_LEVEL_TRIM without ranges');
  // The output is optional (MS-FSA 2.1.5.10.6): none is asked for with MaxOutputResponse 0.
  if (body.maxOutputResponse !== 0 && body.maxOutputResponse < FILE_LEVEL_TRIM_OUTPUT_SIZE) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'no room for FILE_LEVEL_TRIM_OUTPUT');
  }
  requireAccess(open, AccessMask.FILE_WRITE_DATA, 'FSCTL_FILE_LEVEL_TRIM needs FILE_WRITE_DATA');
  return { output: body.maxOutputResponse === 0 ? Buffer.alloc(0) : encodeFileLevelTrimOutput(trim.ranges.length) };
}
