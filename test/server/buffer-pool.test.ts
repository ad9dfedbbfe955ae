import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BufferPool } from '../../src/server/buffer-pool.ts';

const KiB = 1024;
const pool = () => new BufferPool({ minSize: 4 * KiB, maxSize: 64 * KiB, maxIdleBytes: 128 * KiB });

test('acquire gives exactly the size asked for, in memory of its size class', () => {
  const p = pool();
  for (const [size, sizeClass] of [[4 * KiB, 4 * KiB], [4 * KiB + 1, 8 * KiB], [64 * KiB, 64 * KiB]] as const) {
    const b = p.acquire(size);
    assert.is(b.length, size);
    assert.is(b.buffer.byteLength, sizeClass, `size ${size}`);
  }
});

test('released memory is handed out again, for any size of its class, and not before', () => {
  const p = pool();
  const a = p.acquire(40 * KiB);
  const b = p.acquire(40 * KiB);
  assert.is.not(a.buffer, b.buffer);
  p.release(a.subarray(0, 10));
  assert.is(p.idleBytes, 64 * KiB);
  const c = p.acquire(33 * KiB);
  assert.is(c.buffer, a.buffer);
  assert.is(c.length, 33 * KiB);
  assert.is(p.idleBytes, 0);
  assert.is.not(p.acquire(40 * KiB).buffer, a.buffer);
});

test('a second release of the same buffer, or a foreign buffer, is ignored', () => {
  const p = pool();
  const a = p.acquire(8 * KiB);
  p.release(a);
  p.release(a);
  assert.is(p.idleBytes, 8 * KiB);
  const first = p.acquire(8 * KiB);
  const second = p.acquire(8 * KiB);
  assert.is.not(first.buffer, second.buffer);
  // Buffer.allocUnsafe slices Node's shared 8 KiB pool: that memory must never enter ours.
  const q = pool();
  q.release(Buffer.allocUnsafe(100));
  q.release(Buffer.alloc(8 * KiB));
  assert.is(q.idleBytes, 0);
});

test('requests outside the classes get memory of their own that is never kept', () => {
  const p = pool();
  for (const size of [64 * KiB + 1, 4 * KiB - 1]) {
    const b = p.acquire(size);
    assert.is(b.length, size);
    p.release(b);
    assert.is(p.idleBytes, 0, `size ${size}`);
  }
});

test('the largest class need not be a power of two: it is maxSize itself', () => {
  const p = new BufferPool({ minSize: 4 * KiB, maxSize: 40 * KiB + 10, maxIdleBytes: 1024 * KiB });
  assert.is(p.acquire(16 * KiB + 1).buffer.byteLength, 32 * KiB);
  assert.is(p.acquire(32 * KiB + 1).buffer.byteLength, 40 * KiB + 10);
  assert.is(p.acquire(40 * KiB + 10).buffer.byteLength, 40 * KiB + 10);
});

test('idle memory stays within maxIdleBytes; the rest is left to the GC', () => {
  const p = pool();
  const lent = Array.from({ length: 5 }, () => p.acquire(64 * KiB));
  for (const b of lent) p.release(b);
  assert.is(p.idleBytes, 128 * KiB);
  const reused = new Set(Array.from({ length: 3 }, () => p.acquire(64 * KiB).buffer));
  assert.is(reused.size, 3);
  assert.is(lent.filter((b) => reused.has(b.buffer)).length, 2);
});

test('size classes must be positive and in order', () => {
  assert.throws(() => new BufferPool({ minSize: 0, maxSize: 8192, maxIdleBytes: 0 }), RangeError);
  assert.throws(() => new BufferPool({ minSize: 8192, maxSize: 4096, maxIdleBytes: 0 }), RangeError);
});

test.run();
