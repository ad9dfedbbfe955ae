// The optional native addon smb3-sparse-files (native/sparse-files/): hole punching, allocation and data-extent
// queries on open descriptors, which Node's fs has no calls for (fallocate with FALLOC_FL_PUNCH_HOLE, lseek
// with SEEK_DATA / SEEK_HOLE). npm builds it on install where a C toolchain and Node's headers are there (Linux
// only); where it is missing, the driver zeros ranges by writing and reports sparse files allocated throughout.

import { createRequire } from 'node:module';
import type { ByteRange } from '../types.ts';
import { errnoOf } from './errors.ts';

/** The addon's calls. Each runs on the thread pool; failures reject with a Node-style error (`code`, `syscall`). */
export interface HoleOperations {
  /** fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE): the range reads as zeros and frees its whole blocks. */
  punchHole(fd: number, offset: bigint, length: bigint): Promise<void>;
  /** fallocate(FALLOC_FL_KEEP_SIZE): blocks for the holes of the range; data and size stay as they are. */
  allocate(fd: number, offset: bigint, length: bigint): Promise<void>;
  /**
   * lseek(SEEK_DATA / SEEK_HOLE): the data extents of the range, in order, merged and clipped to it. Past
   * `maxExtents` the last extent reaches the end of the range (holes reported as data, never the reverse).
   */
  dataExtents(fd: number, offset: bigint, length: bigint, maxExtents: number): Promise<ByteRange[]>;
}

/** A variable, so type checking does not need the package. */
const ADDON_PACKAGE: string = 'smb3-sparse-files';
let loaded = false;
let addon: HoleOperations | undefined;

/** The addon, or undefined where it was not built (no compiler, not Linux) or does not load. */
export function holeOperations(): HoleOperations | undefined {
  if (!loaded) {
    loaded = true;
    try {
      addon = createRequire(import.meta.url)(ADDON_PACKAGE) as HoleOperations;
    } catch {
      addon = undefined;
    }
  }
  return addon;
}

/**
 * Extents one query returns at most (1 MiB of FILE_ALLOCATED_RANGE_BUFFERs, more than a client's output buffer
 * usually takes): a file fragmented further is reported coarser, never with data called a hole.
 */
export const MAX_EXTENTS = 65536;

/**
 * Errors that mean the file system or kernel cannot do the call, so the caller falls back to writing zeros or
 * reporting data: EOPNOTSUPP from fallocate, EINVAL from an lseek that does not know SEEK_DATA, ENOSYS.
 */
export function holesUnsupported(error: unknown): boolean {
  const errno = errnoOf(error);
  return errno === 'EOPNOTSUPP' || errno === 'EINVAL' || errno === 'ENOSYS';
}
