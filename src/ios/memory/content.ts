// The data of one in-memory file: a buffer grown by doubling, with a logical end of file that may lie past
// it (setEndOfFile does not allocate; the tail reads as zeros). Every byte held is charged to the volume,
// so a client cannot make the process allocate more than the volume's capacity.

import { DriverError } from '../types.ts';

/** Where a file's buffer space is charged. */
export interface SpaceAccount {
  /** Takes `bytes` from the free space or throws DriverError('no-space'). */
  reserve(bytes: number): void;
  free(bytes: number): void;
}

const MIN_CAPACITY = 4096;
const EMPTY = Buffer.alloc(0);

export class FileContent {
  readonly #space: SpaceAccount;
  #data: Buffer = EMPTY;
  #size = 0;

  constructor(space: SpaceAccount) {
    this.#space = space;
  }

  /** End of file in bytes. */
  get size(): number {
    return this.#size;
  }

  /** Bytes of buffer held. */
  get allocated(): number {
    return this.#data.length;
  }

  read(into: Buffer, offset: number): number {
    if (offset >= this.#size) return 0;
    const count = Math.min(into.length, this.#size - offset);
    const stored = Math.max(0, Math.min(count, this.#data.length - offset));
    if (stored > 0) this.#data.copy(into, 0, offset, offset + stored);
    if (stored < count) into.fill(0, stored, count);
    return count;
  }

  write(data: Buffer, offset: number): void {
    if (data.length === 0) return;
    const end = offset + data.length;
    this.#ensureCapacity(end);
    data.copy(this.#data, offset);
    if (end > this.#size) this.#size = end;
  }

  setSize(size: number): void {
    if (size < this.#size) {
      if (size <= this.#data.length / 4) this.#reallocate(size === 0 ? 0 : capacityFor(size, 0));
      // Bytes past the new end must read as zeros if the file grows again.
      this.#data.fill(0, Math.min(size, this.#data.length), Math.min(this.#size, this.#data.length));
    }
    this.#size = size;
  }

  /** Gives the buffer back to the volume (the file is gone and no handle uses it). */
  release(): void {
    this.#reallocate(0);
    this.#size = 0;
  }

  #ensureCapacity(needed: number): void {
    if (needed <= this.#data.length) return;
    const doubled = capacityFor(needed, this.#data.length);
    try {
      this.#space.reserve(doubled - this.#data.length);
    } catch {
      // Doubling overshoots the free space; the exact size may still fit.
      this.#space.reserve(needed - this.#data.length);
      this.#replace(needed);
      return;
    }
    this.#replace(doubled);
  }

  /** Changes the buffer size, settling the difference with the volume. */
  #reallocate(capacity: number): void {
    if (capacity > this.#data.length) this.#space.reserve(capacity - this.#data.length);
    else this.#space.free(this.#data.length - capacity);
    this.#replace(capacity);
  }

  /** Swaps in a zero-filled buffer of `capacity` bytes keeping the bytes that fit (space already settled). */
  #replace(capacity: number): void {
    const next = capacity === 0 ? EMPTY : Buffer.alloc(capacity);
    this.#data.copy(next, 0, 0, Math.min(this.#data.length, capacity, this.#size));
    this.#data = next;
  }
}

/** The smallest doubling of `current` (at least MIN_CAPACITY) that holds `needed` bytes. */
function capacityFor(needed: number, current: number): number {
  let capacity = Math.max(MIN_CAPACITY, current * 2);
  while (capacity < needed) capacity *= 2;
  return capacity;
}

export function noSpace(): DriverError {
  return new DriverError('no-space', 'the volume is full');
}
