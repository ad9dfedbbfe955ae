// MS-SMB2 2.2.3 SMB2 NEGOTIATE Request and 2.2.4 SMB2 NEGOTIATE Response. The fixed parts are declared; the
// Dialects array and the 3.1.1 NegotiateContextList (negotiate-contexts.ts) are read and written by hand.

import { Dialect } from '../constants.ts';
import { decodeNegotiateContexts, encodeNegotiateContexts, type NegotiateContext } from '../negotiate-contexts.ts';
import { align8, decodeStruct, encodeStruct, invalidParameter, Reader, Writer, type StructDeclaration } from '../wire.ts';

const HEADER_SIZE = 64;

export interface NegotiateRequest {
  securityMode: number;
  capabilities: number;
  clientGuid: Buffer;
  dialects: number[];
  /**
   * The eight bytes after ClientGuid as one u64, as received. Before 3.1.1 they are ClientStartTime; when
   * Dialects holds 0x0311 they are NegotiateContextOffset, NegotiateContextCount and Reserved2, and the
   * contexts they locate are in negotiateContexts. On encode they are written as given unless
   * negotiateContexts is non-empty, in which case the offset and count replace them.
   */
  clientStartTime: bigint;
  negotiateContexts: NegotiateContext[];
}

/** The fixed part, before the Dialects array. */
export interface NegotiateRequestFixed {
  dialectCount: number;
  securityMode: number;
  capabilities: number;
  clientGuid: Buffer;
  clientStartTime: bigint;
}

export const NegotiateRequestDeclaration: StructDeclaration<NegotiateRequestFixed> = {
  title: 'SMB2 NEGOTIATE Request',
  section: 'MS-SMB2 2.2.3',
  fields: [
    { kind: 'const', width: 'u16', value: 36 },
    { kind: 'u16', name: 'dialectCount' },
    { kind: 'u16', name: 'securityMode' },
    { kind: 'reserved', length: 2 },
    { kind: 'u32', name: 'capabilities' },
    { kind: 'bytes', name: 'clientGuid', length: 16 },
    { kind: 'u64', name: 'clientStartTime' },
  ],
  buffers: [],
};

const REQUEST_FIXED_SIZE = 36;

export function decodeNegotiateRequest(message: Buffer, bodyStart = 64): NegotiateRequest {
  const fixed = decodeStruct(NegotiateRequestDeclaration, message, bodyStart);
  const dialectsStart = bodyStart + REQUEST_FIXED_SIZE;
  if (fixed.dialectCount * 2 > message.length - dialectsStart) {
    throw invalidParameter(`SMB2 NEGOTIATE Request: ${fixed.dialectCount} dialects do not fit in the message`);
  }
  const r = new Reader(message, dialectsStart);
  const dialects: number[] = [];
  for (let i = 0; i < fixed.dialectCount; i++) dialects.push(r.u16('Dialects'));
  let negotiateContexts: NegotiateContext[] = [];
  if (dialects.includes(Dialect.SMB3_1_1)) {
    const offset = Number(fixed.clientStartTime & 0xffffffffn);
    const count = Number((fixed.clientStartTime >> 32n) & 0xffffn);
    if (count > 0) {
      if (offset < r.pos) {
        throw invalidParameter(`SMB2 NEGOTIATE Request: NegotiateContextOffset ${offset} overlaps the Dialects`);
      }
      negotiateContexts = decodeNegotiateContexts(message, offset, count);
    }
  }
  return {
    securityMode: fixed.securityMode,
    capabilities: fixed.capabilities,
    clientGuid: fixed.clientGuid,
    dialects,
    clientStartTime: fixed.clientStartTime,
    negotiateContexts,
  };
}

export function encodeNegotiateRequest(r: NegotiateRequest): Buffer {
  const dialectsEnd = HEADER_SIZE + REQUEST_FIXED_SIZE + r.dialects.length * 2;
  const contextOffset = r.negotiateContexts.length > 0 ? align8(dialectsEnd) : 0;
  const fixed = encodeStruct(NegotiateRequestDeclaration, {
    dialectCount: r.dialects.length,
    securityMode: r.securityMode,
    capabilities: r.capabilities,
    clientGuid: r.clientGuid,
    clientStartTime:
      contextOffset > 0 ? BigInt(contextOffset) | (BigInt(r.negotiateContexts.length) << 32n) : r.clientStartTime,
  });
  const w = new Writer(dialectsEnd).bytes(fixed);
  for (const d of r.dialects) w.u16(d);
  if (contextOffset > 0) w.align8(HEADER_SIZE).bytes(encodeNegotiateContexts(r.negotiateContexts));
  return w.finish();
}

