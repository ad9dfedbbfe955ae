// MS-FSA 2.1.5.10.38 FSCTL_SET_SPARSE: marks a file sparse or not. The attribute lives in the driver, which
// reports it in FileStat.attributes (FILE_ATTRIBUTE_SPARSE_FILE); a driver without the hook cannot.

import { AccessMask } from '../../protocol/constants.ts';
import { decodeFileSetSparseBuffer } from '../../protocol/fsctl/sparse.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { dataStreamHandle, requireAccess } from './data-stream.ts';
import type { FsctlResult } from './index.ts';

/** MS-FSA asks for FILE_WRITE_DATA or FILE_WRITE_ATTRIBUTES; Windows takes FILE_APPEND_DATA too (smbtorture smb2.ioctl.sparse_perms). */
const SET_SPARSE_RIGHTS = AccessMask.FILE_WRITE_DATA | AccessMask.FILE_WRITE_ATTRIBUTES | AccessMask.FILE_APPEND_DATA;

export async function setSparse(request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  const handle = dataStreamHandle(open);
  if (!handle.setSparse || !open.treeConnect.share.driver?.capabilities.sparseFiles) {
    throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST, 'the share has no sparse files');
  }
  requireAccess(open, SET_SPARSE_RIGHTS, 'FSCTL_SET_SPARSE needs write access');
  await handle.setSparse(request.clientContext(), decodeFileSetSparseBuffer(body.input));
  return { output: Buffer.alloc(0) };
}
