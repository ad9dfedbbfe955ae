// FileStat from POSIX stats (MS-FSCC 2.4 info classes are built from it by the server).

import type { BigIntStats } from 'node:fs';
import { FileAttributes } from '../../protocol/constants.ts';
import type { FileStat } from '../types.ts';
import { changeTimeOf } from './change-time.ts';
import type { DosInfo } from './metadata/codec.ts';
import { fileTimeFromNs } from './times.ts';

const OWNER_WRITE = 0o200n;
const CLUSTER_SIZE = 4096n;

/**
 * READONLY mirrors the owner write bit, the one DOS attribute POSIX permissions can carry. Only files get it:
 * Windows uses READONLY on directories as a shell customisation marker, not as a write barrier.
 */
export function isReadOnlyMode(stats: BigIntStats): boolean {
  return stats.isFile() && (stats.mode & OWNER_WRITE) === 0n;
}

/**
 * Bytes the data takes on disk: st_blocks (512-byte units) where the platform reports it, but never more than
 * the size rounded up to a 4 KiB cluster, since st_blocks also counts the block a file system may give
 * extended attributes (ext4 does once they outgrow the inode), which holds no data; a sparse file reports less.
 */
export function allocationSizeOf(size: bigint, blocks: bigint | undefined): bigint {
  const clusters = ((size + CLUSTER_SIZE - 1n) / CLUSTER_SIZE) * CLUSTER_SIZE;
  if (blocks === undefined) return clusters;
  const onDisk = blocks * 512n;
  return onDisk < clusters ? onDisk : clusters;
}

/** Creation time: birth time where the platform reports it (statx on Linux), the change time otherwise. */
export function creationTimeNs(stats: BigIntStats): bigint {
  return stats.birthtimeNs > 0n ? stats.birthtimeNs : stats.ctimeNs;
}

/**
 * DOS attributes: the stored ones where there are any (ARCHIVE for a file without), READONLY of a file from its
 * mode bits, DIRECTORY from the type.
 */
export function attributesOf(stats: BigIntStats, dos: DosInfo): number {
  if (stats.isDirectory()) return (dos.attributes ?? 0) | FileAttributes.DIRECTORY;
  const stored = (dos.attributes ?? FileAttributes.ARCHIVE) & ~(FileAttributes.READONLY | FileAttributes.DIRECTORY);
  return isReadOnlyMode(stats) ? stored | FileAttributes.READONLY : stored;
}

/** FileStat of an object; `dos` holds what the metadata store adds to POSIX (nothing when empty). */
export function fileStatFrom(stats: BigIntStats, dos: DosInfo = {}): FileStat {
  const isDirectory = stats.isDirectory();
  // Windows reports directories with EndOfFile and AllocationSize 0; the POSIX size of a directory (its entry
  // table) means nothing to clients.
  const size = isDirectory ? 0n : stats.size;
  return {
    fileId: stats.ino,
    isDirectory,
    size,
    allocationSize: isDirectory ? 0n : allocationSizeOf(size, stats.blocks),
    creationTime: dos.creationTime ?? fileTimeFromNs(creationTimeNs(stats)),
    lastAccessTime: fileTimeFromNs(stats.atimeNs),
    lastWriteTime: fileTimeFromNs(stats.mtimeNs),
    changeTime: changeTimeOf(stats, dos.changeTime),
    attributes: attributesOf(stats, dos),
    numberOfLinks: Number(stats.nlink),
    eaSize: dos.eaSize ?? 0,
  };
}
