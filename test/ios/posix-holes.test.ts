// Real holes in the POSIX driver: the native addon (native/sparse-files) and what the driver does with it —
// FSCTL_SET_ZERO_DATA punches sparse files, FSCTL_QUERY_ALLOCATED_RANGES finds their holes, clearing
// SPARSE_FILE allocates them, and server-side copy keeps a source's holes in a sparse target. The addon must
// be there on Linux x64 (CI); elsewhere the tests that need it are skipped.

import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { holeOperations } from '../../src/ios/posix/holes.ts';
import { PosixDriver } from '../../src/ios/posix/driver.ts';
import type { ByteRange, DriverHandle } from '../../src/ios/types.ts';
import { contractContext as ctx, options, pattern, readAll } from './driver-contract.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const holes = holeOperations();
const needsAddon = holes === undefined ? test.skip : test;

function range(offset: number, length: number): ByteRange {
  return { offset: BigInt(offset), length: BigInt(length) };
}

async function withDirectory(body: (directory: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'smb3-holes-'));
  try {
    await body(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function withDriver(body: (driver: PosixDriver) => Promise<void>): Promise<void> {
  await withDirectory(async (root) => {
    const driver = await PosixDriver.open({ root });
    try {
      await body(driver);
    } finally {
      await driver.dispose();
    }
  });
}

/** A file of `size` bytes, sparse or not, holding `data` at each of `writes` offsets and holes elsewhere. */
async function fileWith(driver: PosixDriver, name: string, sparse: boolean, size: number, writes: [number, Buffer][]): Promise<DriverHandle> {
  const { handle } = await driver.open(ctx, [name], options('create'));
  if (sparse) await handle.setSparse!(ctx, true);
  await handle.setEndOfFile(ctx, BigInt(size));
  for (const [offset, data] of writes) await handle.write(ctx, data, BigInt(offset));
  return handle;
}

const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';
(onLinuxX64 ? test : test.skip)('npm ci builds the hole addon on Linux x64', () => {
  assert.ok(holes !== undefined, 'smb3-sparse-files did not build: see the npm ci output for node-gyp errors');
});

needsAddon('dataExtents lists the data of a range, clipped to it; past maxExtents the rest counts as data', async () => {
  await withDirectory(async (directory) => {
    const file = await open(join(directory, 'f'), 'w+');
    try {
      await file.truncate(4 * MiB);
      await file.write(pattern(64 * KiB, 1), 0, 64 * KiB, MiB);
      await file.write(pattern(64 * KiB, 2), 0, 64 * KiB, 3 * MiB);
      assert.equal(await holes!.dataExtents(file.fd, 0n, BigInt(4 * MiB), 100), [range(MiB, 64 * KiB), range(3 * MiB, 64 * KiB)]);
      assert.equal(await holes!.dataExtents(file.fd, BigInt(MiB + 100), 200n, 100), [range(MiB + 100, 200)], 'inside one extent');
      assert.equal(await holes!.dataExtents(file.fd, 0n, BigInt(MiB), 100), [], 'a hole');
      assert.equal(await holes!.dataExtents(file.fd, BigInt(8 * MiB), 100n, 100), [], 'past end of file');
      assert.equal(await holes!.dataExtents(file.fd, 0n, BigInt(4 * MiB), 1), [range(MiB, 3 * MiB)], 'coarser, never less');
    } finally {
      await file.close();
    }
  });
});

needsAddon('punchHole zeros a range and frees its blocks; allocate fills holes and keeps data and size', async () => {
  await withDirectory(async (directory) => {
    const file = await open(join(directory, 'f'), 'w+');
    try {
      const data = pattern(MiB, 3);
      await file.write(data, 0, MiB, 0);
      await file.sync();
      const before = (await file.stat({ bigint: true })).blocks;
      await holes!.punchHole(file.fd, BigInt(256 * KiB), BigInt(512 * KiB));
      const punched = await file.stat({ bigint: true });
      assert.is(punched.size, BigInt(MiB), 'the size stays');
      assert.ok(punched.blocks < before, 'blocks were freed');
      const expected = Buffer.from(data).fill(0, 256 * KiB, 768 * KiB);
      const read = Buffer.alloc(MiB);
      await file.read(read, 0, MiB, 0);
      assert.ok(read.equals(expected));
      assert.equal(await holes!.dataExtents(file.fd, 0n, BigInt(MiB), 100), [range(0, 256 * KiB), range(768 * KiB, 256 * KiB)]);

      await holes!.allocate(file.fd, 0n, BigInt(MiB));
      const allocated = await file.stat({ bigint: true });
      assert.is(allocated.size, BigInt(MiB));
      assert.ok(allocated.blocks * 512n >= BigInt(MiB), 'the hole holds blocks again');
      await file.read(read, 0, MiB, 0);
      assert.ok(read.equals(expected), 'allocation leaves the bytes as they were');
    } finally {
      await file.close();
    }
  });
});

needsAddon('failures reject with the errno name and the call; bad arguments throw at once', async () => {
  await withDirectory(async (directory) => {
    const file = await open(join(directory, 'f'), 'w+');
    const descriptor = file.fd;
    await file.close();
    try {
      await holes!.punchHole(descriptor, 0n, 1n);
      assert.unreachable('a closed descriptor');
    } catch (error) {
      assert.is((error as NodeJS.ErrnoException).code, 'EBADF');
      assert.is((error as NodeJS.ErrnoException).syscall, 'fallocate');
    }
    assert.throws(() => holes!.dataExtents(0, -1n, 1n, 1), RangeError);
    assert.throws(() => holes!.allocate(0, 1n << 62n, 1n << 62n), RangeError);
    assert.throws(() => holes!.punchHole(0, 0 as unknown as bigint, 1n), TypeError);
    assert.throws(() => holes!.dataExtents(0, 0n, 1n, 0), TypeError);
  });
});

needsAddon('allocatedRanges of a sparse file reports its data exactly and its holes not at all', async () => {
  await withDriver(async (driver) => {
    const handle = await fileWith(driver, 'f', true, 0, [[64 * KiB, pattern(KiB, 4)]]);
    const allocated = (offset: number, length: number) => handle.allocatedRanges!(ctx, range(offset, length));
    assert.equal(await allocated(0, 64 * KiB + KiB), [range(64 * KiB, KiB)]);
    assert.equal(await allocated(0, 64 * KiB), [], 'the unwritten start');
    assert.equal(await allocated(64 * KiB + 1, MiB), [range(64 * KiB + 1, KiB - 1)], 'clipped to the query and end of file');
    await handle.close(ctx);
  });
});

needsAddon('zeroRange punches a sparse file: the range reads as zeros, frees its blocks and is reported as a hole', async () => {
  await withDriver(async (driver) => {
    const data = pattern(MiB, 5);
    const handle = await fileWith(driver, 'f', true, MiB, [[0, data]]);
    await handle.flush(ctx);
    const before = (await handle.stat(ctx)).allocationSize;
    await handle.zeroRange!(ctx, range(256 * KiB, 512 * KiB));
    assert.ok((await readAll(handle)).equals(Buffer.from(data).fill(0, 256 * KiB, 768 * KiB)));
    assert.ok((await handle.stat(ctx)).allocationSize < before, 'blocks were freed');
    assert.equal(await handle.allocatedRanges!(ctx, range(0, MiB)), [range(0, 256 * KiB), range(768 * KiB, 256 * KiB)]);
    await handle.close(ctx);
  });
});

needsAddon('zeroRange keeps a file that is not sparse allocated, as Windows does when it writes the zeros', async () => {
  await withDriver(async (driver) => {
    const data = pattern(MiB, 6);
    const handle = await fileWith(driver, 'f', false, MiB, [[0, data]]);
    await handle.zeroRange!(ctx, range(100, MiB));
    assert.ok((await readAll(handle)).equals(Buffer.from(data).fill(0, 100)));
    assert.ok((await handle.stat(ctx)).allocationSize >= BigInt(MiB), 'the zeroed range holds blocks');
    assert.equal(await handle.allocatedRanges!(ctx, range(0, 2 * MiB)), [range(0, MiB)]);
    await handle.close(ctx);
  });
});

needsAddon('clearing SPARSE_FILE allocates the holes; the data stays', async () => {
  await withDriver(async (driver) => {
    const data = pattern(4 * KiB, 7);
    const handle = await fileWith(driver, 'f', true, 2 * MiB, [[MiB, data]]);
    assert.ok((await handle.stat(ctx)).allocationSize < BigInt(MiB), 'mostly holes while sparse');
    await handle.setSparse!(ctx, false);
    const stat = await handle.stat(ctx);
    assert.ok(stat.allocationSize >= BigInt(2 * MiB), 'allocated throughout');
    const expected = Buffer.alloc(2 * MiB);
    data.copy(expected, MiB);
    assert.ok((await readAll(handle)).equals(expected));
    await handle.close(ctx);
  });
});

needsAddon("copyRange into a sparse target punches the source's holes; into one that is not, it writes zeros", async () => {
  await withDriver(async (driver) => {
    const data = pattern(KiB, 8);
    // A hole, a KiB of data, and a hole up to 1 MiB.
    const source = await fileWith(driver, 'source', true, MiB, [[64 * KiB, data]]);
    const expected = Buffer.alloc(MiB);
    data.copy(expected, 64 * KiB);

    const sparse = await fileWith(driver, 'sparse', true, 0, [[0, pattern(128 * KiB, 9)]]);
    assert.is(await sparse.copyRange!(ctx, source, 0n, 0n, BigInt(MiB)), BigInt(MiB));
    assert.ok((await readAll(sparse)).equals(expected), 'the target reads as the source, and grew to its size');
    assert.equal(await sparse.allocatedRanges!(ctx, range(0, 64 * KiB)), [], 'the hole was punched over what the target held');
    const allocated = await sparse.allocatedRanges!(ctx, range(0, MiB));
    const total = allocated.reduce((sum, r) => sum + r.length, 0n);
    assert.ok(total < BigInt(128 * KiB), `the trailing hole stayed a hole (${total} bytes allocated)`);

    const dense = await fileWith(driver, 'dense', false, 0, []);
    assert.is(await dense.copyRange!(ctx, source, 0n, 0n, BigInt(MiB)), BigInt(MiB));
    assert.ok((await readAll(dense)).equals(expected));
    assert.ok((await dense.stat(ctx)).allocationSize >= BigInt(MiB), 'zeros were written');
    for (const handle of [source, sparse, dense]) await handle.close(ctx);
  });
});

needsAddon('copyRange within one sparse file still behaves like memmove when the ranges overlap', async () => {
  await withDriver(async (driver) => {
    const data = pattern(256 * KiB, 10);
    const handle = await fileWith(driver, 'f', true, MiB, [[128 * KiB, data]]);
    const expected = await readAll(handle);
    expected.copy(expected, 0, 64 * KiB, 64 * KiB + 512 * KiB);
    assert.is(await handle.copyRange!(ctx, handle, BigInt(64 * KiB), 0n, BigInt(512 * KiB)), BigInt(512 * KiB));
    assert.ok((await readAll(handle)).equals(expected), 'target before the source');
    expected.copy(expected, 300 * KiB, 0, 512 * KiB);
    assert.is(await handle.copyRange!(ctx, handle, 0n, BigInt(300 * KiB), BigInt(512 * KiB)), BigInt(512 * KiB));
    assert.ok((await readAll(handle)).equals(expected), 'target after the source');
    await handle.close(ctx);
  });
});

test.run();
