// MS-SMB2 2.2.17 SMB2 FLUSH Request and 2.2.18 SMB2 FLUSH Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface FlushRequest {
  persistentFileId: bigint;
  volatileFileId: bigint;
}

export const FlushRequestDeclaration: StructDeclaration<FlushRequest> = {
  title: 'SMB2 FLUSH Request',
  section: 'MS-SMB2 2.2.17',
  fields: [
    { kind: 'const', width: 'u16', value: 24 },
    { kind: 'reserved', length: 2 }, // Reserved1
    { kind: 'reserved', length: 4 }, // Reserved2
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
  ],
  buffers: [],
};

export interface FlushResponse {}

export const FlushResponseDeclaration: StructDeclaration<FlushResponse> = {
  title: 'SMB2 FLUSH Response',
  section: 'MS-SMB2 2.2.18',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

export const decodeFlushRequest = (message: Buffer, bodyStart = 64): FlushRequest =>
  decodeStruct(FlushRequestDeclaration, message, bodyStart);
export const encodeFlushRequest = (r: FlushRequest): Buffer => encodeStruct(FlushRequestDeclaration, r);
export const decodeFlushResponse = (message: Buffer, bodyStart = 64): FlushResponse =>
  decodeStruct(FlushResponseDeclaration, message, bodyStart);
export const encodeFlushResponse = (r: FlushResponse = {}): Buffer => encodeStruct(FlushResponseDeclaration, r);
