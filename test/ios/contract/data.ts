// Data management hooks: sparse files (FSCTL_SET_SPARSE, FSCTL_SET_ZERO_DATA, FSCTL_QUERY_ALLOCATED_RANGES,
// MS-FSCC 2.3.51 / 2.3.85) for drivers that declare sparseFiles, server-side copy (copyRange) and block
// cloning (cloneRange) for drivers whose handles have those hooks.

import * as assert from 'uvu/assert';
import { FileAttributes } from '../../../src/protocol/constants.ts';
import type { ByteRange, DriverHandle, ShareDriver } from '../../../src/ios/types.ts';
import { contractContext as ctx, createDirectory, expectError, options, pattern, readAll } from './helpers.ts';
import type { Group } from './helpers.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

async function fileWith(driver: ShareDriver, path: string[], data: Buffer): Promise<DriverHandle> {
  const { handle } = await driver.open(ctx, path, options('create'));
  await handle.write(ctx, data, 0n);
  return handle;
}

function range(offset: number, length: number): ByteRange {
  return { offset: BigInt(offset), length: BigInt(length) };
}

/** Ranges are in order, do not overlap, and lie within `query` below `size`. */
function checkRanges(ranges: ByteRange[], query: ByteRange, size: bigint): void {
  let previousEnd = -1n;
  for (const r of ranges) {
    assert.ok(r.length > 0n, 'ranges are not empty');
    assert.ok(r.offset > previousEnd, 'ranges are in order and apart');
    assert.ok(r.offset >= query.offset && r.offset + r.length <= query.offset + query.length, 'ranges lie within the query');
    assert.ok(r.offset + r.length <= size, 'ranges end before end of file');
    previousEnd = r.offset + r.length;
  }
}

function covers(ranges: ByteRange[], offset: number, length: number): boolean {
  return ranges.some((r) => r.offset <= BigInt(offset) && r.offset + r.length >= BigInt(offset + length));
}

