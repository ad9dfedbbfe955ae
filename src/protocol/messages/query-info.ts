// MS-SMB2 2.2.37 SMB2 QUERY_INFO Request and 2.2.38 SMB2 QUERY_INFO Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface QueryInfoRequest {
  /** SMB2_0_INFO_FILE, _FILESYSTEM, _SECURITY, _QUOTA. */
  infoType: number;
  fileInfoClass: number;
  outputBufferLength: number;
  additionalInformation: number;
  flags: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
  /** SMB2_QUERY_QUOTA_INFO for quota queries, or a FILE_GET_EA_INFORMATION list for FileFullEaInformation. */
  inputBuffer: Buffer;
}

export const QueryInfoRequestDeclaration: StructDeclaration<QueryInfoRequest> = {
  title: 'SMB2 QUERY_INFO Request',
  section: 'MS-SMB2 2.2.37',
  fields: [
    { kind: 'const', width: 'u16', value: 41 },
    { kind: 'u8', name: 'infoType' },
    { kind: 'u8', name: 'fileInfoClass' },
    { kind: 'u32', name: 'outputBufferLength' },
    { kind: 'offset', width: 'u16', of: 'inputBuffer' },
    { kind: 'reserved', length: 2 },
    { kind: 'length', width: 'u32', of: 'inputBuffer' },
    { kind: 'u32', name: 'additionalInformation' },
    { kind: 'u32', name: 'flags' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
  ],
  buffers: ['inputBuffer'],
};

export interface QueryInfoResponse {
  outputBuffer: Buffer;
}

export const QueryInfoResponseDeclaration: StructDeclaration<QueryInfoResponse> = {
  title: 'SMB2 QUERY_INFO Response',
  section: 'MS-SMB2 2.2.38',
  fields: [
    { kind: 'const', width: 'u16', value: 9 },
    { kind: 'offset', width: 'u16', of: 'outputBuffer' },
    { kind: 'length', width: 'u32', of: 'outputBuffer' },
  ],
  buffers: ['outputBuffer'],
};

export const decodeQueryInfoRequest = (message: Buffer, bodyStart = 64): QueryInfoRequest =>
  decodeStruct(QueryInfoRequestDeclaration, message, bodyStart);
export const encodeQueryInfoRequest = (r: QueryInfoRequest): Buffer => encodeStruct(QueryInfoRequestDeclaration, r);
export const decodeQueryInfoResponse = (message: Buffer, bodyStart = 64): QueryInfoResponse =>
  decodeStruct(QueryInfoResponseDeclaration, message, bodyStart);
export const encodeQueryInfoResponse = (r: QueryInfoResponse): Buffer => encodeStruct(QueryInfoResponseDeclaration, r);
