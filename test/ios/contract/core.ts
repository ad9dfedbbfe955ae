// The core of the IOS driver contract: CREATE dispositions, IO, end of file, stat, basic information,
// enumeration, rename, unlink, statfs and read-only shares, which every driver must get right.

import * as assert from 'uvu/assert';
import { FileAttributes } from '../../../src/protocol/constants.ts';
import type { FileTime } from '../../../src/ios/types.ts';
import {
  collect,
  contractContext as ctx,
  createDirectory,
  createFile,
  expectError,
  listNames,
  near,
  options,
  pattern,
  readFile,
} from './helpers.ts';
import type { Group } from './helpers.ts';

/** 2001-01-01 in FILETIME: every timestamp a driver reports for a new object lies after it. */
const YEAR_2001: FileTime = 126_227_808_000_000_000n;

export function coreContract(group: Group): void {
  // --- CREATE dispositions (MS-SMB2 2.2.13 CreateDisposition) -------------------------------------------
  const dispositions = group('dispositions');

  dispositions('create makes a new file and fails with exists the second time', async ({ driver }) => {
    const first = await driver.open(ctx, ['a.txt'], options('create'));
    assert.is(first.result, 'created');
    assert.equal(first.handle.path, ['a.txt']);
    await first.handle.close(ctx);
    await expectError(driver.open(ctx, ['a.txt'], options('create')), 'exists');
  });

  dispositions('open of a missing file is not-found, under a missing parent path-not-found', async ({ driver }) => {
    await expectError(driver.open(ctx, ['missing'], options('open')), 'not-found');
    await expectError(driver.open(ctx, ['no-dir', 'missing'], options('open')), 'path-not-found');
    await expectError(driver.open(ctx, ['no-dir', 'missing'], options('create')), 'path-not-found');
    await createFile(driver, ['file']);
    await expectError(driver.open(ctx, ['file', 'child'], options('open-if')), 'path-not-found');
  });

  dispositions('open-if creates when missing and opens when present', async ({ driver }) => {
    const created = await driver.open(ctx, ['f'], options('open-if'));
    assert.is(created.result, 'created');
    await created.handle.write(ctx, Buffer.from('keep'), 0n);
    await created.handle.close(ctx);
    const opened = await driver.open(ctx, ['f'], options('open-if'));
    assert.is(opened.result, 'opened');
    assert.is((await opened.handle.stat(ctx)).size, 4n);
    await opened.handle.close(ctx);
  });

  dispositions('overwrite truncates an existing file and keeps its id; fails when missing', async ({ driver }) => {
    await expectError(driver.open(ctx, ['f'], options('overwrite')), 'not-found');
    await createFile(driver, ['f'], 'content');
    const before = await driver.lookup(ctx, ['f']);
    const { handle, result } = await driver.open(ctx, ['f'], options('overwrite'));
    assert.is(result, 'overwritten');
    const after = await handle.stat(ctx);
    assert.is(after.size, 0n);
    assert.is(after.fileId, before!.fileId);
    await handle.close(ctx);
  });

  dispositions('overwrite-if truncates or creates', async ({ driver }) => {
    const created = await driver.open(ctx, ['f'], options('overwrite-if'));
    assert.is(created.result, 'created');
    await created.handle.write(ctx, Buffer.from('data'), 0n);
    await created.handle.close(ctx);
    const again = await driver.open(ctx, ['f'], options('overwrite-if'));
    assert.is(again.result, 'overwritten');
    assert.is((await again.handle.stat(ctx)).size, 0n);
    await again.handle.close(ctx);
  });

  dispositions('supersede replaces or creates', async ({ driver }) => {
    const created = await driver.open(ctx, ['f'], options('supersede'));
    assert.is(created.result, 'created');
    await created.handle.write(ctx, Buffer.from('data'), 0n);
    await created.handle.close(ctx);
    const again = await driver.open(ctx, ['f'], options('supersede'));
    assert.is(again.result, 'superseded');
    assert.is((await again.handle.stat(ctx)).size, 0n);
    await again.handle.close(ctx);
  });

  dispositions('directories: create, open, and the directory / non-directory checks', async ({ driver }) => {
    const made = await driver.open(ctx, ['d'], options('create', { directory: true, write: false }));
    assert.is(made.result, 'created');
    assert.ok((await made.handle.stat(ctx)).isDirectory);
    await made.handle.close(ctx);
    await expectError(driver.open(ctx, ['d'], options('create', { directory: true })), 'exists');
    await expectError(driver.open(ctx, ['d'], options('create')), 'exists');
    await expectError(driver.open(ctx, ['d'], options('open', { nonDirectory: true })), 'is-a-directory');
    const plain = await driver.open(ctx, ['d'], options('open', { write: false }));
    assert.ok((await plain.handle.stat(ctx)).isDirectory);
    await plain.handle.close(ctx);
    await createFile(driver, ['f']);
    await expectError(driver.open(ctx, ['f'], options('open', { directory: true })), 'not-a-directory');
    const nested = await driver.open(ctx, ['d', 'e'], options('open-if', { directory: true, write: false }));
    assert.is(nested.result, 'created');
    await nested.handle.close(ctx);
  });

  dispositions('a directory cannot be overwritten or superseded', async ({ driver }) => {
    await createDirectory(driver, ['d']);
    for (const disposition of ['overwrite', 'overwrite-if', 'supersede'] as const) {
      await expectError(driver.open(ctx, ['d'], options(disposition)), 'invalid-parameter');
    }
  });

  dispositions('the share root opens as a directory', async ({ driver }) => {
    const { handle, result } = await driver.open(ctx, [], options('open', { write: false }));
    assert.is(result, 'opened');
    assert.equal(handle.path, []);
    assert.ok((await handle.stat(ctx)).isDirectory);
    await handle.close(ctx);
    await expectError(driver.open(ctx, [], options('open', { nonDirectory: true })), 'is-a-directory');
  });

  dispositions('a READONLY file refuses write access and overwriting but opens for reading', async ({ driver }) => {
    const { handle } = await driver.open(ctx, ['ro'], options('create', { attributes: FileAttributes.READONLY }));
    // The creating handle may still write, as on Windows.
    await handle.write(ctx, Buffer.from('fixed'), 0n);
    assert.ok(((await handle.stat(ctx)).attributes & FileAttributes.READONLY) !== 0);
    await handle.close(ctx);
    await expectError(driver.open(ctx, ['ro'], options('open')), 'access-denied');
    await expectError(driver.open(ctx, ['ro'], options('overwrite')), 'access-denied');
    await expectError(driver.open(ctx, ['ro'], options('supersede', { write: false })), 'access-denied');
    assert.is(await readFile(driver, ['ro']), 'fixed');
  });

  dispositions('invalid components are name-invalid, overlong ones name-too-long', async ({ driver }) => {
    for (const bad of [['..'], ['.'], [''], ['a/b'], ['a\\b'], ['a\0b'], ['ok', '..']]) {
      await expectError(driver.open(ctx, bad, options('open-if')), 'name-invalid');
    }
    const long = 'n'.repeat(driver.capabilities.maxNameLength + 1);
    await expectError(driver.open(ctx, [long], options('create')), 'name-too-long');
    const longest = 'n'.repeat(driver.capabilities.maxNameLength);
    await createFile(driver, [longest]);
    assert.ok(await driver.lookup(ctx, [longest]));
  });

  // --- READ / WRITE ---------------------------------------------------------------------------------------
  const io = group('read and write');

  io('reads return what was written, short at EOF and 0 past it', async ({ driver }) => {
    const { handle } = await driver.open(ctx, ['f'], options('create'));
    assert.is(await handle.write(ctx, Buffer.from('hello'), 0n), 5);
    const into = Buffer.alloc(10);
    assert.is(await handle.read(ctx, into, 0n), 5);
    assert.is(into.subarray(0, 5).toString(), 'hello');
    assert.is(await handle.read(ctx, into, 2n), 3);
    assert.is(into.subarray(0, 3).toString(), 'llo');
    assert.is(await handle.read(ctx, into, 5n), 0);
    assert.is(await handle.read(ctx, into, 1000n), 0);
    assert.is(await handle.read(ctx, Buffer.alloc(0), 0n), 0);
    await handle.close(ctx);
  });

  io('writing past EOF extends the file with zeros', async ({ driver }) => {
    const { handle } = await driver.open(ctx, ['f'], options('create'));
    await handle.write(ctx, Buffer.from('abc'), 0n);
    await handle.write(ctx, Buffer.from('Z'), 10n);
    assert.is((await handle.stat(ctx)).size, 11n);
    const into = Buffer.alloc(11);
    assert.is(await handle.read(ctx, into, 0n), 11);
    assert.equal([...into], [0x61, 0x62, 0x63, 0, 0, 0, 0, 0, 0, 0, 0x5a]);
    await handle.close(ctx);
  });

  io('large writes at odd offsets round-trip and are seen through a second handle', async ({ driver }) => {
    const data = pattern(1 << 20, 7);
    const offset = 3n * 4096n + 7n;
    const writer = await driver.open(ctx, ['big'], options('create'));
    assert.is(await writer.handle.write(ctx, data, offset), data.length);
    await writer.handle.flush(ctx);
    const reader = await driver.open(ctx, ['big'], options('open', { write: false }));
    assert.is((await reader.handle.stat(ctx)).size, offset + BigInt(data.length));
    const chunk = Buffer.alloc(65536);
    for (let at = 0; at < data.length; at += 200_000) {
      const count = await reader.handle.read(ctx, chunk, offset + BigInt(at));
      assert.is(count, Math.min(chunk.length, data.length - at));
      assert.ok(chunk.subarray(0, count).equals(data.subarray(at, at + count)), `data at ${at}`);
    }
    const head = Buffer.alloc(Number(offset));
    assert.is(await reader.handle.read(ctx, head, 0n), head.length);
    assert.ok(head.every((byte) => byte === 0));
    await reader.handle.close(ctx);
    await writer.handle.close(ctx);
  });

  io('a file written from start to end has at least its size allocated', async ({ driver }) => {
    const { handle } = await driver.open(ctx, ['dense'], options('create'));
    await handle.write(ctx, pattern(100_000, 3), 0n);
    await handle.flush(ctx);
    const { size, allocationSize } = await handle.stat(ctx);
    assert.is(size, 100_000n);
    assert.ok(allocationSize >= size, `allocation ${allocationSize} covers the size`);
    await handle.close(ctx);
  });

  io('handles opened without write refuse writes and size changes', async ({ driver }) => {
    await createFile(driver, ['f'], 'abc');
    const { handle } = await driver.open(ctx, ['f'], options('open', { write: false }));
    await expectError(handle.write(ctx, Buffer.from('x'), 0n), 'access-denied');
    await expectError(handle.setEndOfFile(ctx, 0n), 'access-denied');
    await handle.close(ctx);
    assert.is(await readFile(driver, ['f']), 'abc');
  });

  io('data calls on a directory handle are is-a-directory, enumerate on a file not-a-directory', async ({ driver }) => {
    await createDirectory(driver, ['d']);
    const dir = await driver.open(ctx, ['d'], options('open', { write: false }));
    await expectError(dir.handle.read(ctx, Buffer.alloc(4), 0n), 'is-a-directory');
    await expectError(dir.handle.write(ctx, Buffer.from('x'), 0n), 'is-a-directory');
    await expectError(dir.handle.setEndOfFile(ctx, 0n), 'is-a-directory');
    await dir.handle.close(ctx);
    await createFile(driver, ['f']);
    const file = await driver.open(ctx, ['f'], options('open', { write: false }));
    await expectError(collect(file.handle.enumerate(ctx)), 'not-a-directory');
    await file.handle.close(ctx);
  });

  io('negative offsets are invalid-parameter', async ({ driver }) => {
    const { handle } = await driver.open(ctx, ['f'], options('create'));
    await expectError(handle.read(ctx, Buffer.alloc(1), -1n), 'invalid-parameter');
    await expectError(handle.write(ctx, Buffer.from('x'), -1n), 'invalid-parameter');
    await expectError(handle.setEndOfFile(ctx, -1n), 'invalid-parameter');
    await handle.close(ctx);
  });

  // --- END OF FILE ----------------------------------------------------------------------------------------
  const eof = group('setEndOfFile');

  eof('grows with zeros, shrinks, and a regrown tail reads as zeros', async ({ driver }) => {
    const { handle } = await driver.open(ctx, ['f'], options('create'));
    await handle.write(ctx, Buffer.from('hello'), 0n);
    await handle.setEndOfFile(ctx, 100n);
    assert.is((await handle.stat(ctx)).size, 100n);
    const grown = Buffer.alloc(100, 0xee);
    assert.is(await handle.read(ctx, grown, 0n), 100);
    assert.is(grown.subarray(0, 5).toString(), 'hello');
    assert.ok(grown.subarray(5).every((byte) => byte === 0));
    await handle.setEndOfFile(ctx, 3n);
    assert.is((await handle.stat(ctx)).size, 3n);
    await handle.setEndOfFile(ctx, 10n);
    const regrown = Buffer.alloc(10, 0xee);
    assert.is(await handle.read(ctx, regrown, 0n), 10);
    assert.equal([...regrown], [0x68, 0x65, 0x6c, 0, 0, 0, 0, 0, 0, 0]);
    await handle.setEndOfFile(ctx, 0n);
    assert.is(await handle.read(ctx, regrown, 0n), 0);
    await handle.close(ctx);
  });

  // --- STAT -----------------------------------------------------------------------------------------------
  const stat = group('stat and lookup');

  stat('sizes, directory flags, attributes and link counts', async ({ driver }) => {
    await createFile(driver, ['f'], '12345');
    await createDirectory(driver, ['d']);
    const file = await driver.lookup(ctx, ['f']);
    const dir = await driver.lookup(ctx, ['d']);
    assert.ok(file && dir);
    assert.is(file.size, 5n);
    assert.is(file.isDirectory, false);
    assert.is(file.attributes & FileAttributes.DIRECTORY, 0);
    assert.is(file.attributes & FileAttributes.NORMAL, 0);
    assert.ok(file.numberOfLinks >= 1);
    assert.is(dir.isDirectory, true);
    assert.ok((dir.attributes & FileAttributes.DIRECTORY) !== 0);
    assert.is(dir.attributes & FileAttributes.NORMAL, 0);
    for (const time of [file.creationTime, file.lastAccessTime, file.lastWriteTime, file.changeTime]) {
      assert.ok(time > YEAR_2001, `timestamp ${time} is plausible`);
    }
    assert.ok(file.lastWriteTime >= file.creationTime);
  });

  stat('fileIds are unique and stable across reopen', async ({ driver }) => {
    await createFile(driver, ['a']);
    await createFile(driver, ['b']);
    await createDirectory(driver, ['d']);
    await createFile(driver, ['d', 'c']);
    const paths = [[], ['a'], ['b'], ['d'], ['d', 'c']];
    const ids = [];
    for (const path of paths) {
      const { handle } = await driver.open(ctx, path, options('open', { write: false }));
      const id = (await handle.stat(ctx)).fileId;
      await handle.close(ctx);
      const again = await driver.open(ctx, path, options('open', { write: false }));
      assert.is((await again.handle.stat(ctx)).fileId, id, `fileId of /${path.join('/')} is stable`);
      await again.handle.close(ctx);
      assert.is((await driver.lookup(ctx, path))?.fileId, id);
      ids.push(id);
    }
    assert.is(new Set(ids).size, ids.length);
  });

  stat('lookup of a missing object or under a missing parent is undefined', async ({ driver }) => {
    assert.is(await driver.lookup(ctx, ['missing']), undefined);
    assert.is(await driver.lookup(ctx, ['missing', 'child']), undefined);
  });

  stat('writes move the last write time forward', async ({ driver }) => {
    const { handle } = await driver.open(ctx, ['f'], options('create'));
    const before = await handle.stat(ctx);
    await handle.write(ctx, Buffer.from('x'), 0n);
    const after = await handle.stat(ctx);
    assert.ok(after.lastWriteTime >= before.lastWriteTime);
    assert.ok(after.changeTime >= before.changeTime);
    await handle.close(ctx);
  });

  // --- SET BASIC INFO (MS-FSCC 2.4.7) ---------------------------------------------------------------------
  const basic = group('setBasicInfo');

  basic('times round-trip to the driver precision; unset fields stay', async ({ driver }) => {
    const tolerance = driver.capabilities.maxTimestampError ?? 0n;
    const { handle } = await driver.open(ctx, ['f'], options('create'));
    const original = await handle.stat(ctx);
    const lastWriteTime = 132_500_000_001_234_567n; // 2020-11-17, with 100 ns digits
    const lastAccessTime = 132_400_000_007_654_321n;
    const creationTime = 131_000_000_000_000_001n;
    await handle.setBasicInfo(ctx, { lastWriteTime, lastAccessTime, creationTime });
    const set = await handle.stat(ctx);
    near(set.lastWriteTime, lastWriteTime, tolerance, 'lastWriteTime');
    near(set.lastAccessTime, lastAccessTime, tolerance, 'lastAccessTime');
    if (driver.capabilities.persistentDosAttributes) near(set.creationTime, creationTime, tolerance, 'creationTime');
    else assert.is(set.creationTime, original.creationTime, 'creation time is left alone where it cannot be stored');
    const laterAccess = 132_600_000_000_000_000n;
    await handle.setBasicInfo(ctx, { lastAccessTime: laterAccess });
    const partial = await handle.stat(ctx);
    near(partial.lastAccessTime, laterAccess, tolerance, 'lastAccessTime');
    near(partial.lastWriteTime, lastWriteTime, tolerance, 'lastWriteTime untouched');
    await handle.close(ctx);
    const reopened = await driver.lookup(ctx, ['f']);
    near(reopened!.lastWriteTime, lastWriteTime, tolerance, 'lastWriteTime after close');
  });

  basic('times of a directory can be set', async ({ driver }) => {
    const tolerance = driver.capabilities.maxTimestampError ?? 0n;
    await createDirectory(driver, ['d']);
    const { handle } = await driver.open(ctx, ['d'], options('open', { write: false }));
    await handle.setBasicInfo(ctx, { lastWriteTime: 130_000_000_000_000_000n });
    near((await handle.stat(ctx)).lastWriteTime, 130_000_000_000_000_000n, tolerance, 'directory lastWriteTime');
    await handle.close(ctx);
  });

  basic('READONLY is set and cleared; other DOS attributes only where they persist', async ({ driver }) => {
    await createFile(driver, ['f'], 'x');
    const { handle } = await driver.open(ctx, ['f'], options('open', { write: false }));
    await handle.setBasicInfo(ctx, { attributes: FileAttributes.READONLY | FileAttributes.ARCHIVE });
    assert.ok(((await handle.stat(ctx)).attributes & FileAttributes.READONLY) !== 0);
    await expectError(driver.open(ctx, ['f'], options('open')), 'access-denied');
    await handle.setBasicInfo(ctx, { attributes: FileAttributes.ARCHIVE });
    assert.is((await handle.stat(ctx)).attributes & FileAttributes.READONLY, 0);
    const writable = await driver.open(ctx, ['f'], options('open'));
    await writable.handle.close(ctx);
    await handle.setBasicInfo(ctx, { attributes: FileAttributes.HIDDEN | FileAttributes.ARCHIVE });
    const hidden = (await handle.stat(ctx)).attributes & FileAttributes.HIDDEN;
    assert.is(hidden !== 0, driver.capabilities.persistentDosAttributes);
    await handle.close(ctx);
  });

  // --- ENUMERATE ------------------------------------------------------------------------------------------
  const enumerate = group('enumerate');

  enumerate('"." and ".." come first, then every entry with its stat', async ({ driver }) => {
    await createDirectory(driver, ['d']);
    await createFile(driver, ['d', 'one'], '1');
    await createDirectory(driver, ['d', 'two']);
    const { handle } = await driver.open(ctx, ['d'], options('open', { write: false }));
    const entries = await collect(handle.enumerate(ctx));
    assert.equal(entries.slice(0, 2).map((entry) => entry.name), ['.', '..']);
    assert.is(entries[0]!.stat.fileId, (await handle.stat(ctx)).fileId);
    assert.is(entries[1]!.stat.fileId, (await driver.lookup(ctx, []))!.fileId);
    const rest = new Map(entries.slice(2).map((entry) => [entry.name, entry.stat]));
    assert.equal([...rest.keys()].sort(), ['one', 'two']);
    assert.is(rest.get('one')!.size, 1n);
    assert.is(rest.get('one')!.fileId, (await driver.lookup(ctx, ['d', 'one']))!.fileId);
    assert.is(rest.get('two')!.isDirectory, true);
    await handle.close(ctx);
  });

  enumerate('".." of the share root is the root itself', async ({ driver }) => {
    const { handle } = await driver.open(ctx, [], options('open', { write: false }));
    const entries = await collect(handle.enumerate(ctx));
    const root = await handle.stat(ctx);
    assert.equal(entries.map((entry) => entry.name), ['.', '..']);
    assert.is(entries[1]!.stat.fileId, root.fileId);
    await handle.close(ctx);
  });

  enumerate('2,000 entries are each listed exactly once; every call starts over', async ({ driver }) => {
    await createDirectory(driver, ['many']);
    const expected = Array.from({ length: 2000 }, (_, i) => `entry-${String(i).padStart(4, '0')}`);
    for (const entryName of expected) await createFile(driver, ['many', entryName]);
    const { handle } = await driver.open(ctx, ['many'], options('open', { write: false }));
    const partial: string[] = [];
    for await (const entry of handle.enumerate(ctx)) {
      partial.push(entry.name);
      if (partial.length === 10) break;
    }
    assert.equal(partial.slice(0, 2), ['.', '..'], 'a scan abandoned early');
    const counts = new Map<string, number>();
    for await (const entry of handle.enumerate(ctx)) counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
    assert.is(counts.size, expected.length + 2);
    for (const entryName of ['.', '..', ...expected]) assert.is(counts.get(entryName), 1, entryName);
    await handle.close(ctx);
  });

  enumerate(
    'listNames lists the names enumerate lists, without "." and ".."; every call starts over',
    async ({ driver }) => {
      await createDirectory(driver, ['d']);
      for (const entryName of ['one', 'Two', 'three.txt']) await createFile(driver, ['d', entryName]);
      await createDirectory(driver, ['d', 'sub']);
      const { handle } = await driver.open(ctx, ['d'], options('open', { write: false }));
      assert.ok(handle.listNames !== undefined, 'the hook is there');
      const enumerated = (await collect(handle.enumerate(ctx))).map((entry) => entry.name).slice(2);
      const listed = (await collectNames(handle.listNames!(ctx))).sort();
      assert.equal(listed, enumerated.sort());
      assert.equal(listed, ['Two', 'one', 'sub', 'three.txt']);
      for await (const entryName of handle.listNames!(ctx)) {
        assert.ok(listed.includes(entryName));
        break;
      }
      assert.equal((await collectNames(handle.listNames!(ctx))).sort(), listed, 'a scan abandoned early leaves the next one whole');
      await handle.close(ctx);
      const root = await driver.open(ctx, [], options('open', { write: false }));
      assert.equal(await collectNames(root.handle.listNames!(ctx)), ['d']);
      await root.handle.close(ctx);
      const file = await driver.open(ctx, ['d', 'one'], options('open', { write: false }));
      await expectError(collectNames(file.handle.listNames!(ctx)), 'not-a-directory');
      await file.handle.close(ctx);
    },
    ['listNames'],
  );

  // --- RENAME ---------------------------------------------------------------------------------------------
  const rename = group('rename');

  rename('moves a file, across directories too', async ({ driver }) => {
    await createFile(driver, ['a'], 'A');
    await driver.rename(ctx, ['a'], ['b'], false);
    assert.is(await driver.lookup(ctx, ['a']), undefined);
    assert.is(await readFile(driver, ['b']), 'A');
    await createDirectory(driver, ['d']);
    await driver.rename(ctx, ['b'], ['d', 'c'], false);
    assert.is(await readFile(driver, ['d', 'c']), 'A');
  });

  rename('without replaceIfExists an existing target is exists; with it the target is replaced', async ({ driver }) => {
    await createFile(driver, ['src'], 'source');
    await createFile(driver, ['dst'], 'target');
    await expectError(driver.rename(ctx, ['src'], ['dst'], false), 'exists');
    assert.is(await readFile(driver, ['src']), 'source');
    assert.is(await readFile(driver, ['dst']), 'target');
    await driver.rename(ctx, ['src'], ['dst'], true);
    assert.is(await driver.lookup(ctx, ['src']), undefined);
    assert.is(await readFile(driver, ['dst']), 'source');
  });

  rename('directories move with their contents; a directory target is never replaced', async ({ driver }) => {
    await createDirectory(driver, ['d1']);
    await createFile(driver, ['d1', 'f'], 'inside');
    await driver.rename(ctx, ['d1'], ['d2'], false);
    assert.is(await readFile(driver, ['d2', 'f']), 'inside');
    await createDirectory(driver, ['d3']);
    await expectError(driver.rename(ctx, ['d2'], ['d3'], false), 'exists');
    await expectError(driver.rename(ctx, ['d2'], ['d3'], true), 'access-denied');
    await createFile(driver, ['file'], 'x');
    await expectError(driver.rename(ctx, ['file'], ['d3'], true), 'access-denied');
    assert.ok((await driver.lookup(ctx, ['d3']))?.isDirectory);
    await driver.rename(ctx, ['d2'], ['file'], true);
    assert.ok((await driver.lookup(ctx, ['file']))?.isDirectory, 'a directory replaces a file');
    assert.is(await readFile(driver, ['file', 'f']), 'inside');
  });

  rename('an open handle keeps reading and follows the new path', async ({ driver }) => {
    await createDirectory(driver, ['d']);
    await createFile(driver, ['d', 'f'], 'payload');
    const file = await driver.open(ctx, ['d', 'f'], options('open', { write: false }));
    const dir = await driver.open(ctx, ['d'], options('open', { write: false }));
    await driver.rename(ctx, ['d', 'f'], ['d', 'g'], false);
    assert.equal(file.handle.path, ['d', 'g']);
    await driver.rename(ctx, ['d'], ['e'], false);
    assert.equal(file.handle.path, ['e', 'g']);
    assert.equal(dir.handle.path, ['e']);
    const into = Buffer.alloc(7);
    assert.is(await file.handle.read(ctx, into, 0n), 7);
    assert.is(into.toString(), 'payload');
    const names = (await collect(dir.handle.enumerate(ctx))).map((entry) => entry.name);
    assert.equal(names.sort(), ['.', '..', 'g']);
    await file.handle.close(ctx);
    await dir.handle.close(ctx);
  });

  rename('failures: missing source, missing target parent, into itself, the root', async ({ driver }) => {
    await expectError(driver.rename(ctx, ['missing'], ['x'], false), 'not-found');
    await expectError(driver.rename(ctx, ['missing', 'deeper'], ['x'], false), 'path-not-found');
    await createFile(driver, ['f']);
    await expectError(driver.rename(ctx, ['f'], ['no-dir', 'f'], false), 'path-not-found');
    await createDirectory(driver, ['d']);
    await expectError(driver.rename(ctx, ['d'], ['d', 'inner'], false), 'invalid-parameter');
    await expectError(driver.rename(ctx, [], ['x'], false), 'access-denied');
    await expectError(driver.rename(ctx, ['f'], ['..'], false), 'name-invalid');
    await driver.rename(ctx, ['f'], ['f'], false);
    assert.ok(await driver.lookup(ctx, ['f']), 'renaming onto itself changes nothing');
  });

  // --- UNLINK ---------------------------------------------------------------------------------------------
  const unlink = group('unlink');

  unlink('removes files and empty directories; non-empty ones are not-empty', async ({ driver }) => {
    await createFile(driver, ['f']);
    await driver.unlink(ctx, ['f']);
    assert.is(await driver.lookup(ctx, ['f']), undefined);
    await createDirectory(driver, ['d']);
    await createFile(driver, ['d', 'child']);
    await expectError(driver.unlink(ctx, ['d']), 'not-empty');
    await driver.unlink(ctx, ['d', 'child']);
    await driver.unlink(ctx, ['d']);
    assert.is(await driver.lookup(ctx, ['d']), undefined);
  });

  unlink('failures: missing object, missing parent, the root', async ({ driver }) => {
    await expectError(driver.unlink(ctx, ['missing']), 'not-found');
    await expectError(driver.unlink(ctx, ['missing', 'child']), 'path-not-found');
    await expectError(driver.unlink(ctx, []), 'access-denied');
  });

  // --- STATFS ---------------------------------------------------------------------------------------------
  const volume = group('statfs');

  volume('reports a plausible volume', async ({ driver }) => {
    const fs = await driver.statfs(ctx);
    assert.ok(fs.totalBytes > 0n);
    assert.ok(fs.freeBytes >= 0n && fs.freeBytes <= fs.totalBytes);
    assert.ok(fs.availableBytes >= 0n && fs.availableBytes <= fs.freeBytes);
    assert.ok(fs.bytesPerSector > 0 && fs.sectorsPerAllocationUnit > 0);
    assert.ok(fs.fileSystemName.length > 0);
    assert.ok(Number.isInteger(fs.volumeSerialNumber) && fs.volumeSerialNumber >= 0 && fs.volumeSerialNumber <= 0xffff_ffff);
    assert.ok(fs.volumeCreationTime > 0n);
    assert.is((await driver.statfs(ctx)).volumeSerialNumber, fs.volumeSerialNumber, 'the serial number is stable');
  });

  // --- READ-ONLY ------------------------------------------------------------------------------------------
  const readOnly = group('read-only');

  readOnly('a read-only driver serves content and refuses every mutation', async ({ driver, fixture }) => {
    if (fixture.openReadOnly === undefined) return;
    await createDirectory(driver, ['d']);
    await createFile(driver, ['d', 'f'], 'published');
    const ro = await fixture.openReadOnly();
    assert.is(ro.capabilities.readOnly, true);
    assert.is(driver.capabilities.readOnly, false);
    assert.is(await readFile(ro, ['d', 'f']), 'published');
    assert.equal((await listNames(ro, ['d'])).sort(), ['.', '..', 'f']);
    assert.ok(await ro.lookup(ctx, ['d', 'f']));
    await expectError(ro.open(ctx, ['new'], options('create')), 'read-only');
    await expectError(ro.open(ctx, ['new'], options('open-if')), 'read-only');
    await expectError(ro.open(ctx, ['newdir'], options('create', { directory: true })), 'read-only');
    await expectError(ro.open(ctx, ['d', 'f'], options('open', { write: true })), 'read-only');
    await expectError(ro.open(ctx, ['d', 'f'], options('overwrite')), 'read-only');
    await expectError(ro.open(ctx, ['d', 'f'], options('supersede', { write: false })), 'read-only');
    const { handle } = await ro.open(ctx, ['d', 'f'], options('open', { write: false }));
    await expectError(handle.write(ctx, Buffer.from('x'), 0n), 'read-only');
    await expectError(handle.setEndOfFile(ctx, 0n), 'read-only');
    await expectError(handle.setBasicInfo(ctx, { lastWriteTime: 130_000_000_000_000_000n }), 'read-only');
    await handle.close(ctx);
    await expectError(ro.rename(ctx, ['d', 'f'], ['d', 'g'], false), 'read-only');
    await expectError(ro.unlink(ctx, ['d', 'f']), 'read-only');
    await expectError(ro.open(ctx, ['missing'], options('open')), 'not-found');
    assert.is(await readFile(driver, ['d', 'f']), 'published');
    await ro.dispose?.();
  });
}

async function collectNames(names: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const entryName of names) all.push(entryName);
  return all;
}
