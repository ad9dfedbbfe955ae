// MS-SMB2 2.2.5 SMB2 SESSION_SETUP Request and 2.2.6 SMB2 SESSION_SETUP Response.

import { decodeStruct, encodeStruct, type StructDeclaration } from '../wire.ts';

export interface SessionSetupRequest {
  flags: number;
  securityMode: number;
  capabilities: number;
  channel: number;
  previousSessionId: bigint;
  securityBuffer: Buffer;
}

export const SessionSetupRequestDeclaration: StructDeclaration<SessionSetupRequest> = {
  title: 'SMB2 SESSION_SETUP Request',
  section: 'MS-SMB2 2.2.5',
  fields: [
    { kind: 'const', width: 'u16', value: 25 },
    { kind: 'u8', name: 'flags' },
    { kind: 'u8', name: 'securityMode' },
    { kind: 'u32', name: 'capabilities' },
    { kind: 'u32', name: 'channel' },
    { kind: 'offset', width: 'u16', of: 'securityBuffer' },
    { kind: 'length', width: 'u16', of: 'securityBuffer' },
    { kind: 'u64', name: 'previousSessionId' },
  ],
  buffers: ['securityBuffer'],
};

export interface SessionSetupResponse {
  sessionFlags: number;
  securityBuffer: Buffer;
}

export const SessionSetupResponseDeclaration: StructDeclaration<SessionSetupResponse> = {
  title: 'SMB2 SESSION_SETUP Response',
  section: 'MS-SMB2 2.2.6',
  fields: [
    { kind: 'const', width: 'u16', value: 9 },
    { kind: 'u16', name: 'sessionFlags' },
    { kind: 'offset', width: 'u16', of: 'securityBuffer' },
    { kind: 'length', width: 'u16', of: 'securityBuffer' },
  ],
  buffers: ['securityBuffer'],
};

export const decodeSessionSetupRequest = (message: Buffer, bodyStart = 64): SessionSetupRequest =>
  decodeStruct(SessionSetupRequestDeclaration, message, bodyStart);
export const encodeSessionSetupRequest = (r: SessionSetupRequest): Buffer => encodeStruct(SessionSetupRequestDeclaration, r);
export const decodeSessionSetupResponse = (message: Buffer, bodyStart = 64): SessionSetupResponse =>
  decodeStruct(SessionSetupResponseDeclaration, message, bodyStart);
export const encodeSessionSetupResponse = (r: SessionSetupResponse): Buffer => encodeStruct(SessionSetupResponseDeclaration, r);