export interface NegotiateResponse {
  securityMode: number;
  dialectRevision: number;
  serverGuid: Buffer;
  capabilities: number;
  maxTransactSize: number;
  maxReadSize: number;
  maxWriteSize: number;
  systemTime: bigint;
  serverStartTime: bigint;
  securityBuffer: Buffer;
  /** Only in 3.1.1 responses (DialectRevision 0x0311); NegotiateContextCount/Offset are reserved otherwise. */
  negotiateContexts: NegotiateContext[];
}

/** The fixed part and security buffer, with the context list's count and offset as the wire has them. */
export interface NegotiateResponseFixed extends Omit<NegotiateResponse, 'negotiateContexts'> {
  negotiateContextCount: number;
  negotiateContextOffset: number;
}

export const NegotiateResponseDeclaration: StructDeclaration<NegotiateResponseFixed> = {
  title: 'SMB2 NEGOTIATE Response',
  section: 'MS-SMB2 2.2.4',
  fields: [
    { kind: 'const', width: 'u16', value: 65 },
    { kind: 'u16', name: 'securityMode' },
    { kind: 'u16', name: 'dialectRevision' },
    { kind: 'u16', name: 'negotiateContextCount' },
    { kind: 'bytes', name: 'serverGuid', length: 16 },
    { kind: 'u32', name: 'capabilities' },
    { kind: 'u32', name: 'maxTransactSize' },
    { kind: 'u32', name: 'maxReadSize' },
    { kind: 'u32', name: 'maxWriteSize' },
    { kind: 'u64', name: 'systemTime' },
    { kind: 'u64', name: 'serverStartTime' },
    { kind: 'offset', width: 'u16', of: 'securityBuffer' },
    { kind: 'length', width: 'u16', of: 'securityBuffer' },
    { kind: 'u32', name: 'negotiateContextOffset' },
  ],
  buffers: ['securityBuffer'],
};

const RESPONSE_FIXED_SIZE = 64;
const NEGOTIATE_CONTEXT_OFFSET_AT = 60;

export function decodeNegotiateResponse(message: Buffer, bodyStart = 64): NegotiateResponse {
  const { negotiateContextCount, negotiateContextOffset, ...fixed } = decodeStruct(
    NegotiateResponseDeclaration,
    message,
    bodyStart,
  );
  let negotiateContexts: NegotiateContext[] = [];
  if (fixed.dialectRevision === Dialect.SMB3_1_1 && negotiateContextCount > 0) {
    if (negotiateContextOffset < bodyStart + RESPONSE_FIXED_SIZE) {
      const what = `NegotiateContextOffset ${negotiateContextOffset}`;
      throw invalidParameter(`SMB2 NEGOTIATE Response: ${what} inside the fixed part`);
    }
    negotiateContexts = decodeNegotiateContexts(message, negotiateContextOffset, negotiateContextCount);
  }
  return { ...fixed, negotiateContexts };
}

/** The NegotiateContextList goes after the security buffer, 8-byte aligned (MS-SMB2 2.2.4). */
export function encodeNegotiateResponse(r: NegotiateResponse): Buffer {
  const { negotiateContexts, ...rest } = r;
  const fixed = encodeStruct(NegotiateResponseDeclaration, {
    ...rest,
    negotiateContextCount: negotiateContexts.length,
    negotiateContextOffset: 0,
  });
  if (negotiateContexts.length === 0) return fixed;
  const offset = align8(HEADER_SIZE + fixed.length);
  fixed.writeUInt32LE(offset, NEGOTIATE_CONTEXT_OFFSET_AT);
  return new Writer(offset - HEADER_SIZE + 256)
    .bytes(fixed)
    .align8(HEADER_SIZE)
    .bytes(encodeNegotiateContexts(negotiateContexts))
    .finish();
}
