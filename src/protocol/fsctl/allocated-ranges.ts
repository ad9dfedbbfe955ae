// MS-FSCC 2.3.51 / 2.3.52 FILE_ALLOCATED_RANGE_BUFFER: one in the input of FSCTL_QUERY_ALLOCATED_RANGES (the
// range asked about), an array of them in its output (the allocated parts of that range).

import { invalidParameter, Writer } from '../wire.ts';

export interface FileAllocatedRangeBuffer {
  /** Signed 64-bit. */
  fileOffset: bigint;
  /** Signed 64-bit. */
  length: bigint;
}

export const FILE_ALLOCATED_RANGE_BUFFER_SIZE = 16;

/** The queried range: the first 16 bytes of the input; a shorter one is STATUS_INVALID_PARAMETER, as Windows and Samba answer. */
export function decodeFileAllocatedRangeBuffer(input: Buffer): FileAllocatedRangeBuffer {
  if (input.length < FILE_ALLOCATED_RANGE_BUFFER_SIZE) throw invalidParameter('FILE_ALLOCATED_RANGE_BUFFER shorter than 16 bytes');
  return { fileOffset: input.readBigInt64LE(0), length: input.readBigInt64LE(8) };
}

export function encodeFileAllocatedRangeBuffers(ranges: readonly FileAllocatedRangeBuffer[]): Buffer {
  const w = new Writer(ranges.length * FILE_ALLOCATED_RANGE_BUFFER_SIZE);
  for (const r of ranges) w.u64(BigInt.asUintN(64, r.fileOffset)).u64(BigInt.asUintN(64, r.length));
  return w.finish();
}

/** The output array; its length must be a whole number of entries. */
export function decodeFileAllocatedRangeBuffers(output: Buffer): FileAllocatedRangeBuffer[] {
  if (output.length % FILE_ALLOCATED_RANGE_BUFFER_SIZE !== 0) throw invalidParameter('FILE_ALLOCATED_RANGE_BUFFER array with a partial entry');
  const ranges: FileAllocatedRangeBuffer[] = [];
  for (let at = 0; at < output.length; at += FILE_ALLOCATED_RANGE_BUFFER_SIZE) {
    ranges.push({ fileOffset: output.readBigInt64LE(at), length: output.readBigInt64LE(at + 8) });
  }
  return ranges;
}
