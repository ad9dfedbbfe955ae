import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryDriver } from '../../src/ios/memory/driver.ts';
import { FileAttributes } from '../../src/protocol/constants.ts';
import { contractContext as ctx, createFile, driverContract, expectError, options, readFile } from './driver-contract.ts';

driverContract('memory', async () => {
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

test('buffers grow by doubling and the volume capacity bounds them', async () => {
  const driver = new MemoryDriver({ capacityBytes: 16_000 });
  const { handle } = await driver.open(ctx, ['f'], options('create'));
  await handle.write(ctx, Buffer.alloc(5000, 1), 0n);
  assert.is((await handle.stat(ctx)).allocationSize, 8192n);
  assert.is((await driver.statfs(ctx)).freeBytes, 16_000n - 8192n);
  // Doubling to 16384 would not fit; the exact size does.
  await handle.write(ctx, Buffer.alloc(10_000, 2), 5000n);
  assert.is((await driver.statfs(ctx)).freeBytes, 1000n);
  await expectError(handle.write(ctx, Buffer.alloc(6000), 15_000n), 'no-space');
  await expectError(handle.write(ctx, Buffer.from('x'), 1n << 40n), 'no-space');
  assert.is((await handle.stat(ctx)).size, 15_000n);
  // Growing the end of file does not allocate.
  await handle.setEndOfFile(ctx, 1n << 40n);
  assert.is((await driver.statfs(ctx)).freeBytes, 1000n);
  await handle.close(ctx);
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
