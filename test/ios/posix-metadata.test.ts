// What the POSIX driver keeps beside the data, and where: backend selection, the user.smb3.* xattrs, the
// sidecar database and its stale-row checks, the stream files, and the metadata directory clients never see.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, link, mkdtemp, readdir, rename as renameHost, rm, stat, symlink, unlink as unlinkHost, utimes } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { METADATA_DIRECTORY, PosixDriver } from '../../src/ios/posix/driver.ts';
import type { PosixDriverOptions } from '../../src/ios/posix/driver.ts';
import { SIDECAR_DATABASE, SidecarStore } from '../../src/ios/posix/metadata/sidecar-store.ts';
import { loadXattrModule } from '../../src/ios/posix/metadata/xattr-store.ts';
import { fileTimeFromNs } from '../../src/ios/posix/times.ts';
import { FileAttributes } from '../../src/protocol/constants.ts';
import { collect, contractContext as ctx, createFile, expectError, options } from './driver-contract.ts';

const xattr = await loadXattrModule();
/** 2020-11-17, with 100 ns digits. */
const CHANGE_TIME = 132_500_000_001_234_567n;

async function tempDirectory(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `smb3-meta-${label}-`));
}

/** Runs `body` with a fresh share root and a driver on it; removes both afterwards. */
async function withShare(settings: Omit<PosixDriverOptions, 'root'>, body: (root: string, driver: PosixDriver) => Promise<void>): Promise<void> {
  const root = await tempDirectory('share');
  const driver = await PosixDriver.open({ root, ...settings });
  try {
    await body(root, driver);
  } finally {
    await driver.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

async function addStream(driver: PosixDriver, path: string[], stream: string, content: string): Promise<void> {
  const { handle } = await driver.open(ctx, path, options('open-if', { stream }));
  await handle.write(ctx, Buffer.from(content), 0n);
  await handle.close(ctx);
}

/** Every file under a directory, relative to it. */
async function filesUnder(directory: string): Promise<string[]> {
  if (!existsSync(directory)) return [];
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1));
}

test('auto uses xattrs where the root takes them, and the values are user.smb3.* attributes of the file', async () => {
  if (xattr === undefined) {
    console.log('fs-xattr is not installed: skipped');
    return;
  }
  await withShare({}, async (root, driver) => {
    assert.is(await driver.metadataBackend(), 'xattr');
    const { handle } = await driver.open(ctx, ['f'], options('create', { attributes: FileAttributes.HIDDEN }));
    await handle.setExtendedAttributes!(ctx, [{ name: 'NOTE', value: Buffer.from('v'), flags: 0 }]);
    await handle.close(ctx);
    const names = (await xattr.listAttributes(join(root, 'f'))).sort();
    assert.equal(names, ['user.smb3.dos', 'user.smb3.ea']);
    assert.is(existsSync(join(root, METADATA_DIRECTORY)), false, 'no metadata directory until a stream needs one');
  });
});

test('auto falls back to the sidecar database where the root refuses user.* xattrs; xattr then fails to open', async () => {
  // procfs refuses user.* attributes; nothing is written there, as the sidecar database is created on first use.
  const driver = await PosixDriver.open({ root: '/proc/self' });
  assert.is(await driver.metadataBackend(), 'sidecar');
  await driver.dispose();
  await expectError(PosixDriver.open({ root: '/proc/self', metadata: 'xattr' }), 'not-supported');
});

