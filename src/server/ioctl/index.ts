// The FSCTL table (MS-SMB2 3.3.5.15): each control code with its handler and whether it needs a real
// open or takes the FileId 0xFFFFFFFFFFFFFFFF that connection-level FSCTLs use.

import { FsctlCode } from '../../protocol/fsctl/codes.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { pipeTransceive } from './pipe-transceive.ts';
import { validateNegotiateInfo } from './validate-negotiate.ts';

export interface FsctlResult {
  status?: number;
  output: Buffer;
}

export type FsctlEntry =
  | { needsOpen: false; handler: (request: Smb2Request, body: IoctlRequest) => Promise<FsctlResult> }
  | { needsOpen: true; handler: (request: Smb2Request, body: IoctlRequest, open: Open) => Promise<FsctlResult> };

const refuse = (status: number): FsctlEntry => ({
  needsOpen: false,
  handler: async () => {
    throw new NtStatusError(status);
  },
});

export const fsctlTable: ReadonlyMap<number, FsctlEntry> = new Map<number, FsctlEntry>([
  [FsctlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, { needsOpen: false, handler: validateNegotiateInfo }],
  [FsctlCode.FSCTL_PIPE_TRANSCEIVE, { needsOpen: true, handler: pipeTransceive }],
  // MS-SMB2 3.3.5.15.2: a server without DFS answers referral requests with STATUS_FS_DRIVER_REQUIRED.
  [FsctlCode.FSCTL_DFS_GET_REFERRALS, refuse(NtStatus.FS_DRIVER_REQUIRED)],
  [FsctlCode.FSCTL_DFS_GET_REFERRALS_EX, refuse(NtStatus.FS_DRIVER_REQUIRED)],
  // Multichannel is not offered (MS-SMB2 3.3.5.15.11 applies only where it is).
  [FsctlCode.FSCTL_QUERY_NETWORK_INTERFACE_INFO, refuse(NtStatus.NOT_SUPPORTED)],
]);
