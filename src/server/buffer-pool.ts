// Reusable buffers for bulk data: READ data and reassembled WRITE frames of up to 8 MiB. A fresh buffer
// that size per request costs page faults to map it and makes the garbage collector run every few
// requests (large buffers count as external memory). Buffers go back to the pool once the response has
// been written, or the request has been handled, so a steady stream of large requests reuses a few.

export interface BufferPoolOptions {
  /** Smallest size class; smaller requests get an ordinary buffer, which is never pooled. */
  minSize: number;
  /** Largest size class; larger requests get a fresh buffer, which is never pooled. */
  maxSize: number;
  /** Upper bound on the bytes of idle buffers the pool keeps; buffers released beyond it are left to the GC. */
  maxIdleBytes: number;
}

/**
 * Size classes minSize, 2·minSize, 4·minSize… with the last one maxSize. A buffer is its class's size
 * underneath, but only the bytes asked for are used, so the pages past them are never touched. Only
 * buffers handed out by acquire() and not yet released are accepted back: releasing twice, or releasing
 * a foreign buffer, does nothing.
 */
export class BufferPool {
  private readonly minSize: number;
  private readonly maxSize: number;
  private readonly maxIdleBytes: number;
  private readonly idle = new Map<number, ArrayBuffer[]>();
  /** Weak, so a buffer whose release never comes (its connection dropped) is simply collected. */
  private readonly lent = new WeakSet<ArrayBuffer>();
  private idleBytesNow = 0;

  constructor(options: BufferPoolOptions) {
    const { minSize, maxSize, maxIdleBytes } = options;
    if (!Number.isSafeInteger(minSize) || minSize < 1 || !Number.isSafeInteger(maxSize) || minSize > maxSize) {
      throw new RangeError(`size classes need 1 <= minSize <= maxSize, got ${minSize} and ${maxSize}`);
    }
    this.minSize = minSize;
    this.maxSize = maxSize;
    this.maxIdleBytes = maxIdleBytes;
  }

  /** Bytes held by idle buffers. */
  get idleBytes(): number {
    return this.idleBytesNow;
  }

  /** A buffer of exactly `size` bytes with unspecified contents; give it back with release() when done. */
  acquire(size: number): Buffer {
    if (size < this.minSize) return Buffer.allocUnsafe(size);
    if (size > this.maxSize) return Buffer.allocUnsafeSlow(size);
    const sizeClass = this.sizeClassOf(size);
    let memory = this.idle.get(sizeClass)?.pop();
    if (memory) this.idleBytesNow -= sizeClass;
    else memory = Buffer.allocUnsafeSlow(sizeClass).buffer as ArrayBuffer;
    this.lent.add(memory);
    return Buffer.from(memory, 0, size);
  }

  /** Returns a buffer from acquire() (or any view of it); nobody may read or write it any more. */
  release(buffer: Buffer): void {
    const memory = buffer.buffer as ArrayBuffer;
    if (!this.lent.delete(memory)) return;
    if (this.idleBytesNow + memory.byteLength > this.maxIdleBytes) return;
    let list = this.idle.get(memory.byteLength);
    if (!list) this.idle.set(memory.byteLength, (list = []));
    list.push(memory);
    this.idleBytesNow += memory.byteLength;
  }

  private sizeClassOf(size: number): number {
    let sizeClass = this.minSize;
    while (sizeClass < size) sizeClass *= 2;
    return Math.min(sizeClass, this.maxSize);
  }
}

/** READ data buffers of every connection of the process: 4 KiB to 8 MiB classes, at most 64 MiB idle. */
export const readBuffers = new BufferPool({ minSize: 4096, maxSize: 8 * 1024 * 1024, maxIdleBytes: 64 * 1024 * 1024 });
