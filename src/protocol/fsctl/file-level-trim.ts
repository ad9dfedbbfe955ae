// MS-FSCC 2.3.13.1 FILE_LEVEL_TRIM (the input of FSCTL_FILE_LEVEL_TRIM, with its FILE_LEVEL_TRIM_RANGE entries)
// and 2.3.14 FILE_LEVEL_TRIM_OUTPUT.

import { invalidParameter, Reader, Writer } from '../wire.ts';

export interface FileLevelTrimRange {
  offset: bigint;
  length: bigint;
}

export interface FileLevelTrim {
  key: number;
  ranges: FileLevelTrimRange[];
}

export const FILE_LEVEL_TRIM_HEADER_SIZE = 8;
export const FILE_LEVEL_TRIM_RANGE_SIZE = 16;
export const FILE_LEVEL_TRIM_OUTPUT_SIZE = 4;

/** Throws STATUS_INVALID_PARAMETER when NumRanges entries do not fit the input, before allocating any. */
export function decodeFileLevelTrim(input: Buffer): FileLevelTrim {
  const r = new Reader(input);
  const key = r.u32('Key');
  const numRanges = r.u32('NumRanges');
  if (numRanges > r.remaining / FILE_LEVEL_TRIM_RANGE_SIZE) throw invalidParameter('FILE_LEVEL_TRIM: Ranges beyond the input');
  const ranges: FileLevelTrimRange[] = [];
  for (let i = 0; i < numRanges; i++) ranges.push({ offset: r.u64('Offset'), length: r.u64('Length') });
  return { key, ranges };
}

export function encodeFileLevelTrim(v: FileLevelTrim): Buffer {
  const w = new Writer(FILE_LEVEL_TRIM_HEADER_SIZE + v.ranges.length * FILE_LEVEL_TRIM_RANGE_SIZE).u32(v.key).u32(v.ranges.length);
  for (const range of v.ranges) w.u64(range.offset).u64(range.length);
  return w.finish();
}

export function encodeFileLevelTrimOutput(numRangesProcessed: number): Buffer {
  return new Writer(FILE_LEVEL_TRIM_OUTPUT_SIZE).u32(numRangesProcessed).finish();
}

export function decodeFileLevelTrimOutput(output: Buffer): number {
  return new Reader(output).u32('NumRangesProcessed');
}
