// COMPRESSION_STATE: the output of FSCTL_GET_COMPRESSION and the input of FSCTL_SET_COMPRESSION
// (MS-FSCC 2.3.18 and 2.3.67), a 16-bit CompressionState.

import { invalidParameter } from '../wire.ts';

export const CompressionFormat = {
  NONE: 0x0000,
  DEFAULT: 0x0001,
  LZNT1: 0x0002,
} as const;

export const COMPRESSION_STATE_SIZE = 2;

export function decodeCompressionState(buffer: Buffer): number {
  if (buffer.length < COMPRESSION_STATE_SIZE) throw invalidParameter('COMPRESSION_STATE shorter than 2 bytes');
  return buffer.readUInt16LE(0);
}

export function encodeCompressionState(format: number): Buffer {
  const out = Buffer.alloc(COMPRESSION_STATE_SIZE);
  out.writeUInt16LE(format, 0);
  return out;
}
