// The data of one in-memory stream: 4 KiB clusters held in a map, with a logical end of file. A cluster that was
// never written (or was zeroed) is a hole and reads as zeros, so growing the end of file allocates nothing and
// sparse files are really sparse. Clusters can be shared between streams (block cloning, copies) and are copied
// on the first write to a shared one. Every cluster held is charged once to the volume, so a client cannot make
// the process allocate more than the volume's capacity.

import type { ByteRange } from '../types.ts';
import { DriverError } from '../types.ts';

/** Where a stream's clusters are charged. */
export interface SpaceAccount {
  /** Takes `bytes` from the free space or throws DriverError('no-space'). */
  reserve(bytes: number): void;
  free(bytes: number): void;
}

/** The allocation unit, also what statfs reports (8 sectors of 512 bytes). */
export const CLUSTER_SIZE = 4096;

interface Cluster {
  readonly data: Buffer;
  /** Streams holding this cluster; written in place only while 1. */
  refs: number;
}

export class FileContent {
  readonly #space: SpaceAccount;
  readonly #clusters = new Map<number, Cluster>();
  #size = 0;

  constructor(space: SpaceAccount) {
    this.#space = space;
  }

  /** End of file in bytes. */
  get size(): number {
    return this.#size;
  }

  /** Bytes of clusters held. */
  get allocated(): number {
    return this.#clusters.size * CLUSTER_SIZE;
  }

