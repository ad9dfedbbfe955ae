import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryDriver } from '../../src/ios/memory/driver.ts';
import { FileAttributes } from '../../src/protocol/constants.ts';
import { contractContext as ctx, createFile, driverContract, expectError, options, readFile } from './driver-contract.ts';

driverContract('memory', { capabilities: new MemoryDriver().capabilities, hooks: ['copyRange', 'cloneRange', 'listNames'], reportsEaSize: true }, async () => {
  const driver = new MemoryDriver();
  return { driver, openReadOnly: async () => driver.readOnlyView(), cleanup: async () => {} };
});

test('timestamps come from the injected clock; creation time stays put', async () => {
  let now = 130_000_000_000_000_000n;
  const driver = new MemoryDriver({ now: () => now });
  const { handle } = await driver.open(ctx, ['f'], options('create'));
  const created = await handle.stat(ctx);
  assert.is(created.creationTime, now);
  assert.is(created.lastWriteTime, now);
  now += 10_000_000n;
  await handle.write(ctx, Buffer.from('x'), 0n);
  const written = await handle.stat(ctx);
  assert.is(written.creationTime, 130_000_000_000_000_000n);
  assert.is(written.lastWriteTime, now);
  assert.is(written.changeTime, now);
  assert.is((await driver.lookup(ctx, []))!.lastWriteTime, 130_000_000_000_000_000n, 'creating f touched the root then');
  await handle.close(ctx);
});

test('attributes persist as given, ARCHIVE when none are', async () => {
  const driver = new MemoryDriver();
  const hidden = await driver.open(ctx, ['h'], options('create', { attributes: FileAttributes.HIDDEN | FileAttributes.NORMAL }));
  assert.is((await hidden.handle.stat(ctx)).attributes, FileAttributes.HIDDEN);
  await hidden.handle.close(ctx);
  await createFile(driver, ['plain']);
  assert.is((await driver.lookup(ctx, ['plain']))!.attributes, FileAttributes.ARCHIVE);
  const dir = await driver.open(ctx, ['d'], options('create', { directory: true, attributes: FileAttributes.TEMPORARY | FileAttributes.SYSTEM }));
  assert.is((await dir.handle.stat(ctx)).attributes, FileAttributes.DIRECTORY | FileAttributes.SYSTEM);
  await dir.handle.close(ctx);
});

test('space is charged per 4 KiB cluster written, and the capacity bounds it', async () => {
  const driver = new MemoryDriver({ capacityBytes: 16_000 });
  const free = async () => (await driver.statfs(ctx)).freeBytes;
  const { handle } = await driver.open(ctx, ['f'], options('create'));
  await handle.write(ctx, Buffer.alloc(5000, 1), 0n);
  assert.is((await handle.stat(ctx)).allocationSize, 8192n);
  assert.is(await free(), 16_000n - 8192n);
  // Two more clusters would not fit: the write fails whole.
  await expectError(handle.write(ctx, Buffer.alloc(10_000, 2), 5000n), 'no-space');
  assert.is((await handle.stat(ctx)).size, 5000n);
  assert.is(await free(), 16_000n - 8192n);
  await handle.write(ctx, Buffer.alloc(3000, 3), 5000n);
  assert.is(await free(), 16_000n - 8192n, 'within a held cluster');
  // Far offsets cost one cluster, not the gap; growing the end of file costs nothing.
  await handle.write(ctx, Buffer.from('x'), 1n << 40n);
  assert.is((await handle.stat(ctx)).size, (1n << 40n) + 1n);
  assert.is(await free(), 16_000n - 3n * 4096n);
  await handle.setEndOfFile(ctx, 1n << 45n);
  assert.is(await free(), 16_000n - 3n * 4096n);
  await expectError(handle.write(ctx, Buffer.from('x'), 1n << 53n), 'no-space');
  await handle.setEndOfFile(ctx, 100n);
  assert.is(await free(), 16_000n - 4096n, 'shrinking frees the clusters past the end');
  await handle.close(ctx);
});

test('zeroRange frees whole clusters; allocatedRanges of a sparse file reports what is held', async () => {
  const driver = new MemoryDriver({ capacityBytes: 1 << 20 });
  const { handle } = await driver.open(ctx, ['f'], options('create'));
  await handle.setSparse!(ctx, true);
  await handle.write(ctx, Buffer.alloc(16_384, 7), 0n);
  await handle.zeroRange!(ctx, { offset: 4000n, length: 8500n });
  assert.is((await driver.statfs(ctx)).freeBytes, BigInt((1 << 20) - 2 * 4096), 'clusters 1 and 2 are gone');
  assert.equal(await handle.allocatedRanges!(ctx, { offset: 0n, length: 1n << 20n }), [
    { offset: 0n, length: 4096n },
    { offset: 12_288n, length: 4096n },
  ]);
  const data = Buffer.alloc(16_384);
  await handle.read(ctx, data, 0n);
  assert.ok(data.subarray(4000, 12_500).every((byte) => byte === 0));
  assert.ok(data.subarray(0, 4000).every((byte) => byte === 7) && data.subarray(12_500).every((byte) => byte === 7));
  await handle.close(ctx);
});

