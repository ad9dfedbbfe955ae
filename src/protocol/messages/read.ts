// MS-SMB2 2.2.19 SMB2 READ Request and 2.2.20 SMB2 READ Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface ReadRequest {
  /** The offset from the header start at which the client wants the data placed in the response. */
  padding: number;
  /** SMB2_READFLAG_READ_UNBUFFERED, SMB2_READFLAG_REQUEST_COMPRESSED (3.0.2 and 3.1.1 only). */
  flags: number;
  length: number;
  offset: bigint;
  persistentFileId: bigint;
  volatileFileId: bigint;
  minimumCount: number;
  channel: number;
  remainingBytes: number;
  /** RDMA channel descriptors (MS-SMBD 2.2.3.1) when Channel is an RDMA channel. */
  readChannelInfo: Buffer;
}

export const ReadRequestDeclaration: StructDeclaration<ReadRequest> = {
  title: 'SMB2 READ Request',
  section: 'MS-SMB2 2.2.19',
  fields: [
    { kind: 'const', width: 'u16', value: 49 },
    { kind: 'u8', name: 'padding' },
    { kind: 'u8', name: 'flags' },
    { kind: 'u32', name: 'length' },
    { kind: 'u64', name: 'offset' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
    { kind: 'u32', name: 'minimumCount' },
    { kind: 'u32', name: 'channel' },
    { kind: 'u32', name: 'remainingBytes' },
    { kind: 'offset', width: 'u16', of: 'readChannelInfo' },
    { kind: 'length', width: 'u16', of: 'readChannelInfo' },
  ],
  buffers: ['readChannelInfo'],
};

export interface ReadResponse {
  dataRemaining: number;
  /** Reserved2 before 3.1.1; Flags (SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM) in 3.1.1. */
  flags: number;
  /** Located by a one-byte DataOffset, so the data always starts within 255 bytes of the header. */
  data: Buffer;
}

export const ReadResponseDeclaration: StructDeclaration<ReadResponse> = {
  title: 'SMB2 READ Response',
  section: 'MS-SMB2 2.2.20',
  fields: [
    { kind: 'const', width: 'u16', value: 17 },
    { kind: 'offset', width: 'u8', of: 'data' },
    { kind: 'reserved', length: 1 },
    { kind: 'length', width: 'u32', of: 'data' },
    { kind: 'u32', name: 'dataRemaining' },
    { kind: 'u32', name: 'flags' },
  ],
  buffers: ['data'],
};

export const decodeReadRequest = (message: Buffer, bodyStart = 64): ReadRequest =>
  decodeStruct(ReadRequestDeclaration, message, bodyStart);
export const encodeReadRequest = (r: ReadRequest): Buffer => encodeStruct(ReadRequestDeclaration, r);
export const decodeReadResponse = (message: Buffer, bodyStart = 64): ReadResponse =>
  decodeStruct(ReadResponseDeclaration, message, bodyStart);
export const encodeReadResponse = (r: ReadResponse): Buffer => encodeStruct(ReadResponseDeclaration, r);
