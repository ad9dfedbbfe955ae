// MS-FSCC 2.3.7.2 SMB2_DUPLICATE_EXTENTS_DATA: the input of FSCTL_DUPLICATE_EXTENTS_TO_FILE over SMB2, whose
// FileHandle is the 16-byte SMB2 FileId of the source open.

import { invalidParameter, Writer } from '../wire.ts';

export interface DuplicateExtentsData {
  sourcePersistentFileId: bigint;
  sourceVolatileFileId: bigint;
  /** Signed 64-bit. */
  sourceFileOffset: bigint;
  /** Signed 64-bit. */
  targetFileOffset: bigint;
  /** Signed 64-bit. */
  byteCount: bigint;
}

export const DUPLICATE_EXTENTS_DATA_SIZE = 40;

export function decodeDuplicateExtentsData(input: Buffer): DuplicateExtentsData {
  if (input.length < DUPLICATE_EXTENTS_DATA_SIZE) throw invalidParameter('SMB2_DUPLICATE_EXTENTS_DATA shorter than 40 bytes');
  return {
    sourcePersistentFileId: input.readBigUInt64LE(0),
    sourceVolatileFileId: input.readBigUInt64LE(8),
    sourceFileOffset: input.readBigInt64LE(16),
    targetFileOffset: input.readBigInt64LE(24),
    byteCount: input.readBigInt64LE(32),
  };
}

export function encodeDuplicateExtentsData(v: DuplicateExtentsData): Buffer {
  return new Writer(DUPLICATE_EXTENTS_DATA_SIZE)
    .u64(v.sourcePersistentFileId)
    .u64(v.sourceVolatileFileId)
    .u64(BigInt.asUintN(64, v.sourceFileOffset))
    .u64(BigInt.asUintN(64, v.targetFileOffset))
    .u64(BigInt.asUintN(64, v.byteCount))
    .finish();
}
