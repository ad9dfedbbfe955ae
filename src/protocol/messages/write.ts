// MS-SMB2 2.2.21 SMB2 WRITE Request and 2.2.22 SMB2 WRITE Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface WriteRequest {
  offset: bigint;
  persistentFileId: bigint;
  volatileFileId: bigint;
  channel: number;
  remainingBytes: number;
  /** SMB2_WRITEFLAG_WRITE_THROUGH, SMB2_WRITEFLAG_WRITE_UNBUFFERED. */
  flags: number;
  /**
   * Located by DataOffset and Length: a view into the received message, passed down without a copy.
   * Data sent over an RDMA channel is not in the message and is not supported here.
   */
  data: Buffer;
  /** RDMA channel descriptors (MS-SMBD 2.2.3.1) when Channel is an RDMA channel. */
  writeChannelInfo: Buffer;
}

export const WriteRequestDeclaration: StructDeclaration<WriteRequest> = {
  title: 'SMB2 WRITE Request',
  section: 'MS-SMB2 2.2.21',
  fields: [
    { kind: 'const', width: 'u16', value: 49 },
    { kind: 'offset', width: 'u16', of: 'data' },
    { kind: 'length', width: 'u32', of: 'data' },
    { kind: 'u64', name: 'offset' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
    { kind: 'u32', name: 'channel' },
    { kind: 'u32', name: 'remainingBytes' },
    { kind: 'offset', width: 'u16', of: 'writeChannelInfo' },
    { kind: 'length', width: 'u16', of: 'writeChannelInfo' },
    { kind: 'u32', name: 'flags' },
  ],
  buffers: ['data', 'writeChannelInfo'],
};

export interface WriteResponse {
  count: number;
}

export const WriteResponseDeclaration: StructDeclaration<WriteResponse> = {
  title: 'SMB2 WRITE Response',
  section: 'MS-SMB2 2.2.22',
  fields: [
    { kind: 'const', width: 'u16', value: 17 },
    { kind: 'reserved', length: 2 },
    { kind: 'u32', name: 'count' },
    { kind: 'reserved', length: 4 }, // Remaining
    { kind: 'reserved', length: 2 }, // WriteChannelInfoOffset
    { kind: 'reserved', length: 2 }, // WriteChannelInfoLength
  ],
  buffers: [],
};

export const decodeWriteRequest = (message: Buffer, bodyStart = 64): WriteRequest =>
  decodeStruct(WriteRequestDeclaration, message, bodyStart);
export const encodeWriteRequest = (r: WriteRequest): Buffer => encodeStruct(WriteRequestDeclaration, r);
export const decodeWriteResponse = (message: Buffer, bodyStart = 64): WriteResponse =>
  decodeStruct(WriteResponseDeclaration, message, bodyStart);
export const encodeWriteResponse = (r: WriteResponse): Buffer => encodeStruct(WriteResponseDeclaration, r);
