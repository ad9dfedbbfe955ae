// MS-FSA 2.1.5.10.1 FSCTL_CREATE_OR_GET_OBJECT_ID and 2.1.5.10.13 FSCTL_GET_OBJECT_ID. Drivers store no object
// ids, so every file and directory has one from its creation: derived from the volume's serial number and the
// file's stable id, it is the same across restarts and unique on the volume. BirthVolumeId names the volume
// the same way, BirthObjectId is the ObjectId (files never move between volumes here), DomainId is empty.
// Setting or deleting an object id (FSCTL_SET_OBJECT_ID, _EXTENDED, FSCTL_DELETE_OBJECT_ID) is not offered.

import { createHash } from 'node:crypto';
import { encodeFileObjectIdBuffer, FILE_OBJECTID_BUFFER_SIZE } from '../../protocol/fsctl/object-id.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { fileHandle } from './data-stream.ts';
import type { FsctlResult } from './index.ts';

const GUID_SIZE = 16;

function guidFrom(label: string, ...parts: Buffer[]): Buffer {
  const hash = createHash('sha256').update(label);
  for (const part of parts) hash.update(part);
  return hash.digest().subarray(0, GUID_SIZE);
}

/** The volume's id: a function of its serial number alone. */
export function volumeObjectId(volumeSerialNumber: number): Buffer {
  const serial = Buffer.alloc(4);
  serial.writeUInt32LE(volumeSerialNumber >>> 0);
  return guidFrom('smb3 volume object id', serial);
}

/** A file's id within its volume: a function of the volume's id and the file id. */
export function fileObjectId(volumeId: Buffer, fileId: bigint): Buffer {
  const id = Buffer.alloc(8);
  id.writeBigUInt64LE(BigInt.asUintN(64, fileId));
  return guidFrom('smb3 file object id', volumeId, id);
}

async function objectIdBuffer(request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  const handle = fileHandle(open);
  const driver = open.treeConnect.share.driver!;
  if (body.maxOutputResponse < FILE_OBJECTID_BUFFER_SIZE) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'no room for FILE_OBJECTID_BUFFER');
  const ctx = request.clientContext();
  const [stat, fsStat] = await Promise.all([handle.stat(ctx), driver.statfs(ctx)]);
  const birthVolumeId = volumeObjectId(fsStat.volumeSerialNumber);
  const objectId = fileObjectId(birthVolumeId, stat.fileId);
  return { output: encodeFileObjectIdBuffer({ objectId, birthVolumeId, birthObjectId: objectId, domainId: Buffer.alloc(GUID_SIZE) }) };
}

/** The object id already exists (it is derived), so creating one is getting it. */
export const createOrGetObjectId = objectIdBuffer;
export const getObjectId = objectIdBuffer;
