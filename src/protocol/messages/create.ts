// MS-SMB2 2.2.13 SMB2 CREATE Request and 2.2.14 SMB2 CREATE Response. The CreateContexts buffer is kept as a
// view; create-contexts.ts decodes and encodes the list inside it.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface CreateRequest {
  requestedOplockLevel: number;
  impersonationLevel: number;
  desiredAccess: number;
  fileAttributes: number;
  shareAccess: number;
  createDisposition: number;
  createOptions: number;
  /** The path relative to the share, UTF-16LE, no leading backslash. */
  name: Buffer;
  /** The SMB2_CREATE_CONTEXT list (MS-SMB2 2.2.13.2), 8-byte aligned. */
  createContexts: Buffer;
}

export const CreateRequestDeclaration: StructDeclaration<CreateRequest> = {
  title: 'SMB2 CREATE Request',
  section: 'MS-SMB2 2.2.13',
  fields: [
    { kind: 'const', width: 'u16', value: 57 },
    { kind: 'reserved', length: 1 }, // SecurityFlags
    { kind: 'u8', name: 'requestedOplockLevel' },
    { kind: 'u32', name: 'impersonationLevel' },
    { kind: 'reserved', length: 8 }, // SmbCreateFlags
    { kind: 'reserved', length: 8 },
    { kind: 'u32', name: 'desiredAccess' },
    { kind: 'u32', name: 'fileAttributes' },
    { kind: 'u32', name: 'shareAccess' },
    { kind: 'u32', name: 'createDisposition' },
    { kind: 'u32', name: 'createOptions' },
    { kind: 'offset', width: 'u16', of: 'name' },
    { kind: 'length', width: 'u16', of: 'name' },
    { kind: 'offset', width: 'u32', of: 'createContexts' },
    { kind: 'length', width: 'u32', of: 'createContexts' },
  ],
  buffers: ['name', 'createContexts'],
  alignBuffers: true,
};

export interface CreateResponse {
  oplockLevel: number;
  /** SMB2_CREATE_FLAG_REPARSEPOINT (3.x). */
  flags: number;
  createAction: number;
  creationTime: bigint;
  lastAccessTime: bigint;
  lastWriteTime: bigint;
  changeTime: bigint;
  allocationSize: bigint;
  endofFile: bigint;
  fileAttributes: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
  /** The response SMB2_CREATE_CONTEXT list (MS-SMB2 2.2.14.2). */
  createContexts: Buffer;
}

export const CreateResponseDeclaration: StructDeclaration<CreateResponse> = {
  title: 'SMB2 CREATE Response',
  section: 'MS-SMB2 2.2.14',
  fields: [
    { kind: 'const', width: 'u16', value: 89 },
    { kind: 'u8', name: 'oplockLevel' },
    { kind: 'u8', name: 'flags' },
    { kind: 'u32', name: 'createAction' },
    { kind: 'u64', name: 'creationTime' },
    { kind: 'u64', name: 'lastAccessTime' },
    { kind: 'u64', name: 'lastWriteTime' },
    { kind: 'u64', name: 'changeTime' },
    { kind: 'u64', name: 'allocationSize' },
    { kind: 'u64', name: 'endofFile' },
    { kind: 'u32', name: 'fileAttributes' },
    { kind: 'reserved', length: 4 }, // Reserved2
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
    { kind: 'offset', width: 'u32', of: 'createContexts' },
    { kind: 'length', width: 'u32', of: 'createContexts' },
  ],
  buffers: ['createContexts'],
  alignBuffers: true,
};

export const decodeCreateRequest = (message: Buffer, bodyStart = 64): CreateRequest =>
  decodeStruct(CreateRequestDeclaration, message, bodyStart);
export const encodeCreateRequest = (r: CreateRequest): Buffer => encodeStruct(CreateRequestDeclaration, r);
export const decodeCreateResponse = (message: Buffer, bodyStart = 64): CreateResponse =>
  decodeStruct(CreateResponseDeclaration, message, bodyStart);
export const encodeCreateResponse = (r: CreateResponse): Buffer => encodeStruct(CreateResponseDeclaration, r);
