// MS-FSCC 2.1.3.1 FILE_OBJECTID_BUFFER Type 1: the output of FSCTL_CREATE_OR_GET_OBJECT_ID and
// FSCTL_GET_OBJECT_ID (MS-FSCC 2.3.2, 2.3.26).

import { Reader } from '../wire.ts';

export interface FileObjectIdBuffer {
  /** 16 bytes: the object's id, unique on its volume. */
  objectId: Buffer;
  /** 16 bytes: the id of the volume the object was created on. */
  birthVolumeId: Buffer;
  /** 16 bytes: the object id it was given at creation. */
  birthObjectId: Buffer;
  /** 16 bytes, all zero: no domain. */
  domainId: Buffer;
}

export const FILE_OBJECTID_BUFFER_SIZE = 64;
const GUID_SIZE = 16;

export function encodeFileObjectIdBuffer(v: FileObjectIdBuffer): Buffer {
  const out = Buffer.alloc(FILE_OBJECTID_BUFFER_SIZE);
  [v.objectId, v.birthVolumeId, v.birthObjectId, v.domainId].forEach((id, i) => {
    if (id.length !== GUID_SIZE) throw new RangeError('FILE_OBJECTID_BUFFER fields are 16 bytes');
    id.copy(out, i * GUID_SIZE);
  });
  return out;
}

export function decodeFileObjectIdBuffer(output: Buffer): FileObjectIdBuffer {
  const r = new Reader(output);
  return {
    objectId: r.bytes(GUID_SIZE, 'ObjectId'),
    birthVolumeId: r.bytes(GUID_SIZE, 'BirthVolumeId'),
    birthObjectId: r.bytes(GUID_SIZE, 'BirthObjectId'),
    domainId: r.bytes(GUID_SIZE, 'DomainId'),
  };
}
