// The FSCTL table (MS-SMB2 3.3.5.15): each control code with its handler and whether it needs a real
// open or takes the FileId 0xFFFFFFFFFFFFFFFF that connection-level FSCTLs use.

import { FsctlCode } from '../../protocol/fsctl/codes.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { getCompression, setCompression } from './compression.ts';
import { srvCopychunk } from './copychunk.ts';
import { duplicateExtentsToFile } from './duplicate-extents.ts';
import { fileLevelTrim } from './file-level-trim.ts';
import { createOrGetObjectId, getObjectId } from './object-id.ts';
import { pipeTransceive } from './pipe-transceive.ts';
import { queryNetworkInterfaceInfo } from './network-interface-info.ts';
import { queryAllocatedRanges } from './query-allocated-ranges.ts';
import { requestResumeKey } from './resume-key.ts';
import { requestResiliency } from './request-resiliency.ts';
import { setSparse } from './set-sparse.ts';
import { setZeroData } from './set-zero-data.ts';
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

/** An FSCTL on an open that the object store does not implement (MS-FSA 2.1.5.10: STATUS_INVALID_DEVICE_REQUEST). */
const unsupportedOnOpen: FsctlEntry = {
  needsOpen: true,
  handler: async () => {
    throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST);
  },
};

export const fsctlTable: ReadonlyMap<number, FsctlEntry> = new Map<number, FsctlEntry>([
  [FsctlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, { needsOpen: false, handler: validateNegotiateInfo }],
  [FsctlCode.FSCTL_PIPE_TRANSCEIVE, { needsOpen: true, handler: pipeTransceive }],
  // MS-SMB2 3.3.5.15.2: a server without DFS answers referral requests with STATUS_FS_DRIVER_REQUIRED.
  [FsctlCode.FSCTL_DFS_GET_REFERRALS, refuse(NtStatus.FS_DRIVER_REQUIRED)],
  [FsctlCode.FSCTL_DFS_GET_REFERRALS_EX, refuse(NtStatus.FS_DRIVER_REQUIRED)],
  [FsctlCode.FSCTL_QUERY_NETWORK_INTERFACE_INFO, { needsOpen: false, handler: queryNetworkInterfaceInfo }],
  [FsctlCode.FSCTL_SET_SPARSE, { needsOpen: true, handler: setSparse }],
  [FsctlCode.FSCTL_SET_ZERO_DATA, { needsOpen: true, handler: setZeroData }],
  [FsctlCode.FSCTL_QUERY_ALLOCATED_RANGES, { needsOpen: true, handler: queryAllocatedRanges }],
  [FsctlCode.FSCTL_CREATE_OR_GET_OBJECT_ID, { needsOpen: true, handler: createOrGetObjectId }],
  [FsctlCode.FSCTL_GET_OBJECT_ID, { needsOpen: true, handler: getObjectId }],
  // Object ids are derived from file ids (object-id.ts), so they cannot be set or removed.
  [FsctlCode.FSCTL_SET_OBJECT_ID, unsupportedOnOpen],
  [FsctlCode.FSCTL_SET_OBJECT_ID_EXTENDED, unsupportedOnOpen],
  [FsctlCode.FSCTL_DELETE_OBJECT_ID, unsupportedOnOpen],
  [FsctlCode.FSCTL_GET_COMPRESSION, { needsOpen: true, handler: getCompression }],
  [FsctlCode.FSCTL_SET_COMPRESSION, { needsOpen: true, handler: setCompression }],
  [FsctlCode.FSCTL_SRV_REQUEST_RESUME_KEY, { needsOpen: true, handler: requestResumeKey }],
  [FsctlCode.FSCTL_SRV_COPYCHUNK, { needsOpen: true, handler: srvCopychunk }],
  [FsctlCode.FSCTL_SRV_COPYCHUNK_WRITE, { needsOpen: true, handler: srvCopychunk }],
  [FsctlCode.FSCTL_DUPLICATE_EXTENTS_TO_FILE, { needsOpen: true, handler: duplicateExtentsToFile }],
  [FsctlCode.FSCTL_FILE_LEVEL_TRIM, { needsOpen: true, handler: fileLevelTrim }],
  [FsctlCode.FSCTL_LMR_REQUEST_RESILIENCY, { needsOpen: true, handler: requestResiliency }],
  // Integrity streams are a ReFS feature; NTFS refuses these the same way.
  [FsctlCode.FSCTL_GET_INTEGRITY_INFORMATION, unsupportedOnOpen],
  [FsctlCode.FSCTL_SET_INTEGRITY_INFORMATION, unsupportedOnOpen],
]);