export function dataContract(group: Group): void {
  const sparse = group('sparse files');

  sparse(
    'setSparse sets and clears SPARSE_FILE, which basic information changes leave alone',
    async ({ driver }) => {
      const handle = await fileWith(driver, ['f'], Buffer.from('x'));
      await handle.setSparse!(ctx, true);
      assert.ok(((await handle.stat(ctx)).attributes & FileAttributes.SPARSE_FILE) !== 0);
      await handle.setBasicInfo(ctx, { attributes: FileAttributes.HIDDEN });
      assert.ok(((await driver.lookup(ctx, ['f']))!.attributes & FileAttributes.SPARSE_FILE) !== 0, 'kept across FileBasicInformation');
      await handle.setSparse!(ctx, false);
      assert.is((await handle.stat(ctx)).attributes & FileAttributes.SPARSE_FILE, 0);
      await handle.close(ctx);
      await createDirectory(driver, ['d']);
      const dir = await driver.open(ctx, ['d'], options('open', { write: false }));
      await expectError(dir.handle.setSparse!(ctx, true), 'is-a-directory');
      await dir.handle.close(ctx);
    },
    ['sparseFiles'],
  );

  sparse(
    'zeroRange zeros inside the file, never past its end, whether or not the range reaches it',
    async ({ driver }) => {
      const data = pattern(3 * MiB, 5);
      for (const sparseFile of [false, true]) {
        const name = sparseFile ? 'sparse' : 'dense';
        const handle = await fileWith(driver, [name], data);
        if (sparseFile) await handle.setSparse!(ctx, true);
        await handle.zeroRange!(ctx, range(100, 1500 * KiB));
        await handle.zeroRange!(ctx, range(2 * MiB + 5, 5 * MiB));
        await handle.zeroRange!(ctx, range(8 * MiB, 10));
        const after = await readAll(handle);
        assert.is(after.length, data.length, `${name}: the size stays`);
        const expected = Buffer.from(data);
        expected.fill(0, 100, 100 + 1500 * KiB);
        expected.fill(0, 2 * MiB + 5);
        assert.ok(after.equals(expected), `${name}: zeros exactly in the ranges`);
        await expectError(handle.zeroRange!(ctx, range(-1, 10)), 'invalid-parameter');
        await handle.close(ctx);
      }
      await fileWith(driver, ['ro'], Buffer.from('abc')).then((h) => h.close(ctx));
      const reading = await driver.open(ctx, ['ro'], options('open', { write: false }));
      await expectError(reading.handle.zeroRange!(ctx, range(0, 1)), 'access-denied');
      await reading.handle.close(ctx);
    },
    ['sparseFiles'],
  );

  sparse(
    'allocatedRanges: the whole range for a file that is not sparse, at least the written data for a sparse one',
    async ({ driver }) => {
      const dense = await fileWith(driver, ['dense'], pattern(10_000, 1));
      assert.equal(await dense.allocatedRanges!(ctx, range(0, 1 << 30)), [range(0, 10_000)], 'clipped to end of file');
      assert.equal(await dense.allocatedRanges!(ctx, range(100, 50)), [range(100, 50)]);
      assert.equal(await dense.allocatedRanges!(ctx, range(20_000, 50)), [], 'nothing past end of file');
      await expectError(dense.allocatedRanges!(ctx, range(0, -1)), 'invalid-parameter');
      await dense.close(ctx);

      const { handle } = await driver.open(ctx, ['sparse'], options('create'));
      await handle.setSparse!(ctx, true);
      await handle.setEndOfFile(ctx, BigInt(4 * MiB));
      const query = range(0, 4 * MiB);
      assert.equal(await handle.allocatedRanges!(ctx, query), [], 'a sparse file never written has nothing allocated');
      await handle.write(ctx, pattern(8 * KiB, 2), BigInt(MiB));
      await handle.flush(ctx);
      const ranges = await handle.allocatedRanges!(ctx, query);
      checkRanges(ranges, query, BigInt(4 * MiB));
      assert.ok(covers(ranges, MiB, 8 * KiB), 'the written data is allocated');
      const part = range(MiB + 4 * KiB, 100);
      const within = await handle.allocatedRanges!(ctx, part);
      checkRanges(within, part, BigInt(4 * MiB));
      assert.ok(covers(within, MiB + 4 * KiB, 100));
      await handle.close(ctx);
    },
    ['sparseFiles'],
  );

  const copy = group('copy and clone');

  copy(
    'copyRange copies between files and within one, up to the source end of file',
    async ({ driver }) => {
      const data = pattern(3 * MiB + 123, 9);
      const source = await fileWith(driver, ['source'], data);
      assert.ok(source.copyRange !== undefined, 'the hook is there');
      const target = await fileWith(driver, ['target'], Buffer.from('head'));
      assert.is(await target.copyRange!(ctx, source, 0n, 4n, BigInt(data.length)), BigInt(data.length));
      assert.ok((await readAll(target)).equals(Buffer.concat([Buffer.from('head'), data])));
      assert.is(await target.copyRange!(ctx, source, BigInt(data.length - 10), 0n, 100n), 10n, 'stops at the source end');
      assert.is(await target.copyRange!(ctx, source, BigInt(data.length), 0n, 100n), 0n);
      // Overlapping copies within one file behave like memmove, in both directions.
      const expected = Buffer.from(data);
      expected.copy(expected, 1000, 0, 2 * MiB);
      assert.is(await source.copyRange!(ctx, source, 0n, 1000n, BigInt(2 * MiB)), BigInt(2 * MiB));
      assert.ok((await readAll(source)).equals(expected), 'forward overlap');
      expected.copy(expected, 7, 5000, 5000 + MiB);
      await source.copyRange!(ctx, source, 5000n, 7n, BigInt(MiB));
      assert.ok((await readAll(source)).equals(expected), 'backward overlap');
      await expectError(target.copyRange!(ctx, source, -1n, 0n, 1n), 'invalid-parameter');
      await source.close(ctx);
      await target.close(ctx);
      const reading = await driver.open(ctx, ['target'], options('open', { write: false }));
      const from = await driver.open(ctx, ['source'], options('open', { write: false }));
      await expectError(reading.handle.copyRange!(ctx, from.handle, 0n, 0n, 1n), 'access-denied');
      await reading.handle.close(ctx);
      await from.handle.close(ctx);
    },
    ['copyRange'],
  );

  copy(
    'cloneRange makes the target read as the source range; later writes to either side stay apart',
    async ({ driver }) => {
      const data = pattern(64 * KiB, 4);
      const source = await fileWith(driver, ['source'], data);
      assert.ok(source.cloneRange !== undefined, 'the hook is there');
      const target = await fileWith(driver, ['target'], pattern(96 * KiB, 8));
      const before = await readAll(target);
      await target.cloneRange!(ctx, source, 16n * 1024n, 32n * 1024n, 32n * 1024n);
      const expected = Buffer.from(before);
      data.copy(expected, 32 * KiB, 16 * KiB, 48 * KiB);
      assert.ok((await readAll(target)).equals(expected));
      await source.write(ctx, Buffer.alloc(64 * KiB, 0xaa), 0n);
      assert.ok((await readAll(target)).equals(expected), 'writing the source leaves the clone');
      await target.write(ctx, Buffer.alloc(8 * KiB, 0xbb), 40n * 1024n);
      assert.ok((await readAll(source)).equals(Buffer.alloc(64 * KiB, 0xaa)), 'writing the clone leaves the source');
      await expectError(target.cloneRange!(ctx, source, 60n * 1024n, 0n, 8n * 1024n), 'invalid-parameter');
      await source.close(ctx);
      await target.close(ctx);
    },
    ['cloneRange'],
  );

  copy(
    "a source that is not one of the driver's own handles (a proxy, an object built on one) is refused with not-supported",
    async ({ driver }) => {
      const source = await fileWith(driver, ['source'], Buffer.from('data'));
      const target = await fileWith(driver, ['target'], Buffer.from('keep'));
      // What wrappers that forward calls look like to the driver (test/helpers/counting-driver.ts is such a proxy).
      const proxy = new Proxy(source, {
        get(handle, key) {
          const value: unknown = Reflect.get(handle, key);
          return typeof value === 'function' ? value.bind(handle) : value;
        },
      });
      const derived = Object.create(source) as DriverHandle;
      for (const foreign of [proxy, derived]) {
        await expectError(target.copyRange!(ctx, foreign, 0n, 0n, 4n), 'not-supported');
        if (target.cloneRange) await expectError(target.cloneRange(ctx, foreign, 0n, 0n, 4n), 'not-supported');
      }
      assert.is((await readAll(target)).toString(), 'keep');
      await source.close(ctx);
      await target.close(ctx);
    },
    ['copyRange'],
  );
}
