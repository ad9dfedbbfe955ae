// MS-SMB2 2.2.2 SMB2 ERROR Response and the 3.1.1 SMB2 ERROR Context list of 2.2.2.1. ErrorData follows the
// fixed part directly (ByteCount, no offset), so it is located by hand after the declared fixed part.

import { align8, decodeStruct, encodeStruct, invalidParameter, Reader, Writer, type StructDeclaration } from '../wire.ts';

/** MS-SMB2 2.2.2.1 ErrorId */
export const ErrorId = {
  DEFAULT: 0x00000000,
  SHARE_REDIRECT: 0x72645253,
} as const;

export interface ErrorResponse {
  /** Non-zero only in 3.1.1, where ErrorData is then that many SMB2 ERROR Contexts. */
  errorContextCount: number;
  errorData: Buffer;
}

export interface ErrorResponseFixed {
  errorContextCount: number;
  byteCount: number;
}

export const ErrorResponseDeclaration: StructDeclaration<ErrorResponseFixed> = {
  title: 'SMB2 ERROR Response',
  section: 'MS-SMB2 2.2.2',
  fields: [
    { kind: 'const', width: 'u16', value: 9 },
    { kind: 'u8', name: 'errorContextCount' },
    { kind: 'reserved', length: 1 },
    { kind: 'u32', name: 'byteCount' },
  ],
  buffers: [],
};

const FIXED_SIZE = 8;

export function decodeErrorResponse(message: Buffer, bodyStart = 64): ErrorResponse {
  const fixed = decodeStruct(ErrorResponseDeclaration, message, bodyStart);
  const start = bodyStart + FIXED_SIZE;
  if (fixed.byteCount > message.length - start) {
    throw invalidParameter(`SMB2 ERROR Response: ByteCount ${fixed.byteCount} beyond the message`);
  }
  return { errorContextCount: fixed.errorContextCount, errorData: message.subarray(start, start + fixed.byteCount) };
}

/** ErrorData is at least one byte on the wire even when ByteCount is 0 (MS-SMB2 2.2.2). */
export function encodeErrorResponse(r: ErrorResponse): Buffer {
  const fixed = encodeStruct(ErrorResponseDeclaration, {
    errorContextCount: r.errorContextCount,
    byteCount: r.errorData.length,
  });
  const body = Buffer.alloc(FIXED_SIZE + Math.max(1, r.errorData.length));
  fixed.copy(body, 0, 0, FIXED_SIZE);
  r.errorData.copy(body, FIXED_SIZE);
  return body;
}

/** MS-SMB2 2.2.2.1 SMB2 ERROR Context */
export interface ErrorContext {
  errorId: number;
  errorContextData: Buffer;
}

/** Splits ErrorData into `count` contexts; each after the first starts 8-byte aligned within ErrorData. */
export function decodeErrorContexts(errorData: Buffer, count: number): ErrorContext[] {
  const r = new Reader(errorData);
  const contexts: ErrorContext[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) r.skip(align8(r.pos) - r.pos, 'SMB2 ERROR Context padding');
    const errorDataLength = r.u32('SMB2 ERROR Context ErrorDataLength');
    const errorId = r.u32('SMB2 ERROR Context ErrorId');
    contexts.push({ errorId, errorContextData: r.bytes(errorDataLength, 'SMB2 ERROR Context ErrorContextData') });
  }
  return contexts;
}

/** Builds ErrorData from contexts; set errorContextCount to contexts.length alongside it. */
export function encodeErrorContexts(contexts: readonly ErrorContext[]): Buffer {
  const w = new Writer();
  contexts.forEach((c, i) => {
    if (i > 0) w.align8();
    w.u32(c.errorContextData.length).u32(c.errorId).bytes(c.errorContextData);
  });
  return w.finish();
}
