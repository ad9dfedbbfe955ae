import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile as readHostFile, rename as renameHost, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PosixDriver } from '../../src/ios/posix/driver.ts';
import { loadXattrModule } from '../../src/ios/posix/metadata/xattr-store.ts';
import { dateFromFileTime, FILETIME_UNIX_EPOCH, fileTimeFromDate, fileTimeFromNs, nsFromFileTime } from '../../src/ios/posix/times.ts';
import { FileAttributes } from '../../src/protocol/constants.ts';
import { collect, contractContext as ctx, createFile, driverContract, expectError, options, readFile } from './driver-contract.ts';

async function tempDirectory(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `smb3-ios-${label}-`));
}

/** The contract against one metadata setup; `outside` puts the metadata directory outside the share. */
function posixContract(label: string, metadata: 'xattr' | 'sidecar', outside: boolean): void {
  const probe = new PosixDriver({ root: tmpdir() });
  driverContract(`posix (${label})`, { capabilities: probe.capabilities, restartable: true, hooks: ['copyRange', 'listNames'], reportsEaSize: true }, async () => {
    const root = await tempDirectory('contract');
    const metadataDirectory = outside ? await tempDirectory('metadata') : undefined;
    const settings = { root, metadata, ...(metadataDirectory === undefined ? {} : { metadataDirectory }) };
    let driver = await PosixDriver.open(settings);
    return {
      driver,
      openReadOnly: () => PosixDriver.open({ ...settings, readOnly: true }),
      async restart() {
        await driver.dispose();
        driver = await PosixDriver.open(settings);
        return driver;
      },
      async cleanup() {
        await driver.dispose();
        await rm(root, { recursive: true, force: true });
        if (metadataDirectory !== undefined) await rm(metadataDirectory, { recursive: true, force: true });
      },
    };
  });
}

if (await loadXattrModule()) posixContract('xattr', 'xattr', false);
else console.log('fs-xattr is not installed: the xattr metadata backend is not tested');
posixContract('sidecar', 'sidecar', false);
posixContract('sidecar outside the share', 'sidecar', true);

/** Runs `body` with a share root, a directory outside it, and a driver; removes both afterwards. */
async function withShare(body: (root: string, outside: string, driver: PosixDriver) => Promise<void>): Promise<void> {
  const root = await tempDirectory('share');
  const outside = await tempDirectory('outside');
  const driver = await PosixDriver.open({ root });
  try {
    await body(root, outside, driver);
  } finally {
    await driver.dispose();
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  }
}

