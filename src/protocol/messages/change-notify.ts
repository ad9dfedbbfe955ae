// MS-SMB2 2.2.35 SMB2 CHANGE_NOTIFY Request and 2.2.36 SMB2 CHANGE_NOTIFY Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface ChangeNotifyRequest {
  /** SMB2_WATCH_TREE */
  flags: number;
  outputBufferLength: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
  /** FILE_NOTIFY_CHANGE_* bits. */
  completionFilter: number;
}

export const ChangeNotifyRequestDeclaration: StructDeclaration<ChangeNotifyRequest> = {
  title: 'SMB2 CHANGE_NOTIFY Request',
  section: 'MS-SMB2 2.2.35',
  fields: [
    { kind: 'const', width: 'u16', value: 32 },
    { kind: 'u16', name: 'flags' },
    { kind: 'u32', name: 'outputBufferLength' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
    { kind: 'u32', name: 'completionFilter' },
    { kind: 'reserved', length: 4 },
  ],
  buffers: [],
};

export interface ChangeNotifyResponse {
  /** FILE_NOTIFY_INFORMATION entries (MS-FSCC 2.7.1). */
  outputBuffer: Buffer;
}

export const ChangeNotifyResponseDeclaration: StructDeclaration<ChangeNotifyResponse> = {
  title: 'SMB2 CHANGE_NOTIFY Response',
  section: 'MS-SMB2 2.2.36',
  fields: [
    { kind: 'const', width: 'u16', value: 9 },
    { kind: 'offset', width: 'u16', of: 'outputBuffer' },
    { kind: 'length', width: 'u32', of: 'outputBuffer' },
  ],
  buffers: ['outputBuffer'],
};

export const decodeChangeNotifyRequest = (message: Buffer, bodyStart = 64): ChangeNotifyRequest =>
  decodeStruct(ChangeNotifyRequestDeclaration, message, bodyStart);
export const encodeChangeNotifyRequest = (r: ChangeNotifyRequest): Buffer =>
  encodeStruct(ChangeNotifyRequestDeclaration, r);
export const decodeChangeNotifyResponse = (message: Buffer, bodyStart = 64): ChangeNotifyResponse =>
  decodeStruct(ChangeNotifyResponseDeclaration, message, bodyStart);
export const encodeChangeNotifyResponse = (r: ChangeNotifyResponse): Buffer =>
  encodeStruct(ChangeNotifyResponseDeclaration, r);
