// Data operations on open descriptors that Node has no single call for: writing all of a buffer, zeroing a
// range (no fallocate(PUNCH_HOLE) in Node) and copying a range between descriptors (no copy_file_range for
// ranges). Work goes in 1 MiB pieces so no request makes the process allocate more.

import type { FileHandle } from 'node:fs/promises';
import { clipRange } from '../ranges.ts';
import { DriverError } from '../types.ts';
import type { ByteRange } from '../types.ts';

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
 * FSCTL_SET_ZERO_DATA (MS-FSCC 2.3.85): the range, up to end of file, reads as zeros afterwards; the size does
 * not change. A range reaching end of file is cut off and the file extended again, which leaves a hole on file
 * systems with holes. Elsewhere zeros are written, but only over pieces that are not zero already, so holes
 * stay holes.
 */
export async function zeroData(file: FileHandle, range: ByteRange): Promise<void> {
  const { size } = await file.stat({ bigint: true });
  const zeroed = clipRange(range, size);
  if (zeroed === undefined) return;
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
 * backwards so none is overwritten before it is read.
 */
export async function copyData(source: FileHandle, target: FileHandle, sourceOffset: bigint, targetOffset: bigint, length: bigint): Promise<bigint> {
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
  let done = 0;
  while (done < count) {
    const read = await readFully(source, buffer.subarray(0, Math.min(buffer.length, count - done)), sourceStart + done);
    if (read === 0) break;
    await writeAll(target, buffer.subarray(0, read), targetStart + done);
    done += read;
  }
  return BigInt(done);
}
