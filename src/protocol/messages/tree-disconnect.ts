// MS-SMB2 2.2.11 SMB2 TREE_DISCONNECT Request and 2.2.12 SMB2 TREE_DISCONNECT Response: StructureSize and
// Reserved only.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface TreeDisconnectRequest {}

export const TreeDisconnectRequestDeclaration: StructDeclaration<TreeDisconnectRequest> = {
  title: 'SMB2 TREE_DISCONNECT Request',
  section: 'MS-SMB2 2.2.11',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

export interface TreeDisconnectResponse {}

export const TreeDisconnectResponseDeclaration: StructDeclaration<TreeDisconnectResponse> = {
  title: 'SMB2 TREE_DISCONNECT Response',
  section: 'MS-SMB2 2.2.12',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

export const decodeTreeDisconnectRequest = (message: Buffer, bodyStart = 64): TreeDisconnectRequest =>
  decodeStruct(TreeDisconnectRequestDeclaration, message, bodyStart);
export const encodeTreeDisconnectRequest = (r: TreeDisconnectRequest = {}): Buffer =>
  encodeStruct(TreeDisconnectRequestDeclaration, r);
export const decodeTreeDisconnectResponse = (message: Buffer, bodyStart = 64): TreeDisconnectResponse =>
  decodeStruct(TreeDisconnectResponseDeclaration, message, bodyStart);
export const encodeTreeDisconnectResponse = (r: TreeDisconnectResponse = {}): Buffer =>
  encodeStruct(TreeDisconnectResponseDeclaration, r);
