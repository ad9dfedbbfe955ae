// MS-SMB2 2.2.31.4 VALIDATE_NEGOTIATE_INFO Request and 2.2.32.6 VALIDATE_NEGOTIATE_INFO Response.

import { invalidParameter, Reader, Writer } from '../wire.ts';

export interface ValidateNegotiateInfoRequest {
  capabilities: number;
  guid: Buffer;
  securityMode: number;
  dialects: number[];
}

export interface ValidateNegotiateInfoResponse {
  capabilities: number;
  guid: Buffer;
  securityMode: number;
  dialect: number;
}

export const VALIDATE_NEGOTIATE_INFO_RESPONSE_SIZE = 24;

export function decodeValidateNegotiateInfoRequest(input: Buffer): ValidateNegotiateInfoRequest {
  const r = new Reader(input);
  const capabilities = r.u32('Capabilities');
  const guid = r.bytes(16, 'Guid');
  const securityMode = r.u16('SecurityMode');
  const dialectCount = r.u16('DialectCount');
  if (dialectCount * 2 > r.remaining) throw invalidParameter('VALIDATE_NEGOTIATE_INFO: Dialects beyond the input');
  const dialects: number[] = [];
  for (let i = 0; i < dialectCount; i++) dialects.push(r.u16('Dialects'));
  return { capabilities, guid, securityMode, dialects };
}

export function encodeValidateNegotiateInfoRequest(v: ValidateNegotiateInfoRequest): Buffer {
  const w = new Writer(24 + v.dialects.length * 2).u32(v.capabilities).bytes(v.guid).u16(v.securityMode).u16(v.dialects.length);
  for (const d of v.dialects) w.u16(d);
  return w.finish();
}

export function encodeValidateNegotiateInfoResponse(v: ValidateNegotiateInfoResponse): Buffer {
  return new Writer(VALIDATE_NEGOTIATE_INFO_RESPONSE_SIZE).u32(v.capabilities).bytes(v.guid).u16(v.securityMode).u16(v.dialect).finish();
}

export function decodeValidateNegotiateInfoResponse(output: Buffer): ValidateNegotiateInfoResponse {
  const r = new Reader(output);
  return { capabilities: r.u32('Capabilities'), guid: r.bytes(16, 'Guid'), securityMode: r.u16('SecurityMode'), dialect: r.u16('Dialect') };
}
