// Sparse files on the host file system: FSCTL_SET_ZERO_DATA frees the range of a sparse file,
// FSCTL_QUERY_ALLOCATED_RANGES finds its holes, and clearing SPARSE_FILE allocates them, all through the native
// addon (holes.ts). Without it, or on a file system that cannot punch or find holes, zeros are written and a
// sparse file is reported allocated throughout.

import type { FileHandle } from 'node:fs/promises';
import { clipRange } from '../ranges.ts';
import type { ByteRange } from '../types.ts';
import { zeroByWriting } from './data.ts';
import { holesUnsupported, MAX_EXTENTS } from './holes.ts';
import type { HoleOperations } from './holes.ts';

/**
 * MS-FSA 2.1.5.10.39: the range, up to end of file, reads as zeros; the size stays. A sparse file may free the
 * range, so its blocks are punched out. A file that is not sparse keeps the range allocated, as Windows does
 * (it writes the zeros): the hole is punched and allocated again, which zeros it without writing, as Samba does
 * with "strict allocate".
 */
export async function zeroRange(file: FileHandle, range: ByteRange, sparse: boolean, holes: HoleOperations | undefined): Promise<void> {
  const { size } = await file.stat({ bigint: true });
  const zeroed = clipRange(range, size);
  if (zeroed === undefined) return;
  if (holes !== undefined) {
    try {
      await holes.punchHole(file.fd, zeroed.offset, zeroed.length);
      if (!sparse) await holes.allocate(file.fd, zeroed.offset, zeroed.length);
      return;
    } catch (error) {
      if (!holesUnsupported(error)) throw error;
    }
  }
  await zeroByWriting(file, zeroed, size);
}

/**
 * MS-FSA 2.1.5.10.22: the parts of the range, below end of file, that hold data. A file that is not sparse is
 * allocated throughout; a sparse one is asked for its data extents. Where holes cannot be found, only a file
 * holding no blocks at all is known to have none (reporting zeros as allocated is allowed, MS-FSCC 2.3.52;
 * reporting data as a hole is not).
 */
export async function allocatedRanges(file: FileHandle, range: ByteRange, sparse: boolean, holes: HoleOperations | undefined): Promise<ByteRange[]> {
  const stats = await file.stat({ bigint: true });
  const within = clipRange(range, stats.size);
  if (within === undefined) return [];
  if (!sparse) return [within];
  if (holes !== undefined) {
    try {
      return await holes.dataExtents(file.fd, within.offset, within.length, MAX_EXTENTS);
    } catch (error) {
      if (!holesUnsupported(error)) throw error;
    }
  }
  return stats.blocks === 0n ? [] : [within];
}

/**
 * MS-FSA 2.1.5.10.38: a file that stops being sparse has its unallocated ranges allocated first (they keep
 * reading as zeros). A failure, out of space above all, leaves the file sparse (MS-FSCC 2.3.83). Without the
 * addon, or where the file system cannot allocate, the holes stay.
 */
export async function allocateHoles(file: FileHandle, holes: HoleOperations | undefined): Promise<void> {
  if (holes === undefined) return;
  const { size } = await file.stat({ bigint: true });
  if (size === 0n) return;
  try {
    await holes.allocate(file.fd, 0n, size);
  } catch (error) {
    if (!holesUnsupported(error)) throw error;
  }
}