test('clones and copies share clusters until either side is written', async () => {
  const driver = new MemoryDriver({ capacityBytes: 1 << 20 });
  const free = async () => (await driver.statfs(ctx)).freeBytes;
  const source = await driver.open(ctx, ['source'], options('create'));
  await source.handle.write(ctx, Buffer.alloc(64 * 1024, 1), 0n);
  const held = await free();
  const clone = await driver.open(ctx, ['clone'], options('create'));
  await clone.handle.cloneRange!(ctx, source.handle, 0n, 0n, 64n * 1024n);
  const copy = await driver.open(ctx, ['copy'], options('create'));
  assert.is(await copy.handle.copyRange!(ctx, source.handle, 0n, 0n, 1n << 30n), 64n * 1024n);
  assert.is(await free(), held, 'three files, one set of clusters');
  await clone.handle.write(ctx, Buffer.from('x'), 5000n);
  assert.is(await free(), held - 4096n, 'the written cluster is copied');
  for (const { handle } of [source, clone, copy]) await handle.close(ctx);
  await driver.unlink(ctx, ['source']);
  await driver.unlink(ctx, ['copy']);
  assert.is(await free(), held, 'the clone still holds the clusters it shares, and its own');
  await driver.unlink(ctx, ['clone']);
  assert.is(await free(), BigInt(1 << 20));
});

test('streams are charged to the volume and freed with their file, after their last handle', async () => {
  const driver = new MemoryDriver({ capacityBytes: 1 << 20 });
  const free = async () => (await driver.statfs(ctx)).freeBytes;
  await createFile(driver, ['f'], 'data');
  const { handle } = await driver.open(ctx, ['f'], options('create', { stream: 's' }));
  await handle.write(ctx, Buffer.alloc(10_000), 0n);
  assert.is(await free(), BigInt((1 << 20) - 4 * 4096));
  await driver.unlink(ctx, ['f']);
  assert.is(await free(), BigInt((1 << 20) - 4 * 4096), 'the file and its stream stay while a handle is open');
  assert.is((await handle.stat(ctx)).size, 10_000n);
  await handle.close(ctx);
  assert.is(await free(), BigInt(1 << 20));
});

test('an unlinked file keeps its data for open handles and frees it at the last close', async () => {
  const driver = new MemoryDriver({ capacityBytes: 1 << 20 });
  await createFile(driver, ['f'], 'still here');
  const { handle } = await driver.open(ctx, ['f'], options('open', { write: false }));
  await driver.unlink(ctx, ['f']);
  assert.is(await driver.lookup(ctx, ['f']), undefined);
  const into = Buffer.alloc(10);
  assert.is(await handle.read(ctx, into, 0n), 10);
  assert.is(into.toString(), 'still here');
  assert.is((await handle.stat(ctx)).numberOfLinks, 0);
  assert.ok((await driver.statfs(ctx)).freeBytes < BigInt(1 << 20));
  await handle.close(ctx);
  assert.is((await driver.statfs(ctx)).freeBytes, BigInt(1 << 20));
});

test('fileIds are never reused', async () => {
  const driver = new MemoryDriver();
  await createFile(driver, ['a']);
  const first = (await driver.lookup(ctx, ['a']))!.fileId;
  await driver.unlink(ctx, ['a']);
  await createFile(driver, ['a']);
  assert.ok((await driver.lookup(ctx, ['a']))!.fileId > first);
});

test('a read-only view sees later changes of the tree it shares', async () => {
  const driver = new MemoryDriver({ volumeLabel: 'DATA' });
  const view = driver.readOnlyView();
  await createFile(driver, ['late'], 'added after the view');
  assert.is(await readFile(view, ['late']), 'added after the view');
  assert.is((await view.statfs(ctx)).volumeLabel, 'DATA');
  assert.is((await view.statfs(ctx)).volumeSerialNumber, (await driver.statfs(ctx)).volumeSerialNumber);
});

test('names differ by case', async () => {
  const driver = new MemoryDriver();
  await createFile(driver, ['Name'], 'upper');
  await createFile(driver, ['name'], 'lower');
  assert.is(await readFile(driver, ['Name']), 'upper');
  assert.is(await readFile(driver, ['name']), 'lower');
});

test.run();
