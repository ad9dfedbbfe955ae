// MS-FSCC 2.3.85 FILE_ZERO_DATA_INFORMATION: the input of FSCTL_SET_ZERO_DATA.

import { invalidParameter, Writer } from '../wire.ts';

export interface FileZeroDataInformation {
  /** Signed 64-bit: where zeroing starts. */
  fileOffset: bigint;
  /** Signed 64-bit: the first byte after the zeroed range. */
  beyondFinalZero: bigint;
}

export const FILE_ZERO_DATA_INFORMATION_SIZE = 16;

/** Reads the first 16 bytes; a shorter input is STATUS_INVALID_PARAMETER (MS-FSA 2.1.5.10.39). */
export function decodeFileZeroDataInformation(input: Buffer): FileZeroDataInformation {
  if (input.length < FILE_ZERO_DATA_INFORMATION_SIZE) throw invalidParameter('FILE_ZERO_DATA_INFORMATION shorter than 16 bytes');
  return { fileOffset: input.readBigInt64LE(0), beyondFinalZero: input.readBigInt64LE(8) };
}

export function encodeFileZeroDataInformation(v: FileZeroDataInformation): Buffer {
  return new Writer(FILE_ZERO_DATA_INFORMATION_SIZE).u64(BigInt.asUintN(64, v.fileOffset)).u64(BigInt.asUintN(64, v.beyondFinalZero)).finish();
}
