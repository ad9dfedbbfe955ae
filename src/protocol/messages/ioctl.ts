// MS-SMB2 2.2.31 SMB2 IOCTL Request and 2.2.32 SMB2 IOCTL Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface IoctlRequest {
  ctlCode: number;
  /** All ones for the FSCTLs that address no open (MS-SMB2 3.3.5.15). */
  persistentFileId: bigint;
  volatileFileId: bigint;
  maxInputResponse: number;
  maxOutputResponse: number;
  /** SMB2_0_IOCTL_IS_FSCTL */
  flags: number;
  input: Buffer;
  output: Buffer;
}

export const IoctlRequestDeclaration: StructDeclaration<IoctlRequest> = {
  title: 'SMB2 IOCTL Request',
  section: 'MS-SMB2 2.2.31',
  fields: [
    { kind: 'const', width: 'u16', value: 57 },
    { kind: 'reserved', length: 2 },
    { kind: 'u32', name: 'ctlCode' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
    { kind: 'offset', width: 'u32', of: 'input', emptyAt: 'position' },
    { kind: 'length', width: 'u32', of: 'input' },
    { kind: 'u32', name: 'maxInputResponse' },
    { kind: 'offset', width: 'u32', of: 'output', emptyAt: 'position' },
    { kind: 'length', width: 'u32', of: 'output' },
    { kind: 'u32', name: 'maxOutputResponse' },
    { kind: 'u32', name: 'flags' },
    { kind: 'reserved', length: 4 },
  ],
  buffers: ['input', 'output'],
  alignBuffers: true,
};

export interface IoctlResponse {
  ctlCode: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
  flags: number;
  input: Buffer;
  output: Buffer;
}

export const IoctlResponseDeclaration: StructDeclaration<IoctlResponse> = {
  title: 'SMB2 IOCTL Response',
  section: 'MS-SMB2 2.2.32',
  fields: [
    { kind: 'const', width: 'u16', value: 49 },
    { kind: 'reserved', length: 2 },
    { kind: 'u32', name: 'ctlCode' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
    { kind: 'offset', width: 'u32', of: 'input', emptyAt: 'position' },
    { kind: 'length', width: 'u32', of: 'input' },
    { kind: 'offset', width: 'u32', of: 'output', emptyAt: 'position' },
    { kind: 'length', width: 'u32', of: 'output' },
    { kind: 'u32', name: 'flags' },
    { kind: 'reserved', length: 4 },
  ],
  buffers: ['input', 'output'],
  // MS-SMB2 3.3.5.15: OutputOffset is InputOffset + InputCount rounded up to a multiple of 8.
  alignBuffers: true,
};

export const decodeIoctlRequest = (message: Buffer, bodyStart = 64): IoctlRequest =>
  decodeStruct(IoctlRequestDeclaration, message, bodyStart);
export const encodeIoctlRequest = (r: IoctlRequest): Buffer => encodeStruct(IoctlRequestDeclaration, r);
export const decodeIoctlResponse = (message: Buffer, bodyStart = 64): IoctlResponse =>
  decodeStruct(IoctlResponseDeclaration, message, bodyStart);
export const encodeIoctlResponse = (r: IoctlResponse): Buffer => encodeStruct(IoctlResponseDeclaration, r);
