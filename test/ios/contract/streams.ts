// Named streams (MS-FSCC 2.4.49 FileStreamInformation; OpenOptions.stream, listStreams, unlink with a stream),
// for drivers that declare namedStreams.

import * as assert from 'uvu/assert';
import { FileAttributes } from '../../../src/protocol/constants.ts';
import type { DriverHandle, ShareDriver } from '../../../src/ios/types.ts';
import { collect, contractContext as ctx, createDirectory, createFile, expectError, options, pattern, readAll, readFile } from './helpers.ts';
import type { Group } from './helpers.ts';

async function writeStream(driver: ShareDriver, path: string[], stream: string, content: string | Buffer): Promise<void> {
  const { handle } = await driver.open(ctx, path, options('open-if', { stream }));
  await handle.setEndOfFile(ctx, 0n);
  await handle.write(ctx, Buffer.from(content), 0n);
  await handle.close(ctx);
}

export async function readStream(driver: ShareDriver, path: string[], stream: string): Promise<string> {
  const { handle } = await driver.open(ctx, path, options('open', { stream, write: false }));
  try {
    return (await readAll(handle)).toString();
  } finally {
    await handle.close(ctx);
  }
}

export async function streamNames(driver: ShareDriver, path: string[]): Promise<string[]> {
  const { handle } = await driver.open(ctx, path, options('open', { write: false }));
  try {
    return (await handle.listStreams!(ctx)).map((stream) => stream.name).sort();
  } finally {
    await handle.close(ctx);
  }
}

async function listed(handle: DriverHandle): Promise<Map<string, bigint>> {
  return new Map((await handle.listStreams!(ctx)).map((stream) => [stream.name, stream.size]));
}

