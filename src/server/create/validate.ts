// MS-SMB2 3.3.5.9 / MS-FSA 2.1.5.1: the checks a CREATE request passes before anything is looked up.

import { AccessMask, CreateAction, CreateDisposition, CreateOptions, ImpersonationLevel, ShareAccess } from '../../protocol/constants.ts';
import type { CreateRequest } from '../../protocol/messages/create.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { CreateResult, OpenDisposition } from '../../ios/types.ts';
import { mapGenericRights } from '../access.ts';

export const dispositions: Record<number, OpenDisposition> = {
  [CreateDisposition.SUPERSEDE]: 'supersede',
  [CreateDisposition.OPEN]: 'open',
  [CreateDisposition.CREATE]: 'create',
  [CreateDisposition.OPEN_IF]: 'open-if',
  [CreateDisposition.OVERWRITE]: 'overwrite',
  [CreateDisposition.OVERWRITE_IF]: 'overwrite-if',
};

export const createActions: Record<CreateResult, number> = {
  opened: CreateAction.OPENED,
  created: CreateAction.CREATED,
  overwritten: CreateAction.OVERWRITTEN,
  superseded: CreateAction.SUPERSEDED,
};

/** MS-SMB2 2.2.13: bits of DesiredAccess no client may set. */
const ACCESS_RESERVED = 0x0ce0fe00;
/** MS-SMB2 3.3.5.9: CreateOptions the server refuses outright. */
const OPTIONS_NOT_SUPPORTED = CreateOptions.OPEN_BY_FILE_ID | CreateOptions.RESERVE_OPFILTER;

export function validateCreateRequest(body: CreateRequest): void {
  if (body.impersonationLevel > ImpersonationLevel.Delegate) throw new NtStatusError(NtStatus.BAD_IMPERSONATION_LEVEL);
  if (body.createDisposition > CreateDisposition.OVERWRITE_IF) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'CreateDisposition');
  if (body.desiredAccess & ACCESS_RESERVED) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'reserved access bits');
  if (body.shareAccess & ~(ShareAccess.READ | ShareAccess.WRITE | ShareAccess.DELETE)) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'ShareAccess');
  if (body.fileAttributes & ~0x7fff7) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'FileAttributes');
  const o = body.createOptions;
  if (o & OPTIONS_NOT_SUPPORTED) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'CreateOptions');
  if (o & CreateOptions.DIRECTORY_FILE && o & CreateOptions.NON_DIRECTORY_FILE) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'directory and non-directory');
  // MS-FSA 2.1.5.1: a directory can only be opened or created, never overwritten.
  if (o & CreateOptions.DIRECTORY_FILE && ![CreateDisposition.CREATE, CreateDisposition.OPEN, CreateDisposition.OPEN_IF].includes(body.createDisposition as 1 | 2 | 3)) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'directory with an overwriting disposition');
  }
  // MS-FSA 2.1.5.1: delete-on-close needs DELETE access.
  if (o & CreateOptions.DELETE_ON_CLOSE && !(mapGenericRights(body.desiredAccess) & (AccessMask.DELETE | AccessMask.MAXIMUM_ALLOWED))) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'delete-on-close without DELETE');
  }
}