test('auto keeps a share on its sidecar database, and a read-only driver reads it', async () => {
  const root = await tempDirectory('keep');
  try {
    const first = await PosixDriver.open({ root, metadata: 'sidecar' });
    await first.open(ctx, ['f'], options('create', { attributes: FileAttributes.HIDDEN })).then(({ handle }) => handle.close(ctx));
    await first.dispose();
    assert.ok(existsSync(join(root, METADATA_DIRECTORY, SIDECAR_DATABASE)));
    const again = await PosixDriver.open({ root });
    assert.is(await again.metadataBackend(), 'sidecar');
    assert.is((await again.lookup(ctx, ['f']))!.attributes, FileAttributes.HIDDEN);
    const readOnly = await PosixDriver.open({ root, readOnly: true });
    assert.is((await readOnly.lookup(ctx, ['f']))!.attributes, FileAttributes.HIDDEN);
    await readOnly.dispose();
    await again.dispose();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a read-only driver on a share without metadata writes nothing', async () => {
  const root = await tempDirectory('pristine');
  try {
    execFileSync('touch', [join(root, 'f')]);
    const driver = await PosixDriver.open({ root, readOnly: true, metadata: 'sidecar' });
    assert.is((await driver.lookup(ctx, ['f']))!.attributes, FileAttributes.ARCHIVE);
    const { handle } = await driver.open(ctx, ['f'], options('open', { write: false }));
    assert.equal(await handle.listStreams!(ctx), []);
    assert.equal(await handle.getExtendedAttributes!(ctx), []);
    await handle.close(ctx);
    await driver.dispose();
    assert.equal(await readdir(root), ['f']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

for (const metadata of ['xattr', 'sidecar'] as const) {
  if (metadata === 'xattr' && xattr === undefined) continue;

  test(`${metadata}: the metadata directory is neither listed nor reachable`, async () => {
    await withShare({ metadata }, async (root, driver) => {
      await createFile(driver, ['f'], 'data');
      await addStream(driver, ['f'], 's', 'stream');
      const hidden = join(root, METADATA_DIRECTORY);
      assert.ok(existsSync(hidden), 'stream data lives in the metadata directory');
      const { handle } = await driver.open(ctx, [], options('open', { write: false }));
      assert.equal((await collect(handle.enumerate(ctx))).map((entry) => entry.name).sort(), ['.', '..', 'f']);
      const listed: string[] = [];
      for await (const entryName of handle.listNames!(ctx)) listed.push(entryName);
      assert.equal(listed, ['f']);
      await handle.close(ctx);
      const name = [METADATA_DIRECTORY];
      assert.is(await driver.lookup(ctx, name), undefined);
      await expectError(driver.open(ctx, name, options('open', { write: false })), 'not-found');
      await expectError(driver.open(ctx, name, options('open-if', { directory: true })), 'access-denied');
      await expectError(driver.open(ctx, name, options('create')), 'access-denied');
      await expectError(driver.open(ctx, [...name, 'streams'], options('open', { write: false })), 'path-not-found');
      await expectError(driver.open(ctx, [...name, 'x'], options('create')), 'path-not-found');
      await expectError(driver.rename(ctx, ['f'], name, true), 'access-denied');
      await expectError(driver.rename(ctx, name, ['moved'], false), 'not-found');
      await expectError(driver.unlink(ctx, name), 'not-found');
      await expectError(driver.link!(ctx, ['f'], name, true), 'access-denied');
      await symlink(hidden, join(root, 'into-metadata'));
      await expectError(driver.open(ctx, ['into-metadata'], options('open', { write: false })), 'escapes-share');
      const listing = await driver.open(ctx, [], options('open', { write: false }));
      assert.equal((await collect(listing.handle.enumerate(ctx))).map((entry) => entry.name).sort(), ['.', '..', 'f']);
      await listing.handle.close(ctx);
      assert.ok(existsSync(hidden));
    });
  });

  test(`${metadata}: deleting a file deletes its stream files and sidecar rows; hard links keep them`, async () => {
    await withShare({ metadata }, async (root, driver) => {
      const hidden = join(root, METADATA_DIRECTORY);
      await createFile(driver, ['f'], 'data');
      await addStream(driver, ['f'], 'one', '1');
      await addStream(driver, ['f'], 'two', '2');
      const { handle } = await driver.open(ctx, ['f'], options('open'));
      await handle.setExtendedAttributes!(ctx, [{ name: 'E', value: Buffer.from('x'), flags: 0 }]);
      await handle.close(ctx);
      const streamFiles = (await filesUnder(join(hidden, 'streams'))).length;
      assert.is(streamFiles, 4, 'a data file and a name file per stream');
      await driver.link!(ctx, ['f'], ['g'], false);
      await driver.unlink(ctx, ['f']);
      assert.is((await filesUnder(join(hidden, 'streams'))).length, 4, 'the file lives on as g');
      await driver.unlink(ctx, ['g'], 'one');
      assert.is((await filesUnder(join(hidden, 'streams'))).length, 2);
      await driver.unlink(ctx, ['g']);
      assert.equal(await filesUnder(join(hidden, 'streams')), []);
      if (metadata === 'sidecar') {
        await driver.dispose();
        const database = new DatabaseSync(join(hidden, SIDECAR_DATABASE), { readOnly: true });
        const { count } = database.prepare('SELECT count(*) AS count FROM metadata').get() as { count: number };
        database.close();
        assert.is(count, 0, 'no rows outlive the file');
      }
    });
  });

  test(`${metadata}: a stored ChangeTime ends when another program writes, chmods, links or touches the object`, async () => {
    await withShare({ metadata }, async (root, driver) => {
      const file = join(root, 'f');
      await createFile(driver, ['f'], 'data');
      const changes: [string, () => Promise<unknown>][] = [
        ['a write', () => appendFile(file, 'more')],
        ['chmod', () => chmod(file, 0o600)],
        ['a hard link', () => link(file, join(root, 'g'))],
        ['a new mtime', () => utimes(file, new Date(), new Date(2000, 0, 1))],
      ];
      for (const [what, change] of changes) {
        const { handle } = await driver.open(ctx, ['f'], options('open'));
        await handle.setBasicInfo(ctx, { changeTime: CHANGE_TIME });
        await handle.close(ctx);
        assert.is((await driver.lookup(ctx, ['f']))!.changeTime, CHANGE_TIME, `stored before ${what}`);
        await change();
        const { ctimeNs } = await stat(file, { bigint: true });
        assert.is((await driver.lookup(ctx, ['f']))!.changeTime, fileTimeFromNs(ctimeNs), `${what}: the ctime again`);
      }
    });
  });

  test(`${metadata}: handles reach their object's metadata after it is renamed or unlinked behind the driver`, async () => {
    await withShare({ metadata }, async (root, driver) => {
      await createFile(driver, ['f'], 'data');
      const { handle } = await driver.open(ctx, ['f'], options('open'));
      await renameHost(join(root, 'f'), join(root, 'moved'));
      await handle.setExtendedAttributes!(ctx, [{ name: 'AFTER.RENAME', value: Buffer.from('1'), flags: 0 }]);
      assert.equal((await handle.getExtendedAttributes!(ctx)).map((e) => e.name), ['AFTER.RENAME']);
      await unlinkHost(join(root, 'moved'));
      await handle.setBasicInfo(ctx, { attributes: FileAttributes.HIDDEN });
      assert.is((await handle.stat(ctx)).attributes, FileAttributes.HIDDEN);
      await handle.close(ctx);
    });
  });
}

test('sidecar rows of an inode reused behind the driver are not attached to the new object', async () => {
  const directory = await tempDirectory('store');
  const store = new SidecarStore(join(directory, SIDECAR_DATABASE), false);
  const stats = (birthtimeNs: bigint) => ({ dev: 7n, ino: 42n, birthtimeNs }) as BigIntStats;
  try {
    const old = { path: '/unused', stats: stats(1_000n) };
    const reused = { path: '/unused', stats: stats(2_000n) };
    await store.set(old, 'ea', Buffer.from('old'));
    await store.set(old, 'sd', Buffer.from('old sd'));
    assert.equal(await store.get(old, 'ea'), Buffer.from('old'));
    assert.is(await store.get(reused, 'ea'), undefined, 'another birth time: another object');
    assert.is(await store.get(old, 'sd'), undefined, 'and the stale rows are gone');
    await store.set(reused, 'ea', Buffer.from('new'));
    await store.forget(old);
    assert.equal(await store.get(reused, 'ea'), Buffer.from('new'), 'forgetting the old object leaves the new one');
    // Without birth times the rows cannot be told apart; creation through the driver clears them.
    const unborn = { path: '/unused', stats: stats(0n) };
    await store.set(unborn, 'dos', Buffer.from('x'));
    await store.created(unborn);
    assert.is(await store.get(unborn, 'dos'), undefined);
    // Device and inode numbers above 2^63 are stored reinterpreted, not refused.
    const large = { path: '/unused', stats: { dev: 2n ** 64n - 1n, ino: 2n ** 63n + 5n, birthtimeNs: 1n } as BigIntStats };
    await store.set(large, 'sd', Buffer.from('large'));
    assert.equal(await store.get(large, 'sd'), Buffer.from('large'));
  } finally {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  }
});

test('the metadata directory can live outside the share, which then holds nothing but its files', async () => {
  const metadataDirectory = await tempDirectory('outside');
  try {
    await withShare({ metadata: 'sidecar', metadataDirectory }, async (root, driver) => {
      await createFile(driver, ['f'], 'data');
      await addStream(driver, ['f'], 's', 'stream');
      await driver.open(ctx, ['f'], options('open')).then(async ({ handle }) => {
        await handle.setBasicInfo(ctx, { attributes: FileAttributes.HIDDEN });
        await handle.close(ctx);
      });
      assert.equal(await readdir(root), ['f']);
      assert.ok(existsSync(join(metadataDirectory, SIDECAR_DATABASE)));
      assert.is((await filesUnder(join(metadataDirectory, 'streams'))).length, 2);
      // A metadata directory that is the root, or holds it, would hide the whole share.
      await expectError(PosixDriver.open({ root, metadataDirectory: '.' }), 'invalid-parameter');
      await expectError(PosixDriver.open({ root, metadataDirectory: '..' }), 'invalid-parameter');
    });
  } finally {
    await rm(metadataDirectory, { recursive: true, force: true });
  }
});

// Linux lets only writers set user.* xattrs, and READONLY is a cleared write bit: an unprivileged owner must
// still be able to change the DOS attributes and EAs of a read-only file (root bypasses the check, so the
// driver runs as nobody here).
test('xattr: an unprivileged owner changes attributes and EAs of a READONLY file, which stays read-only', async () => {
  if (xattr === undefined || process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) {
    console.log('needs fs-xattr, root and setpriv: skipped');
    return;
  }
  const root = await tempDirectory('nobody');
  try {
    await chown(root, 65534, 65534);
    const script = `
      import { PosixDriver } from ${JSON.stringify(new URL('../../src/ios/posix/driver.ts', import.meta.url).pathname)};
      const ctx = ${JSON.stringify({ ...ctx, sessionId: 1 })};
      ctx.sessionId = 1n;
      const base = { directory: false, nonDirectory: false, write: true };
      const driver = await PosixDriver.open({ root: ${JSON.stringify(root)}, metadata: 'xattr' });
      const { handle } = await driver.open(ctx, ['ro'], { ...base, disposition: 'create', attributes: 0x01 });
      await handle.close(ctx);
      const reopened = await driver.open(ctx, ['ro'], { ...base, disposition: 'open', write: false, attributes: 0 });
      await reopened.handle.setBasicInfo(ctx, { attributes: 0x01 | 0x02 });
      await reopened.handle.setExtendedAttributes(ctx, [{ name: 'OWNER', value: Buffer.from('1'), flags: 0 }]);
      const stat = await reopened.handle.stat(ctx);
      const eas = await reopened.handle.getExtendedAttributes(ctx);
      await reopened.handle.close(ctx);
      await driver.dispose();
      console.log(JSON.stringify({ attributes: stat.attributes, eas: eas.map((e) => e.name) }));
    `;
    const output = execFileSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(JSON.parse(output), { attributes: FileAttributes.READONLY | FileAttributes.HIDDEN, eas: ['OWNER'] });
    assert.is((await stat(join(root, 'ro'))).mode & 0o777 & 0o222, 0, 'the write bits are cleared again');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
