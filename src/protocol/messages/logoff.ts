// MS-SMB2 2.2.7 SMB2 LOGOFF Request and 2.2.8 SMB2 LOGOFF Response: StructureSize and Reserved only.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface LogoffRequest {}

export const LogoffRequestDeclaration: StructDeclaration<LogoffRequest> = {
  title: 'SMB2 LOGOFF Request',
  section: 'MS-SMB2 2.2.7',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

export interface LogoffResponse {}

export const LogoffResponseDeclaration: StructDeclaration<LogoffResponse> = {
  title: 'SMB2 LOGOFF Response',
  section: 'MS-SMB2 2.2.8',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

export const decodeLogoffRequest = (message: Buffer, bodyStart = 64): LogoffRequest =>
  decodeStruct(LogoffRequestDeclaration, message, bodyStart);
export const encodeLogoffRequest = (r: LogoffRequest = {}): Buffer => encodeStruct(LogoffRequestDeclaration, r);
export const decodeLogoffResponse = (message: Buffer, bodyStart = 64): LogoffResponse =>
  decodeStruct(LogoffResponseDeclaration, message, bodyStart);
export const encodeLogoffResponse = (r: LogoffResponse = {}): Buffer => encodeStruct(LogoffResponseDeclaration, r);
