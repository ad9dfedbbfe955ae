// Byte-range arithmetic for the data-management hooks (FSCTL_SET_ZERO_DATA, FSCTL_QUERY_ALLOCATED_RANGES,
// copy and clone), shared by the bundled drivers.

import { DriverError } from './types.ts';
import type { ByteRange } from './types.ts';

export function checkRange(range: ByteRange): void {
  if (range.offset < 0n || range.length < 0n) throw new DriverError('invalid-parameter', 'negative offset or length');
}

/** The part of `range` below `size` (end of file), or undefined when nothing is left. */
export function clipRange(range: ByteRange, size: bigint): ByteRange | undefined {
  const end = range.offset + range.length < size ? range.offset + range.length : size;
  return end > range.offset ? { offset: range.offset, length: end - range.offset } : undefined;
}

/**
 * MS-FSA 2.1.5.9.16: a file that is not sparse reports the queried range, up to end of file, as one allocated
 * range.
 */
export function wholeRange(range: ByteRange, size: bigint): ByteRange[] {
  const clipped = clipRange(range, size);
  return clipped === undefined ? [] : [clipped];
}
