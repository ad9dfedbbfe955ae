// MS-SMB2 3.3.5.21 Receiving an SMB2 SET_INFO Request.

import { InfoType } from '../../protocol/constants.ts';
import { decodeSetInfoRequest, encodeSetInfoResponse } from '../../protocol/messages/set-info.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { FileInformationClass } from '../../protocol/fscc/info-class.ts';
import { fileSetTable } from '../info/set-file.ts';
import { setSecurity } from '../security/info.ts';
import { breakParentLeases } from '../leases/parent.ts';
import { awaitHandleCachingBreaks } from '../leases/wait.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

const RESIZING = new Set<number>([FileInformationClass.FileAllocationInformation, FileInformationClass.FileEndOfFileInformation]);

/** BufferLength at body offset 4 (MS-SMB2 2.2.39). */
export const setInfoPayloadSize = (message: Buffer): number => (message.length >= 72 ? message.readUInt32LE(68) : 0);

export async function setInfo(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeSetInfoRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  if (body.infoType === InfoType.SECURITY) {
    await setSecurity(open, request.clientContext(), body.additionalInformation, body.buffer);
    return { body: encodeSetInfoResponse({}) };
  }
  if (body.infoType !== InfoType.FILE) {
    // File system and quota changes need driver support that is not declared yet.
    throw new NtStatusError(NtStatus.NOT_SUPPORTED);
  }
  const entry = fileSetTable.get(body.fileInfoClass);
  if (!entry) throw new NtStatusError(NtStatus.INVALID_INFO_CLASS);
  if (!open.handle) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'file information on a pipe');
  if ((open.grantedAccess & entry.requiredAccess) !== entry.requiredAccess) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  // MS-FSA 2.1.5.15.1 / 2.1.5.15.4: a new size makes other opens' read caches stale.
  if (RESIZING.has(body.fileInfoClass)) request.server.leases.breakReadCaching(open, true);
  const renames = body.fileInfoClass === FileInformationClass.FileRenameInformation;
  // MS-FSA 2.1.5.15.12: other clients' cached handles are given up before the name changes.
  if (renames) await awaitHandleCachingBreaks(request, open);
  const ctx = request.clientContext();
  const oldPath = [...open.path];
  await entry.apply({ server: request.server, open, ctx, buffer: body.buffer });
  if (renames && open.object) {
    // Both directories' listings changed.
    await breakParentLeases(request.server, open.object.share, ctx, oldPath, open.caching.parentLeaseKey);
    await breakParentLeases(request.server, open.object.share, ctx, open.path, open.caching.parentLeaseKey);
  }
  return { body: encodeSetInfoResponse({}) };
}
