// MS-SMB2 2.2.30 SMB2 CANCEL Request. There is no CANCEL response: the server answers the request being
// cancelled instead, with STATUS_CANCELLED (MS-SMB2 3.3.5.16).

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface CancelRequest {}

export const CancelRequestDeclaration: StructDeclaration<CancelRequest> = {
  title: 'SMB2 CANCEL Request',
  section: 'MS-SMB2 2.2.30',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

export const decodeCancelRequest = (message: Buffer, bodyStart = 64): CancelRequest =>
  decodeStruct(CancelRequestDeclaration, message, bodyStart);
export const encodeCancelRequest = (r: CancelRequest = {}): Buffer => encodeStruct(CancelRequestDeclaration, r);
