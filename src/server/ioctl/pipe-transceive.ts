// MS-SMB2 3.3.5.15.1 / MS-FSCC 2.3.50 FSCTL_PIPE_TRANSCEIVE: write a request to a message-mode pipe and
// read back one response message in the same round trip.

import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import type { FsctlResult } from './index.ts';

export async function pipeTransceive(_request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  if (!open.pipe) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST);
  open.pipe.write(body.input);
  const chunk = open.pipe.read(body.maxOutputResponse);
  if (!chunk) throw new NtStatusError(NtStatus.PIPE_EMPTY);
  return { status: chunk.more ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS, output: chunk.data };
}
