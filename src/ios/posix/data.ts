// Data operations on open descriptors that Node has no single call for: writing all of a buffer, zeroing a
// range by writing, and copying a range between descriptors (no copy_file_range for ranges), keeping the
// source's holes where the native addon finds them. Work goes in 1 MiB pieces so no request makes the process
// allocate more.

import type { FileHandle } from 'node:fs/promises';
import { DriverError } from '../types.ts';
import type { ByteRange } from '../types.ts';
import { holesUnsupported, MAX_EXTENTS } from './holes.ts';
import type { HoleOperations } from './holes.ts';

const PIECE = 1 << 20;

/**
 * Largest offset the driver reads or writes at. Node only places IO correctly at safe-integer positions, so
 * writes beyond are refused and reads there see end of file (8 PiB: past any file the driver can create).
 */
export const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

export function checkOffset(offset: bigint): void {
  if (offset < 0n) throw new DriverError('invalid-parameter', 'negative offset');
}

/** Refuses IO ending past MAX_OFFSET: Node would write such data at the current position instead. */
export function checkEnd(end: bigint): void {
  if (end > MAX_OFFSET) throw new DriverError('no-space', 'beyond the largest supported file offset');
}

export async function writeAll(file: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await file.write(data, done, data.length - done, position + done);
    if (bytesWritten === 0) throw new DriverError('io', 'write made no progress');
    done += bytesWritten;
  }
}

/** Reads until `into` is full or end of file; returns the count. */
async function readFully(file: FileHandle, into: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await file.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * Zeros `zeroed` (within end of file, `size`) by writing, where holes cannot be punched. A range reaching end of
 * file is cut off and the file extended again, which leaves a hole on file systems with holes. Elsewhere zeros
 * are written, but only over pieces that are not zero already, so holes stay holes.
 */
export async function zeroByWriting(file: FileHandle, zeroed: ByteRange, size: bigint): Promise<void> {
  const start = Number(zeroed.offset);
  const end = Number(zeroed.offset + zeroed.length);
  if (end === Number(size)) {
    await file.truncate(start);
    await file.truncate(end);
    return;
  }
  const zeros = Buffer.alloc(Math.min(PIECE, end - start));
  const current = Buffer.allocUnsafe(zeros.length);
  for (let at = start; at < end; at += zeros.length) {
    const length = Math.min(zeros.length, end - at);
    const read = await readFully(file, current.subarray(0, length), at);
    if (!current.subarray(0, read).equals(zeros.subarray(0, read))) await writeAll(file, zeros.subarray(0, length), at);
  }
}

/**
 * Copies `length` bytes, or up to the source's end of file, from one descriptor to another; returns the count.
 * When both name the same file and the target range starts inside the source range, pieces go from the end
 * backwards so none is overwritten before it is read. With `holes` (the caller passes it for a sparse target),
 * the source's holes are punched into the target instead of written as zeros, unless the ranges overlap.
 */
export async function copyData(
  source: FileHandle,
  target: FileHandle,
  sourceOffset: bigint,
  targetOffset: bigint,
  length: bigint,
  holes?: HoleOperations,
): Promise<bigint> {
  checkOffset(sourceOffset);
  checkOffset(targetOffset);
  if (length < 0n) throw new DriverError('invalid-parameter', 'negative length');
  const [from, to] = await Promise.all([source.stat({ bigint: true }), target.stat({ bigint: true })]);
  const available = from.size > sourceOffset ? from.size - sourceOffset : 0n;
  const total = length < available ? length : available;
  if (total === 0n) return 0n;
  checkEnd(targetOffset + total);
  const count = Number(total);
  const sourceStart = Number(sourceOffset);
  const targetStart = Number(targetOffset);
  const buffer = Buffer.allocUnsafe(Math.min(PIECE, count));
  const sameFile = from.dev === to.dev && from.ino === to.ino;
  if (sameFile && targetStart > sourceStart && targetStart < sourceStart + count) {
    for (let end = count; end > 0; ) {
      const start = Math.max(0, end - buffer.length);
      const piece = buffer.subarray(0, end - start);
      const read = await readFully(source, piece, sourceStart + start);
      await writeAll(target, piece.subarray(0, read), targetStart + start);
      end = start;
    }
    return total;
  }
  const overlapping = sameFile && targetStart < sourceStart + count && sourceStart < targetStart + count;
  if (holes !== undefined && !overlapping) {
    try {
      return BigInt(await copyKeepingHoles(source, target, sourceStart, targetStart, count, buffer, holes));
    } catch (error) {
      // Copying again from the start by writing is still a correct copy.
      if (!holesUnsupported(error)) throw error;
    }
  }
  return BigInt(await copyForward(source, target, sourceStart, targetStart, count, buffer));
}

/** Copies front to back; returns the count, short if the source ended early. */
async function copyForward(source: FileHandle, target: FileHandle, sourceStart: number, targetStart: number, count: number, buffer: Buffer): Promise<number> {
  let done = 0;
  while (done < count) {
    const read = await readFully(source, buffer.subarray(0, Math.min(buffer.length, count - done)), sourceStart + done);
    if (read === 0) break;
    await writeAll(target, buffer.subarray(0, read), targetStart + done);
    done += read;
  }
  return done;
}

/**
 * Copies the source's data extents and punches its holes into the target. A copy that ends in a hole past the
 * target's end of file writes its last byte as a zero: that extends the target without ftruncate, which could
 * cut off what a concurrent writer added meanwhile.
 */
async function copyKeepingHoles(
  source: FileHandle,
  target: FileHandle,
  sourceStart: number,
  targetStart: number,
  count: number,
  buffer: Buffer,
  holes: HoleOperations,
): Promise<number> {
  const extents = await holes.dataExtents(source.fd, BigInt(sourceStart), BigInt(count), MAX_EXTENTS);
  let done = 0;
  for (const extent of extents) {
    const start = Number(extent.offset) - sourceStart;
    if (start > done) await holes.punchHole(target.fd, BigInt(targetStart + done), BigInt(start - done));
    const length = Number(extent.length);
    const copied = await copyForward(source, target, sourceStart + start, targetStart + start, length, buffer);
    if (copied < length) return start + copied;
    done = start + length;
  }
  if (done < count) {
    const { size } = await target.stat({ bigint: true });
    const extend = size < BigInt(targetStart + count);
    const hole = count - done - (extend ? 1 : 0);
    if (hole > 0) await holes.punchHole(target.fd, BigInt(targetStart + done), BigInt(hole));
    if (extend) await writeAll(target, Buffer.alloc(1), targetStart + count - 1);
  }
  return count;
}
