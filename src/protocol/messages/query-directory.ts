// MS-SMB2 2.2.33 SMB2 QUERY_DIRECTORY Request and 2.2.34 SMB2 QUERY_DIRECTORY Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface QueryDirectoryRequest {
  /** An MS-FSCC 2.4 information class (FileIdBothDirectoryInformation, ...). */
  fileInformationClass: number;
  /** SMB2_RESTART_SCANS, SMB2_RETURN_SINGLE_ENTRY, SMB2_INDEX_SPECIFIED, SMB2_REOPEN. */
  flags: number;
  fileIndex: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
  outputBufferLength: number;
  /** The search pattern, UTF-16LE. */
  fileName: Buffer;
}

export const QueryDirectoryRequestDeclaration: StructDeclaration<QueryDirectoryRequest> = {
  title: 'SMB2 QUERY_DIRECTORY Request',
  section: 'MS-SMB2 2.2.33',
  fields: [
    { kind: 'const', width: 'u16', value: 33 },
    { kind: 'u8', name: 'fileInformationClass' },
    { kind: 'u8', name: 'flags' },
    { kind: 'u32', name: 'fileIndex' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
    { kind: 'offset', width: 'u16', of: 'fileName' },
    { kind: 'length', width: 'u16', of: 'fileName' },
    { kind: 'u32', name: 'outputBufferLength' },
  ],
  buffers: ['fileName'],
};

export interface QueryDirectoryResponse {
  /** The directory enumeration in the requested MS-FSCC 2.4 format. */
  outputBuffer: Buffer;
}

export const QueryDirectoryResponseDeclaration: StructDeclaration<QueryDirectoryResponse> = {
  title: 'SMB2 QUERY_DIRECTORY Response',
  section: 'MS-SMB2 2.2.34',
  fields: [
    { kind: 'const', width: 'u16', value: 9 },
    { kind: 'offset', width: 'u16', of: 'outputBuffer' },
    { kind: 'length', width: 'u32', of: 'outputBuffer' },
  ],
  buffers: ['outputBuffer'],
};

export const decodeQueryDirectoryRequest = (message: Buffer, bodyStart = 64): QueryDirectoryRequest =>
  decodeStruct(QueryDirectoryRequestDeclaration, message, bodyStart);
export const encodeQueryDirectoryRequest = (r: QueryDirectoryRequest): Buffer =>
  encodeStruct(QueryDirectoryRequestDeclaration, r);
export const decodeQueryDirectoryResponse = (message: Buffer, bodyStart = 64): QueryDirectoryResponse =>
  decodeStruct(QueryDirectoryResponseDeclaration, message, bodyStart);
export const encodeQueryDirectoryResponse = (r: QueryDirectoryResponse): Buffer =>
  encodeStruct(QueryDirectoryResponseDeclaration, r);
