// The POSIX driver's sparse-file operations where holes cannot be reached: without the native addon, or on a
// file system that answers EOPNOTSUPP / EINVAL. Zeros are then written, sparse files with any blocks are
// reported allocated throughout, and clearing SPARSE_FILE leaves the holes. Other failures still surface.

import { mkdtemp, open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyData } from '../../src/ios/posix/data.ts';
import type { HoleOperations } from '../../src/ios/posix/holes.ts';
import { allocatedRanges, allocateHoles, zeroRange } from '../../src/ios/posix/sparse.ts';
import type { ByteRange } from '../../src/ios/types.ts';
import { pattern } from './driver-contract.ts';

const KiB = 1024;

function range(offset: number, length: number): ByteRange {
  return { offset: BigInt(offset), length: BigInt(length) };
}

function systemError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${code}, ${syscall}`), { code, syscall });
}

/** Hole operations that all fail with `code`, as a file system without them (or a broken disk) answers. */
function failing(code: string): HoleOperations {
  return {
    punchHole: async () => Promise.reject(systemError(code, 'fallocate')),
    allocate: async () => Promise.reject(systemError(code, 'fallocate')),
    dataExtents: async () => Promise.reject(systemError(code, 'lseek')),
  };
}

async function withFile(contents: Buffer, body: (file: FileHandle) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'smb3-sparse-'));
  const file = await open(join(directory, 'f'), 'w+');
  try {
    await file.write(contents, 0, contents.length, 0);
    await body(file);
  } finally {
    await file.close();
    await rm(directory, { recursive: true, force: true });
  }
}

async function contents(file: FileHandle): Promise<Buffer> {
  const { size } = await file.stat();
  const into = Buffer.alloc(size);
  await file.read(into, 0, size, 0);
  return into;
}

for (const [label, holes] of [['without the addon', undefined], ['on a file system without holes', failing('EOPNOTSUPP')]] as const) {
  test(`zeroRange ${label} writes zeros within end of file, sparse or not`, async () => {
    const data = pattern(64 * KiB, 1);
    for (const sparse of [false, true]) {
      await withFile(data, async (file) => {
        await zeroRange(file, range(100, 1000), sparse, holes);
        await zeroRange(file, range(60 * KiB, 10 * KiB), sparse, holes);
        await zeroRange(file, range(100 * KiB, 10), sparse, holes);
        const expected = Buffer.from(data).fill(0, 100, 1100).fill(0, 60 * KiB);
        assert.ok((await contents(file)).equals(expected), `sparse: ${sparse}`);
      });
    }
  });
}

test('zeroRange reports failures other than a missing feature', async () => {
  await withFile(pattern(KiB, 2), async (file) => {
    try {
      await zeroRange(file, range(0, 10), true, failing('EIO'));
      assert.unreachable('EIO is not a missing feature');
    } catch (error) {
      assert.is((error as NodeJS.ErrnoException).code, 'EIO');
    }
  });
});

test('allocatedRanges where holes cannot be found: the whole range, unless a sparse file holds no blocks', async () => {
  for (const holes of [undefined, failing('EINVAL')]) {
    await withFile(pattern(8 * KiB, 3), async (file) => {
      assert.equal(await allocatedRanges(file, range(0, 100 * KiB), true, holes), [range(0, 8 * KiB)]);
      assert.equal(await allocatedRanges(file, range(KiB, KiB), false, holes), [range(KiB, KiB)]);
      await file.truncate(0);
      await file.truncate(64 * KiB);
      assert.equal(await allocatedRanges(file, range(0, 100 * KiB), true, holes), [], 'a sparse file without blocks');
      assert.equal(await allocatedRanges(file, range(0, 100 * KiB), false, holes), [range(0, 64 * KiB)], 'one that is not sparse');
    });
  }
});

test('allocateHoles leaves holes it cannot fill, and reports running out of space', async () => {
  await withFile(pattern(KiB, 4), async (file) => {
    await allocateHoles(file, undefined);
    await allocateHoles(file, failing('EOPNOTSUPP'));
    try {
      await allocateHoles(file, failing('ENOSPC'));
      assert.unreachable('ENOSPC must keep the file sparse');
    } catch (error) {
      assert.is((error as NodeJS.ErrnoException).code, 'ENOSPC');
    }
  });
});

test('copyData into a sparse target copies by writing where holes cannot be found', async () => {
  const data = pattern(300 * KiB, 5);
  await withFile(data, async (source) => {
    await withFile(Buffer.alloc(0), async (target) => {
      assert.is(await copyData(source, target, 0n, 10n, BigInt(data.length), failing('EINVAL')), BigInt(data.length));
      assert.ok((await contents(target)).equals(Buffer.concat([Buffer.alloc(10), data])));
    });
  });
});

test.run();