test('PosixDriver.open refuses a missing root or a file as root', async () => {
  const base = await tempDirectory('roots');
  try {
    await expectError(PosixDriver.open({ root: join(base, 'missing') }), 'not-found');
    await writeFile(join(base, 'file'), 'x');
    try {
      await PosixDriver.open({ root: join(base, 'file') });
      assert.unreachable('a file is not a share root');
    } catch (error) {
      assert.match((error as Error).message, /is not a directory/);
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('symlinks inside the share are followed', async () => {
  await withShare(async (root, _outside, driver) => {
    await mkdir(join(root, 'real'));
    await writeFile(join(root, 'real', 'f'), 'through a link');
    await symlink('real', join(root, 'link'));
    await symlink(join('real', 'f'), join(root, 'file-link'));
    assert.is(await readFile(driver, ['link', 'f']), 'through a link');
    assert.is(await readFile(driver, ['file-link']), 'through a link');
    const target = await driver.lookup(ctx, ['real', 'f']);
    assert.is((await driver.lookup(ctx, ['file-link']))?.fileId, target?.fileId);
    assert.is((await driver.lookup(ctx, ['link']))?.isDirectory, true);
    await createFile(driver, ['link', 'made-through-link'], 'new');
    assert.is(await readHostFile(join(root, 'real', 'made-through-link'), 'utf8'), 'new');
    const { handle } = await driver.open(ctx, [], options('open', { write: false }));
    const listed = new Map((await collect(handle.enumerate(ctx))).map((entry) => [entry.name, entry.stat]));
    await handle.close(ctx);
    assert.is(listed.get('link')?.isDirectory, true);
    assert.is(listed.get('file-link')?.fileId, target?.fileId);
    // Removing a link removes the link, not what it points to.
    await driver.unlink(ctx, ['link']);
    assert.ok((await stat(join(root, 'real'))).isDirectory());
  });
});

test('symlinks leading outside the share are escapes-share for every operation', async () => {
  await withShare(async (root, outside, driver) => {
    await writeFile(join(outside, 'secret'), 'outside data');
    await symlink(outside, join(root, 'out'));
    await symlink(join(outside, 'secret'), join(root, 'out-file'));
    await createFile(driver, ['inside'], 'in');

    await expectError(driver.open(ctx, ['out'], options('open', { write: false })), 'escapes-share');
    await expectError(driver.open(ctx, ['out', 'secret'], options('open', { write: false })), 'escapes-share');
    await expectError(driver.open(ctx, ['out-file'], options('open', { write: false })), 'escapes-share');
    await expectError(driver.open(ctx, ['out', 'planted'], options('create')), 'escapes-share');
    await expectError(driver.open(ctx, ['out', 'sub'], options('create', { directory: true })), 'escapes-share');
    await expectError(driver.open(ctx, ['out-file'], options('overwrite-if')), 'escapes-share');
    await expectError(driver.lookup(ctx, ['out']), 'escapes-share');
    await expectError(driver.rename(ctx, ['out-file'], ['taken'], false), 'escapes-share');
    await expectError(driver.rename(ctx, ['inside'], ['out', 'moved'], false), 'escapes-share');
    await expectError(driver.rename(ctx, ['inside'], ['out-file'], true), 'escapes-share');
    await expectError(driver.unlink(ctx, ['out-file']), 'escapes-share');
    await expectError(driver.unlink(ctx, ['out', 'secret']), 'escapes-share');

    assert.is(await readHostFile(join(outside, 'secret'), 'utf8'), 'outside data');
    assert.is(await stat(join(outside, 'planted')).catch(() => 'absent'), 'absent');
    assert.is(await stat(join(outside, 'sub')).catch(() => 'absent'), 'absent');
    assert.is(await readFile(driver, ['inside']), 'in');
  });
});

test('enumeration skips escaping and dangling symlinks and special files; listNames only special files', async () => {
  await withShare(async (root, outside, driver) => {
    await symlink(outside, join(root, 'out'));
    await symlink(join(root, 'nowhere'), join(root, 'dangling'));
    await symlink('loop', join(root, 'loop'));
    execFileSync('mkfifo', [join(root, 'fifo')]);
    await createFile(driver, ['plain']);
    const { handle } = await driver.open(ctx, [], options('open', { write: false }));
    const names = (await collect(handle.enumerate(ctx))).map((entry) => entry.name);
    const listed: string[] = [];
    for await (const name of handle.listNames!(ctx)) listed.push(name);
    await handle.close(ctx);
    assert.equal(names, ['.', '..', 'plain']);
    assert.equal(listed.sort(), ['dangling', 'loop', 'out', 'plain'], 'names taken, though clients cannot open them');
  });
});

test('enumeration stats entries concurrently and still lists them in directory order', async () => {
  await withShare(async (root, _outside, driver) => {
    await mkdir(join(root, 'd'));
    for (let i = 0; i < 300; i++) await writeFile(join(root, 'd', `f${i}`), 'x'.repeat(i));
    const { handle } = await driver.open(ctx, ['d'], options('open', { write: false }));
    const entries = (await collect(handle.enumerate(ctx))).slice(2);
    const listed: string[] = [];
    for await (const name of handle.listNames!(ctx)) listed.push(name);
    await handle.close(ctx);
    assert.equal(entries.map((entry) => entry.name), listed, 'the order readdir gives');
    for (const entry of entries) assert.is(entry.stat.size, BigInt(Number(entry.name.slice(1))), entry.name);
  });
});

test('dangling symlinks cannot be opened or created through, but can be removed', async () => {
  await withShare(async (root, _outside, driver) => {
    await symlink(join(root, 'nowhere'), join(root, 'dangling'));
    await expectError(driver.open(ctx, ['dangling'], options('open')), 'not-found');
    await expectError(driver.open(ctx, ['dangling'], options('create')), 'exists');
    await expectError(driver.open(ctx, ['dangling'], options('open-if')), 'access-denied');
    assert.is(await driver.lookup(ctx, ['dangling']), undefined);
    assert.is(await stat(join(root, 'nowhere')).catch(() => 'absent'), 'absent');
    await createFile(driver, ['f']);
    await expectError(driver.rename(ctx, ['f'], ['dangling'], false), 'exists');
    await driver.unlink(ctx, ['dangling']);
    await createFile(driver, ['dangling'], 'now a file');
    assert.is(await readFile(driver, ['dangling']), 'now a file');
  });
});

test('a FIFO is refused without blocking', async () => {
  await withShare(async (root, _outside, driver) => {
    execFileSync('mkfifo', [join(root, 'fifo')]);
    await expectError(driver.open(ctx, ['fifo'], options('open', { write: false })), 'access-denied');
    assert.is(await driver.lookup(ctx, ['fifo']), undefined);
  });
});

test('fileId is the inode number and survives a driver restart', async () => {
  await withShare(async (root, _outside, driver) => {
    await createFile(driver, ['f'], 'x');
    const first = await driver.lookup(ctx, ['f']);
    await driver.dispose();
    const restarted = await PosixDriver.open({ root });
    const again = await restarted.lookup(ctx, ['f']);
    const inode = (await stat(join(root, 'f'), { bigint: true })).ino;
    assert.is(first?.fileId, inode);
    assert.is(again?.fileId, inode);
    await restarted.dispose();
  });
});

test('READONLY maps to the write permission bits', async () => {
  await withShare(async (root, _outside, driver) => {
    await createFile(driver, ['f'], 'x');
    await chmod(join(root, 'f'), 0o664);
    const { handle } = await driver.open(ctx, ['f'], options('open', { write: false }));
    await handle.setBasicInfo(ctx, { attributes: FileAttributes.READONLY });
    assert.is((await stat(join(root, 'f'))).mode & 0o777, 0o444);
    await handle.setBasicInfo(ctx, { attributes: FileAttributes.ARCHIVE });
    assert.is((await stat(join(root, 'f'))).mode & 0o777, 0o644, 'the owner regains write access, nobody else');
    await handle.close(ctx);
    await chmod(join(root, 'f'), 0o444);
    assert.ok(((await driver.lookup(ctx, ['f']))!.attributes & FileAttributes.READONLY) !== 0);
  });
});

test('stat reports st_blocks as allocation, up to the size in whole clusters, and the birth time as creation time', async () => {
  await withShare(async (root, _outside, driver) => {
    await createFile(driver, ['f'], 'y'.repeat(10_000));
    const host = await stat(join(root, 'f'), { bigint: true });
    const reported = await driver.lookup(ctx, ['f']);
    // A block ext4 may add for extended attributes is not data.
    const clusters = 3n * 4096n;
    assert.is(reported?.allocationSize, host.blocks * 512n < clusters ? host.blocks * 512n : clusters);
    assert.is(reported?.lastWriteTime, fileTimeFromNs(host.mtimeNs));
    assert.is(reported?.creationTime, fileTimeFromNs(host.birthtimeNs > 0n ? host.birthtimeNs : host.ctimeNs));
    assert.is(reported?.numberOfLinks, 1);
  });
});

test('statfs folds the root device into the serial number and names NTFS', async () => {
  await withShare(async (root, _outside, driver) => {
    const host = await stat(root, { bigint: true });
    const fs = await driver.statfs(ctx);
    assert.is(fs.volumeSerialNumber, Number((host.dev ^ (host.dev >> 32n)) & 0xffff_ffffn));
    assert.is(fs.fileSystemName, 'NTFS');
  });
});

test('a directory moved away behind the driver is not-found when enumerated', async () => {
  await withShare(async (root, _outside, driver) => {
    await mkdir(join(root, 'd'));
    const { handle } = await driver.open(ctx, ['d'], options('open', { write: false }));
    await renameHost(join(root, 'd'), join(root, 'e'));
    await mkdir(join(root, 'd'));
    await expectError(collect(handle.enumerate(ctx)), 'not-found');
    await handle.close(ctx);
  });
});

test('writes beyond the largest safe offset are refused, not misplaced', async () => {
  await withShare(async (_root, _outside, driver) => {
    const { handle } = await driver.open(ctx, ['f'], options('create'));
    await handle.write(ctx, Buffer.from('start'), 0n);
    await expectError(handle.write(ctx, Buffer.from('x'), 1n << 53n), 'no-space');
    await expectError(handle.setEndOfFile(ctx, 1n << 60n), 'no-space');
    assert.is(await handle.read(ctx, Buffer.alloc(4), (1n << 63n) - 1n), 0);
    await handle.close(ctx);
    assert.is(await readFile(driver, ['f']), 'start');
  });
});

// The FILETIME of the Unix epoch, 116444736000000000, is the constant MS-DTYP 2.3.3 conversions use.
test('FILETIME conversions', () => {
  assert.is(FILETIME_UNIX_EPOCH, 116_444_736_000_000_000n);
  assert.is(fileTimeFromDate(new Date(0)), FILETIME_UNIX_EPOCH);
  assert.is(dateFromFileTime(FILETIME_UNIX_EPOCH).getTime(), 0);
  assert.is(fileTimeFromNs(1_234_567_899n), FILETIME_UNIX_EPOCH + 12_345_678n);
  assert.is(fileTimeFromNs(-1n), FILETIME_UNIX_EPOCH - 1n, 'times before 1970 round down');
  assert.is(nsFromFileTime(FILETIME_UNIX_EPOCH + 3n), 300n);
  assert.is(dateFromFileTime(FILETIME_UNIX_EPOCH - 1n).getTime(), -1);
});

test.run();