export function streamsContract(group: Group): void {
  const streams = group('named streams');

  streams(
    'streams are created, written, read, listed and deleted apart from the file data',
    async ({ driver }) => {
      await createFile(driver, ['f'], 'main data');
      const fileId = (await driver.lookup(ctx, ['f']))!.fileId;
      const created = await driver.open(ctx, ['f'], options('create', { stream: 'one' }));
      assert.is(created.result, 'created');
      const one = created.handle;
      assert.is(one.stream, 'one');
      assert.equal(one.path, ['f']);
      assert.is(await one.write(ctx, Buffer.from('alpha'), 0n), 5);
      const stat = await one.stat(ctx);
      assert.is(stat.size, 5n, 'a stream handle reports the stream size');
      assert.is(stat.isDirectory, false);
      assert.is(stat.fileId, fileId, 'and the file id of its file');
      assert.equal([...(await listed(one))], [['one', 5n]]);
      await one.close(ctx);
      await writeStream(driver, ['f'], 'two', 'beta!!');
      assert.is(await readStream(driver, ['f'], 'one'), 'alpha');
      assert.is(await readStream(driver, ['f'], 'two'), 'beta!!');
      assert.is(await readFile(driver, ['f']), 'main data', 'the unnamed stream is untouched');
      assert.is((await driver.lookup(ctx, ['f']))!.size, 9n);
      const main = await driver.open(ctx, ['f'], options('open', { write: false }));
      assert.is(main.handle.stream ?? '', '');
      assert.equal([...(await listed(main.handle))].sort(), [['one', 5n], ['two', 6n]], 'the unnamed stream is not listed');
      await main.handle.close(ctx);
      await driver.unlink(ctx, ['f'], 'one');
      assert.equal(await streamNames(driver, ['f']), ['two']);
      await expectError(driver.open(ctx, ['f'], options('open', { stream: 'one' })), 'not-found');
      await expectError(driver.unlink(ctx, ['f'], 'one'), 'not-found');
      await expectError(driver.unlink(ctx, ['missing'], 'one'), 'not-found');
      assert.is(await readFile(driver, ['f']), 'main data');
    },
    ['namedStreams'],
  );

  streams(
    'dispositions apply to the stream alone',
    async ({ driver }) => {
      await createFile(driver, ['f'], 'file');
      await expectError(driver.open(ctx, ['f'], options('open', { stream: 's' })), 'not-found');
      await expectError(driver.open(ctx, ['f'], options('overwrite', { stream: 's' })), 'not-found');
      const made = await driver.open(ctx, ['f'], options('open-if', { stream: 's' }));
      assert.is(made.result, 'created');
      await made.handle.write(ctx, Buffer.from('keep'), 0n);
      await made.handle.close(ctx);
      await expectError(driver.open(ctx, ['f'], options('create', { stream: 's' })), 'exists');
      const opened = await driver.open(ctx, ['f'], options('open-if', { stream: 's' }));
      assert.is(opened.result, 'opened');
      assert.is((await opened.handle.stat(ctx)).size, 4n);
      await opened.handle.close(ctx);
      for (const [disposition, result] of [
        ['overwrite', 'overwritten'],
        ['overwrite-if', 'overwritten'],
        ['supersede', 'superseded'],
      ] as const) {
        await writeStream(driver, ['f'], 's', 'data');
        const truncated = await driver.open(ctx, ['f'], options(disposition, { stream: 's' }));
        assert.is(truncated.result, result, disposition);
        assert.is((await truncated.handle.stat(ctx)).size, 0n, `${disposition} truncates the stream`);
        await truncated.handle.close(ctx);
        assert.is(await readFile(driver, ['f']), 'file', `${disposition} of a stream leaves the file data`);
      }
    },
    ['namedStreams'],
  );

  streams(
    'a stream named on a missing file creates the file',
    async ({ driver }) => {
      await expectError(driver.open(ctx, ['new'], options('open', { stream: 's' })), 'not-found');
      const { handle, result } = await driver.open(ctx, ['new'], options('create', { stream: 's' }));
      assert.is(result, 'created');
      await handle.write(ctx, Buffer.from('x'), 0n);
      await handle.close(ctx);
      const file = await driver.lookup(ctx, ['new']);
      assert.is(file?.isDirectory, false);
      assert.is(file?.size, 0n);
      assert.equal(await streamNames(driver, ['new']), ['s']);
      await expectError(driver.open(ctx, ['no-dir', 'new'], options('create', { stream: 's' })), 'path-not-found');
    },
    ['namedStreams'],
  );

  streams(
    'directories have streams too; they are not directory entries',
    async ({ driver }) => {
      await createDirectory(driver, ['d']);
      await createFile(driver, ['d', 'child']);
      const { handle } = await driver.open(ctx, ['d'], options('create', { stream: 'notes' }));
      await handle.write(ctx, Buffer.from('about d'), 0n);
      assert.is((await handle.stat(ctx)).isDirectory, false);
      await expectError(collect(handle.enumerate(ctx)), 'not-a-directory');
      await handle.close(ctx);
      assert.is(await readStream(driver, ['d'], 'notes'), 'about d');
      const dir = await driver.open(ctx, ['d'], options('open', { write: false }));
      assert.equal([...(await listed(dir.handle))], [['notes', 7n]]);
      const names = (await collect(dir.handle.enumerate(ctx))).map((entry) => entry.name);
      assert.equal(names.sort(), ['.', '..', 'child']);
      await dir.handle.close(ctx);
      await expectError(driver.open(ctx, ['d'], options('open', { stream: 'notes', directory: true })), 'not-a-directory');
      await driver.unlink(ctx, ['d'], 'notes');
      assert.equal(await streamNames(driver, ['d']), []);
      assert.ok((await driver.lookup(ctx, ['d']))?.isDirectory);
    },
    ['namedStreams'],
  );

  streams(
    'deleting a file deletes its streams',
    async ({ driver }) => {
      await createFile(driver, ['f'], 'data');
      await writeStream(driver, ['f'], 's', 'stream data');
      await driver.unlink(ctx, ['f']);
      await createFile(driver, ['f'], 'new file');
      assert.equal(await streamNames(driver, ['f']), [], 'a new file of the same name starts without streams');
      await expectError(driver.open(ctx, ['f'], options('open', { stream: 's' })), 'not-found');
    },
    ['namedStreams'],
  );

  // Windows removes named streams when the unnamed stream is overwritten or superseded (Samba's smbtorture
  // smb2.streams.create-disposition checks exactly this against Windows).
  streams(
    'overwriting or superseding the file removes its streams',
    async ({ driver }) => {
      for (const disposition of ['overwrite', 'overwrite-if', 'supersede'] as const) {
        await createFile(driver, [disposition], 'data');
        await writeStream(driver, [disposition], 's', 'stream data');
        const { handle } = await driver.open(ctx, [disposition], options(disposition));
        assert.equal(await listed(handle), new Map(), disposition);
        await handle.close(ctx);
      }
    },
    ['namedStreams'],
  );

  streams(
    'a 1 MiB stream round-trips at odd offsets',
    async ({ driver }) => {
      const data = pattern(1 << 20, 11);
      await createFile(driver, ['f']);
      const writer = await driver.open(ctx, ['f'], options('create', { stream: 'big' }));
      for (let at = 0; at < data.length; at += 300_001) {
        await writer.handle.write(ctx, data.subarray(at, at + 300_001), BigInt(at));
      }
      await writer.handle.flush(ctx);
      await writer.handle.close(ctx);
      const reader = await driver.open(ctx, ['f'], options('open', { stream: 'big', write: false }));
      assert.is((await reader.handle.stat(ctx)).size, BigInt(data.length));
      assert.ok((await readAll(reader.handle)).equals(data));
      await reader.handle.close(ctx);
      assert.is((await driver.lookup(ctx, ['f']))!.size, 0n);
    },
    ['namedStreams'],
  );

  streams(
    'stream handles follow the read-only rules of their file and of the handle',
    async ({ driver }) => {
      await createFile(driver, ['f']);
      await writeStream(driver, ['f'], 's', 'data');
      const reading = await driver.open(ctx, ['f'], options('open', { stream: 's', write: false }));
      await expectError(reading.handle.write(ctx, Buffer.from('x'), 0n), 'access-denied');
      await expectError(reading.handle.setEndOfFile(ctx, 0n), 'access-denied');
      await reading.handle.close(ctx);
      const file = await driver.open(ctx, ['f'], options('open', { write: false }));
      await file.handle.setBasicInfo(ctx, { attributes: FileAttributes.READONLY });
      await file.handle.close(ctx);
      await expectError(driver.open(ctx, ['f'], options('open', { stream: 's' })), 'access-denied');
      await expectError(driver.open(ctx, ['f'], options('create', { stream: 'new' })), 'access-denied');
      assert.is(await readStream(driver, ['f'], 's'), 'data');
    },
    ['namedStreams'],
  );

  streams(
    'stream names with separators, colons or NUL are name-invalid',
    async ({ driver }) => {
      await createFile(driver, ['f']);
      for (const bad of ['a:b', 'a/b', 'a\\b', 'a\0b']) {
        await expectError(driver.open(ctx, ['f'], options('open-if', { stream: bad })), 'name-invalid');
      }
      await expectError(driver.open(ctx, ['f'], options('open-if', { stream: 's'.repeat(driver.capabilities.maxNameLength + 1) })), 'name-too-long');
    },
    ['namedStreams'],
  );
}
