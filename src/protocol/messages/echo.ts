// MS-SMB2 2.2.28 SMB2 ECHO Request and 2.2.29 SMB2 ECHO Response: StructureSize and Reserved only.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface EchoRequest {}

export const EchoRequestDeclaration: StructDeclaration<EchoRequest> = {
  title: 'SMB2 ECHO Request',
  section: 'MS-SMB2 2.2.28',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

export interface EchoResponse {}

export const EchoResponseDeclaration: StructDeclaration<EchoResponse> = {
  title: 'SMB2 ECHO Response',
  section: 'MS-SMB2 2.2.29',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

export const decodeEchoRequest = (message: Buffer, bodyStart = 64): EchoRequest =>
  decodeStruct(EchoRequestDeclaration, message, bodyStart);
export const encodeEchoRequest = (r: EchoRequest = {}): Buffer => encodeStruct(EchoRequestDeclaration, r);
export const decodeEchoResponse = (message: Buffer, bodyStart = 64): EchoResponse =>
  decodeStruct(EchoResponseDeclaration, message, bodyStart);
export const encodeEchoResponse = (r: EchoResponse = {}): Buffer => encodeStruct(EchoResponseDeclaration, r);
