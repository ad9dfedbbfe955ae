// Reusable buffers for READ data. A READ of up to MaxReadSize (8 MiB) needs a buffer the driver fills and
// the socket then sends; allocating one per request makes the garbage collector run every few requests
// (each large buffer counts as external memory). Buffers go back to the pool once the response has been
// written, so a steady stream of large READs reuses the same few buffers.

export interface BufferPoolOptions {
  /** Smallest size class; requests below it are served from this class. */
  minSize: number;
  /** Largest size class; larger requests get a fresh buffer that is never pooled. */
  maxSize: number;
  /** Upper bound on the bytes of idle buffers the pool keeps; buffers released beyond it are left to the GC. */
  maxIdleBytes: number;
}

/**
 * Size-classed pool (powers of two from minSize to maxSize). Only buffers handed out by acquire() and
 * not yet released are accepted back, so releasing twice, or releasing a foreign buffer, does nothing.
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
    if (!isPowerOfTwo(minSize) || !isPowerOfTwo(maxSize) || minSize > maxSize) {
      throw new RangeError(`size classes need powers of two with minSize <= maxSize, got ${minSize} and ${maxSize}`);
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
    if (size > this.maxSize) return Buffer.allocUnsafeSlow(size);
    const sizeClass = this.sizeClassOf(size);
    let memory = this.idle.get(sizeClass)?.pop();
    if (memory) this.idleBytesNow -= sizeClass;
    else memory = Buffer.allocUnsafeSlow(sizeClass).buffer as ArrayBuffer;
    this.lent.add(memory);
    return Buffer.from(memory, 0, size);
  }

  /** Returns a buffer from acquire() (or any view of it); it must no longer be read or written by anyone. */
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
    return sizeClass;
  }
}

const isPowerOfTwo = (n: number): boolean => n > 0 && Number.isInteger(Math.log2(n));

/** READ data buffers of every connection of the process: 4 KiB to 8 MiB classes, at most 64 MiB idle. */
export const readBuffers = new BufferPool({ minSize: 4096, maxSize: 8 * 1024 * 1024, maxIdleBytes: 64 * 1024 * 1024 });
