// MS-SMB2 2.2.15 SMB2 CLOSE Request and 2.2.16 SMB2 CLOSE Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface CloseRequest {
  /** SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB asks for the attributes in the response. */
  flags: number;
  /** MS-SMB2 2.2.14.1 SMB2_FILEID: Persistent and Volatile. */
  persistentFileId: bigint;
  volatileFileId: bigint;
}

export const CloseRequestDeclaration: StructDeclaration<CloseRequest> = {
  title: 'SMB2 CLOSE Request',
  section: 'MS-SMB2 2.2.15',
  fields: [
    { kind: 'const', width: 'u16', value: 24 },
    { kind: 'u16', name: 'flags' },
    { kind: 'reserved', length: 4 },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
  ],
  buffers: [],
};

export interface CloseResponse {
  flags: number;
  /** FILETIMEs (MS-DTYP 2.3.3); all zero unless the request set SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB. */
  creationTime: bigint;
  lastAccessTime: bigint;
  lastWriteTime: bigint;
  changeTime: bigint;
  allocationSize: bigint;
  endofFile: bigint;
  fileAttributes: number;
}

export const CloseResponseDeclaration: StructDeclaration<CloseResponse> = {
  title: 'SMB2 CLOSE Response',
  section: 'MS-SMB2 2.2.16',
  fields: [
    { kind: 'const', width: 'u16', value: 60 },
    { kind: 'u16', name: 'flags' },
    { kind: 'reserved', length: 4 },
    { kind: 'u64', name: 'creationTime' },
    { kind: 'u64', name: 'lastAccessTime' },
    { kind: 'u64', name: 'lastWriteTime' },
    { kind: 'u64', name: 'changeTime' },
    { kind: 'u64', name: 'allocationSize' },
    { kind: 'u64', name: 'endofFile' },
    { kind: 'u32', name: 'fileAttributes' },
  ],
  buffers: [],
};

export const decodeCloseRequest = (message: Buffer, bodyStart = 64): CloseRequest =>
  decodeStruct(CloseRequestDeclaration, message, bodyStart);
export const encodeCloseRequest = (r: CloseRequest): Buffer => encodeStruct(CloseRequestDeclaration, r);
export const decodeCloseResponse = (message: Buffer, bodyStart = 64): CloseResponse =>
  decodeStruct(CloseResponseDeclaration, message, bodyStart);
export const encodeCloseResponse = (r: CloseResponse): Buffer => encodeStruct(CloseResponseDeclaration, r);