  read(into: Buffer, offset: number): number {
    if (offset >= this.#size) return 0;
    const count = Math.min(into.length, this.#size - offset);
    for (let done = 0; done < count; ) {
      const at = offset + done;
      const index = Math.floor(at / CLUSTER_SIZE);
      const within = at - index * CLUSTER_SIZE;
      const length = Math.min(CLUSTER_SIZE - within, count - done);
      const cluster = this.#clusters.get(index);
      if (cluster === undefined) into.fill(0, done, done + length);
      else cluster.data.copy(into, done, within, within + length);
      done += length;
    }
    return count;
  }

  write(data: Buffer, offset: number): void {
    if (data.length === 0) return;
    const end = offset + data.length;
    // Reserve everything first, so a write that does not fit changes nothing.
    this.#reserveForWrite(offset, end);
    for (let done = 0; done < data.length; ) {
      const at = offset + done;
      const index = Math.floor(at / CLUSTER_SIZE);
      const within = at - index * CLUSTER_SIZE;
      const length = Math.min(CLUSTER_SIZE - within, data.length - done);
      data.copy(this.#ownedCluster(index), within, done, done + length);
      done += length;
    }
    if (end > this.#size) this.#size = end;
  }

  setSize(size: number): void {
    if (size < this.#size) {
      const kept = Math.ceil(size / CLUSTER_SIZE);
      for (const index of [...this.#clusters.keys()]) if (index >= kept) this.#drop(index);
      // Bytes past the new end must read as zeros if the file grows again.
      this.#zeroWithin(size, Math.min(this.#size, kept * CLUSTER_SIZE));
    }
    this.#size = size;
  }

  /** The range, up to end of file, reads as zeros afterwards; whole clusters in it are freed. */
  zero(range: ByteRange): void {
    const start = Number(range.offset);
    const end = Math.min(this.#size, Number(range.offset + range.length));
    if (end <= start) return;
    const firstWhole = Math.ceil(start / CLUSTER_SIZE);
    const afterWhole = Math.floor(end / CLUSTER_SIZE);
    if (firstWhole >= afterWhole) {
      this.#zeroWithin(start, end);
      return;
    }
    this.#zeroWithin(start, firstWhole * CLUSTER_SIZE);
    for (let index = firstWhole; index < afterWhole; index++) this.#drop(index);
    this.#zeroWithin(afterWhole * CLUSTER_SIZE, end);
  }

  /** The held parts of a range, up to end of file, merged and in order. */
  allocatedRanges(range: ByteRange): ByteRange[] {
    const start = Number(range.offset);
    const end = Math.min(this.#size, Number(range.offset + range.length));
    const ranges: ByteRange[] = [];
    if (end <= start) return ranges;
    const indices = [...this.#clusters.keys()].filter((index) => (index + 1) * CLUSTER_SIZE > start && index * CLUSTER_SIZE < end);
    for (const index of indices.sort((a, b) => a - b)) {
      const from = Math.max(start, index * CLUSTER_SIZE);
      const to = Math.min(end, (index + 1) * CLUSTER_SIZE);
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last.offset + last.length === BigInt(from)) last.length += BigInt(to - from);
      else ranges.push({ offset: BigInt(from), length: BigInt(to - from) });
    }
    return ranges;
  }

  /**
   * Makes `length` bytes at `targetOffset` read as the source's bytes at `sourceOffset` (clipped by the caller
   * to the source's end of file). Where both ranges cover a whole cluster at the same position within it, the
   * cluster is shared instead of copied; the rest is copied. The source may be this very stream.
   */
  copyFrom(source: FileContent, sourceOffset: number, targetOffset: number, length: number): void {
    if (length <= 0) return;
    // Everything is read (and shared clusters pinned) before anything is written: with overlapping ranges of
    // one stream the source must be seen as it was before the copy.
    type Piece = { at: number; whole: true; cluster: Cluster | undefined } | { at: number; whole: false; bytes: Buffer };
    const pieces: Piece[] = [];
    for (let done = 0; done < length; ) {
      const from = sourceOffset + done;
      const to = targetOffset + done;
      const piece = Math.min(CLUSTER_SIZE - (to % CLUSTER_SIZE), length - done);
      if (piece === CLUSTER_SIZE && from % CLUSTER_SIZE === 0) {
        const cluster = source.#clusters.get(from / CLUSTER_SIZE);
        if (cluster !== undefined) cluster.refs++;
        pieces.push({ at: to, whole: true, cluster });
      } else {
        const bytes = Buffer.alloc(piece);
        source.read(bytes, from);
        pieces.push({ at: to, whole: false, bytes });
      }
      done += piece;
    }
    let applied = 0;
    try {
      for (const piece of pieces) {
        if (piece.whole) this.#place(piece.at / CLUSTER_SIZE, piece.cluster);
        else this.write(piece.bytes, piece.at);
        applied++;
      }
    } finally {
      // A write that ran out of space stops the copy; pins of pieces not placed are let go.
      for (const piece of pieces.slice(applied)) {
        if (piece.whole && piece.cluster !== undefined && --piece.cluster.refs === 0) this.#space.free(CLUSTER_SIZE);
      }
    }
    this.#size = Math.max(this.#size, targetOffset + length);
  }

  /** Puts a pinned shared cluster (or a hole) at `index`; the pin becomes this stream's reference. */
  #place(index: number, cluster: Cluster | undefined): void {
    if (cluster !== undefined && this.#clusters.get(index) === cluster) {
      cluster.refs--;
      return;
    }
    this.#drop(index);
    if (cluster !== undefined) this.#clusters.set(index, cluster);
  }

  /** Gives the clusters back to the volume (the stream is gone and no handle uses it). */
  release(): void {
    for (const index of [...this.#clusters.keys()]) this.#drop(index);
    this.#size = 0;
  }

  #reserveForWrite(start: number, end: number): void {
    let needed = 0;
    for (let index = Math.floor(start / CLUSTER_SIZE); index * CLUSTER_SIZE < end; index++) {
      const cluster = this.#clusters.get(index);
      if (cluster === undefined || cluster.refs > 1) needed += CLUSTER_SIZE;
    }
    if (needed > 0) this.#space.reserve(needed);
  }

  /** The cluster at `index`, unshared, created zeroed if missing; the space was reserved by the caller. */
  #ownedCluster(index: number): Buffer {
    const cluster = this.#clusters.get(index);
    if (cluster !== undefined && cluster.refs === 1) return cluster.data;
    const data = Buffer.alloc(CLUSTER_SIZE);
    if (cluster !== undefined) {
      cluster.data.copy(data);
      cluster.refs--;
    }
    this.#clusters.set(index, { data, refs: 1 });
    return data;
  }

  /** Zeros the bytes of held clusters in [start, end), copying shared ones first; holes stay holes. */
  #zeroWithin(start: number, end: number): void {
    for (let at = start; at < end; ) {
      const index = Math.floor(at / CLUSTER_SIZE);
      const within = at - index * CLUSTER_SIZE;
      const length = Math.min(CLUSTER_SIZE - within, end - at);
      const cluster = this.#clusters.get(index);
      if (cluster !== undefined) {
        if (cluster.refs > 1) this.#space.reserve(CLUSTER_SIZE);
        this.#ownedCluster(index).fill(0, within, within + length);
      }
      at += length;
    }
  }

  #drop(index: number): void {
    const cluster = this.#clusters.get(index);
    if (cluster === undefined) return;
    this.#clusters.delete(index);
    if (--cluster.refs === 0) this.#space.free(CLUSTER_SIZE);
  }
}

export function noSpace(): DriverError {
  return new DriverError('no-space', 'the volume is full');
}
