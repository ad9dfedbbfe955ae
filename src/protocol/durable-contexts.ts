// The durable-handle create contexts: MS-SMB2 2.2.13.2.3 / 2.2.13.2.4 (DHnQ, DHnC, version 1),
// 2.2.13.2.11 / 2.2.13.2.12 (DH2Q, DH2C, version 2, SMB 3.x), and their responses 2.2.14.2.3 / 2.2.14.2.12.
// A context shorter than its structure is INVALID_PARAMETER (MS-SMB2 3.3.5.9).

import { decodeStruct, encodeStruct, type StructDeclaration } from './wire.ts';

/** MS-SMB2 2.2.13.2.4: the SMB2_FILEID of the open being reestablished. */
export interface DurableHandleReconnect {
  persistentFileId: bigint;
  volatileFileId: bigint;
}

export const DurableHandleReconnectDeclaration: StructDeclaration<DurableHandleReconnect> = {
  title: 'SMB2_CREATE_DURABLE_HANDLE_RECONNECT',
  section: 'MS-SMB2 2.2.13.2.4',
  fields: [
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
  ],
  buffers: [],
};

/** MS-SMB2 2.2.13.2.11 */
export interface DurableHandleRequestV2 {
  /** Milliseconds the client asks the server to keep the handle; 0 lets the server choose. */
  timeout: number;
  /** SMB2_DHANDLE_FLAG_PERSISTENT (0x2) asks for a persistent handle, which only continuously available shares give. */
  flags: number;
  createGuid: Buffer;
}

export const DurableHandleRequestV2Declaration: StructDeclaration<DurableHandleRequestV2> = {
  title: 'SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2',
  section: 'MS-SMB2 2.2.13.2.11',
  fields: [
    { kind: 'u32', name: 'timeout' },
    { kind: 'u32', name: 'flags' },
    { kind: 'reserved', length: 8 },
    { kind: 'bytes', name: 'createGuid', length: 16 },
  ],
  buffers: [],
};

/** MS-SMB2 2.2.13.2.12 */
export interface DurableHandleReconnectV2 extends DurableHandleReconnect {
  createGuid: Buffer;
  flags: number;
}

export const DurableHandleReconnectV2Declaration: StructDeclaration<DurableHandleReconnectV2> = {
  title: 'SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2',
  section: 'MS-SMB2 2.2.13.2.12',
  fields: [
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
    { kind: 'bytes', name: 'createGuid', length: 16 },
    { kind: 'u32', name: 'flags' },
  ],
  buffers: [],
};

/** MS-SMB2 2.2.14.2.12 */
export interface DurableHandleResponseV2 {
  /** Milliseconds the server keeps the handle after the connection is lost. */
  timeout: number;
  flags: number;
}

export const DurableHandleResponseV2Declaration: StructDeclaration<DurableHandleResponseV2> = {
  title: 'SMB2_CREATE_DURABLE_HANDLE_RESPONSE_V2',
  section: 'MS-SMB2 2.2.14.2.12',
  fields: [
    { kind: 'u32', name: 'timeout' },
    { kind: 'u32', name: 'flags' },
  ],
  buffers: [],
};

/** MS-SMB2 2.2.13.2.3: DHnQ carries 16 reserved bytes, which the server ignores. */
export const DURABLE_HANDLE_REQUEST_SIZE = 16;
/** MS-SMB2 2.2.14.2.3: the DHnQ response is 8 reserved bytes. */
export const encodeDurableHandleResponse = (): Buffer => Buffer.alloc(8);

export const decodeDurableHandleReconnect = (data: Buffer): DurableHandleReconnect => decodeStruct(DurableHandleReconnectDeclaration, data, 0);
export const encodeDurableHandleReconnect = (r: DurableHandleReconnect): Buffer => encodeStruct(DurableHandleReconnectDeclaration, r, 0);
export const decodeDurableHandleRequestV2 = (data: Buffer): DurableHandleRequestV2 => decodeStruct(DurableHandleRequestV2Declaration, data, 0);
export const encodeDurableHandleRequestV2 = (r: DurableHandleRequestV2): Buffer => encodeStruct(DurableHandleRequestV2Declaration, r, 0);
export const decodeDurableHandleReconnectV2 = (data: Buffer): DurableHandleReconnectV2 => decodeStruct(DurableHandleReconnectV2Declaration, data, 0);
export const encodeDurableHandleReconnectV2 = (r: DurableHandleReconnectV2): Buffer => encodeStruct(DurableHandleReconnectV2Declaration, r, 0);
export const decodeDurableHandleResponseV2 = (data: Buffer): DurableHandleResponseV2 => decodeStruct(DurableHandleResponseV2Declaration, data, 0);
export const encodeDurableHandleResponseV2 = (r: DurableHandleResponseV2): Buffer => encodeStruct(DurableHandleResponseV2Declaration, r, 0);
