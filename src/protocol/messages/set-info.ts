// MS-SMB2 2.2.39 SMB2 SET_INFO Request and 2.2.40 SMB2 SET_INFO Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface SetInfoRequest {
  infoType: number;
  fileInfoClass: number;
  additionalInformation: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
  /** The information to set, in the MS-FSCC format of the class (or a security descriptor, or quota list). */
  buffer: Buffer;
}

export const SetInfoRequestDeclaration: StructDeclaration<SetInfoRequest> = {
  title: 'SMB2 SET_INFO Request',
  section: 'MS-SMB2 2.2.39',
  fields: [
    { kind: 'const', width: 'u16', value: 33 },
    { kind: 'u8', name: 'infoType' },
    { kind: 'u8', name: 'fileInfoClass' },
    { kind: 'length', width: 'u32', of: 'buffer' },
    { kind: 'offset', width: 'u16', of: 'buffer' },
    { kind: 'reserved', length: 2 },
    { kind: 'u32', name: 'additionalInformation' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
  ],
  buffers: ['buffer'],
};

export interface SetInfoResponse {}

export const SetInfoResponseDeclaration: StructDeclaration<SetInfoResponse> = {
  title: 'SMB2 SET_INFO Response',
  section: 'MS-SMB2 2.2.40',
  fields: [{ kind: 'const', width: 'u16', value: 2 }],
  buffers: [],
};

export const decodeSetInfoRequest = (message: Buffer, bodyStart = 64): SetInfoRequest =>
  decodeStruct(SetInfoRequestDeclaration, message, bodyStart);
export const encodeSetInfoRequest = (r: SetInfoRequest): Buffer => encodeStruct(SetInfoRequestDeclaration, r);
export const decodeSetInfoResponse = (message: Buffer, bodyStart = 64): SetInfoResponse =>
  decodeStruct(SetInfoResponseDeclaration, message, bodyStart);
export const encodeSetInfoResponse = (r: SetInfoResponse = {}): Buffer => encodeStruct(SetInfoResponseDeclaration, r);
