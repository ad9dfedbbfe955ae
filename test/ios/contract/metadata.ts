// What a driver keeps beside the data: extended attributes (MS-FSCC 2.4.15), security descriptors (opaque
// bytes to the driver), DOS attributes and creation time. Each must survive reopening, a restart of the driver
// over the same storage, and a rename.

import * as assert from 'uvu/assert';
import { FileAttributes } from '../../../src/protocol/constants.ts';
import type { ExtendedAttribute, ShareDriver } from '../../../src/ios/types.ts';
import { collect, contractContext as ctx, createDirectory, createFile, expectError, near, options, readFile } from './helpers.ts';
import type { Group } from './helpers.ts';
import { readStream, streamNames } from './streams.ts';

/**
 * A self-relative security descriptor (MS-DTYP 2.4.6) built with impacket's ldaptypes.SR_SECURITY_DESCRIPTOR:
 * owner BUILTIN\Administrators (S-1-5-32-544), group SYSTEM (S-1-5-18), a DACL granting Everyone (S-1-1-0)
 * 0x001F01FF (FILE_ALL_ACCESS).
 */
export const DESCRIPTOR = Buffer.from(
  '010004803000000040000000000000001400000002001c000100000000001400ff011f0001010000000000010000000001020000000000052000000020020000010100000000000512000000',
  'hex',
);
/** The same descriptor with Control SE_DACL_PROTECTED (0x1000) added: a different descriptor of the same size. */
const PROTECTED_DESCRIPTOR = Buffer.from(DESCRIPTOR);
PROTECTED_DESCRIPTOR.writeUInt16LE(DESCRIPTOR.readUInt16LE(2) | 0x1000, 2);

/** 2017-02-12, with 100 ns digits. */
const CREATION_TIME = 131_313_131_313_131_313n;
const FILE_NEED_EA = 0x80;

function ea(name: string, value: string, flags = 0): ExtendedAttribute {
  return { name, value: Buffer.from(value), flags };
}

async function eas(driver: ShareDriver, path: string[]): Promise<[string, string, number][]> {
  const { handle } = await driver.open(ctx, path, options('open', { write: false }));
  try {
    return (await handle.getExtendedAttributes!(ctx)).map((e) => [e.name, e.value.toString(), e.flags]);
  } finally {
    await handle.close(ctx);
  }
}

async function descriptor(driver: ShareDriver, path: string[]): Promise<Buffer | undefined> {
  const { handle } = await driver.open(ctx, path, options('open', { write: false }));
  try {
    return await handle.getSecurityDescriptor!(ctx);
  } finally {
    await handle.close(ctx);
  }
}

async function change(driver: ShareDriver, path: string[], body: (handle: Awaited<ReturnType<ShareDriver['open']>>['handle']) => Promise<void>): Promise<void> {
  const { handle } = await driver.open(ctx, path, options('open', { write: false }));
  try {
    await body(handle);
  } finally {
    await handle.close(ctx);
  }
}

export function metadataContract(group: Group): void {
  const extended = group('extended attributes');

  extended(
    'EAs are set, replaced without regard to case, removed by an empty value, and kept across reopen',
    async ({ driver }) => {
      await createFile(driver, ['f']);
      assert.equal(await eas(driver, ['f']), []);
      const value = Buffer.from('one');
      await change(driver, ['f'], async (handle) => {
        await handle.setExtendedAttributes!(ctx, [{ name: 'Alpha', value, flags: 0 }, ea('BETA', 'two', FILE_NEED_EA)]);
        value.write('XXX');
      });
      assert.equal(await eas(driver, ['f']), [['Alpha', 'one', 0], ['BETA', 'two', FILE_NEED_EA]], 'stored as given, copied');
      await change(driver, ['f'], (handle) => handle.setExtendedAttributes!(ctx, [ea('alpha', 'uno'), ea('Beta', '')]));
      assert.equal(await eas(driver, ['f']), [['alpha', 'uno', 0]]);
      await change(driver, ['f'], async (handle) => {
        const got = await handle.getExtendedAttributes!(ctx);
        got[0]!.value.write('ZZZ');
      });
      assert.equal(await eas(driver, ['f']), [['alpha', 'uno', 0]], 'callers get copies');
      await createDirectory(driver, ['d']);
      await change(driver, ['d'], (handle) => handle.setExtendedAttributes!(ctx, [ea('ON.DIR', 'yes')]));
      assert.equal(await eas(driver, ['d']), [['ON.DIR', 'yes', 0]]);
    },
    ['extendedAttributes'],
  );

  extended(
    'EAs given at creation are stored; an overwrite carrying EAs replaces them',
    async ({ driver }) => {
      const created = await driver.open(ctx, ['f'], options('create', { extendedAttributes: [ea('FIRST', '1'), ea('SECOND', '2')] }));
      await created.handle.close(ctx);
      assert.equal(await eas(driver, ['f']), [['FIRST', '1', 0], ['SECOND', '2', 0]]);
      const plain = await driver.open(ctx, ['f'], options('overwrite'));
      await plain.handle.close(ctx);
      assert.equal(await eas(driver, ['f']), [['FIRST', '1', 0], ['SECOND', '2', 0]], 'an overwrite without EAs keeps them');
      const replacing = await driver.open(ctx, ['f'], options('overwrite', { extendedAttributes: [ea('THIRD', '3')] }));
      await replacing.handle.close(ctx);
      assert.equal(await eas(driver, ['f']), [['THIRD', '3', 0]]);
    },
    ['extendedAttributes'],
  );

  extended(
    'malformed EAs are invalid-parameter and change nothing',
    async ({ driver }) => {
      await createFile(driver, ['f']);
      await change(driver, ['f'], (handle) => handle.setExtendedAttributes!(ctx, [ea('KEEP', 'k')]));
      for (const bad of [ea('', 'empty name'), ea('N'.repeat(256), 'long name'), ea('caf\u00e9', 'not ASCII'), ea('FLAGS', 'x', 0x01)]) {
        await change(driver, ['f'], (handle) => expectError(handle.setExtendedAttributes!(ctx, [ea('NEW', 'n'), bad]), 'invalid-parameter'));
      }
      assert.equal(await eas(driver, ['f']), [['KEEP', 'k', 0]]);
      await expectError(driver.open(ctx, ['g'], options('create', { extendedAttributes: [ea('', 'x')] })), 'invalid-parameter');
      assert.is(await driver.lookup(ctx, ['g']), undefined, 'a create with bad EAs leaves nothing behind');
    },
    ['extendedAttributes'],
  );

  extended(
    'eaSize is what the EAs take as a FILE_FULL_EA_INFORMATION list, in stat, lookup and enumeration',
    async ({ driver }) => {
      // Sizes by MS-FSCC 2.4.15: each entry 8 + name + NUL + value bytes, all but the last padded to 4 bytes. Samba
      // 4.17 reports 36, 17, 32 and 0 as FileEaInformation for the first four lists (set over SMB2 with impacket).
      const sizes = async (path: string[]): Promise<number[]> => {
        const { handle } = await driver.open(ctx, path, options('open', { write: false }));
        const parent = await driver.open(ctx, path.slice(0, -1), options('open', { write: false }));
        try {
          const listed = (await collect(parent.handle.enumerate(ctx))).find((entry) => entry.name === path[path.length - 1]);
          return [(await handle.stat(ctx)).eaSize!, (await driver.lookup(ctx, path))!.eaSize!, listed!.stat.eaSize!];
        } finally {
          await handle.close(ctx);
          await parent.handle.close(ctx);
        }
      };
      await createFile(driver, ['f']);
      assert.equal(await sizes(['f']), [0, 0, 0]);
      await change(driver, ['f'], (handle) => handle.setExtendedAttributes!(ctx, [ea('Alpha', 'one'), ea('BETA', 'two', FILE_NEED_EA)]));
      assert.equal(await sizes(['f']), [36, 36, 36], '17 padded to 20, then 16');
      await change(driver, ['f'], (handle) => handle.setExtendedAttributes!(ctx, [ea('alpha', 'uno'), ea('Beta', '')]));
      assert.equal(await sizes(['f']), [17, 17, 17]);
      await change(driver, ['f'], (handle) => handle.setExtendedAttributes!(ctx, [ea('AB', 'x')]));
      assert.equal(await sizes(['f']), [32, 32, 32], '17 padded to 20, then 12');
      await change(driver, ['f'], (handle) => handle.setExtendedAttributes!(ctx, [ea('ALPHA', ''), ea('ab', '')]));
      assert.equal(await sizes(['f']), [0, 0, 0]);
      const created = await driver.open(ctx, ['g'], options('create', { extendedAttributes: [ea('FIRST', '1'), ea('SECOND', '2')] }));
      await created.handle.close(ctx);
      assert.equal(await sizes(['g']), [32, 32, 32], '15 padded to 16, then 16');
      const replacing = await driver.open(ctx, ['g'], options('overwrite', { extendedAttributes: [ea('THIRD', '3')] }));
      await replacing.handle.close(ctx);
      assert.equal(await sizes(['g']), [15, 15, 15]);
      await createDirectory(driver, ['d']);
      await change(driver, ['d'], (handle) => handle.setExtendedAttributes!(ctx, [ea('ON.DIR', 'yes')]));
      assert.equal(await sizes(['d']), [18, 18, 18]);
    },
    ['extendedAttributes', 'eaSize'],
  );

  const security = group('security descriptors');

  security(
    'descriptors round-trip as opaque bytes, from creation or set later, on files and directories',
    async ({ driver }) => {
      await createFile(driver, ['f']);
      assert.is(await descriptor(driver, ['f']), undefined, 'none stored yet');
      await change(driver, ['f'], (handle) => handle.setSecurityDescriptor!(ctx, DESCRIPTOR));
      assert.equal(await descriptor(driver, ['f']), DESCRIPTOR);
      await change(driver, ['f'], (handle) => handle.setSecurityDescriptor!(ctx, PROTECTED_DESCRIPTOR));
      assert.equal(await descriptor(driver, ['f']), PROTECTED_DESCRIPTOR, 'a new descriptor replaces the old');
      const made = await driver.open(ctx, ['d'], options('create', { directory: true, write: false, securityDescriptor: DESCRIPTOR }));
      assert.equal(await made.handle.getSecurityDescriptor!(ctx), DESCRIPTOR);
      await made.handle.close(ctx);
      assert.equal(await descriptor(driver, ['d']), DESCRIPTOR);
      await change(driver, ['f'], (handle) => expectError(handle.setSecurityDescriptor!(ctx, Buffer.alloc(0)), 'invalid-parameter'));
      await expectError(driver.open(ctx, ['bad'], options('create', { securityDescriptor: Buffer.alloc(0) })), 'invalid-parameter');
      assert.is(await driver.lookup(ctx, ['bad']), undefined, 'a create with a bad descriptor leaves nothing behind');
    },
    ['securityDescriptors'],
  );

  const dos = group('DOS attributes and creation time');

  dos(
    'attributes and creation time persist across reopen, in lookup, stat and enumeration',
    async ({ driver }) => {
      const tolerance = driver.capabilities.maxTimestampError ?? 0n;
      const made = await driver.open(ctx, ['f'], options('create', { attributes: FileAttributes.HIDDEN | FileAttributes.SYSTEM }));
      assert.is((await made.handle.stat(ctx)).attributes, FileAttributes.HIDDEN | FileAttributes.SYSTEM);
      await made.handle.setBasicInfo(ctx, { creationTime: CREATION_TIME });
      await made.handle.close(ctx);
      const dir = await driver.open(ctx, ['d'], options('create', { directory: true, write: false, attributes: FileAttributes.HIDDEN }));
      await dir.handle.close(ctx);
      const file = await driver.lookup(ctx, ['f']);
      assert.is(file!.attributes, FileAttributes.HIDDEN | FileAttributes.SYSTEM);
      near(file!.creationTime, CREATION_TIME, tolerance, 'creation time');
      assert.is((await driver.lookup(ctx, ['d']))!.attributes, FileAttributes.DIRECTORY | FileAttributes.HIDDEN);
      const root = await driver.open(ctx, [], options('open', { write: false }));
      const listed = new Map((await collect(root.handle.enumerate(ctx))).map((entry) => [entry.name, entry.stat]));
      await root.handle.close(ctx);
      assert.is(listed.get('f')!.attributes, FileAttributes.HIDDEN | FileAttributes.SYSTEM);
      assert.is(listed.get('d')!.attributes, FileAttributes.DIRECTORY | FileAttributes.HIDDEN);
      await change(driver, ['f'], (handle) => handle.setBasicInfo(ctx, { attributes: FileAttributes.ARCHIVE | FileAttributes.READONLY }));
      assert.is((await driver.lookup(ctx, ['f']))!.attributes, FileAttributes.ARCHIVE | FileAttributes.READONLY);
      await change(driver, ['d'], (handle) => handle.setBasicInfo(ctx, { attributes: FileAttributes.READONLY | FileAttributes.TEMPORARY }));
      assert.is((await driver.lookup(ctx, ['d']))!.attributes, FileAttributes.DIRECTORY | FileAttributes.READONLY, 'TEMPORARY is for files only');
      near((await driver.lookup(ctx, ['f']))!.creationTime, CREATION_TIME, tolerance, 'attribute changes leave the creation time');
    },
    ['persistentDosAttributes'],
  );

  dos(
    'a new file in place of a deleted one starts afresh',
    async ({ driver }) => {
      const caps = driver.capabilities;
      const made = await driver.open(ctx, ['f'], options('create', { attributes: FileAttributes.HIDDEN }));
      if (caps.extendedAttributes) await made.handle.setExtendedAttributes!(ctx, [ea('OLD', 'x')]);
      if (caps.securityDescriptors) await made.handle.setSecurityDescriptor!(ctx, DESCRIPTOR);
      await made.handle.close(ctx);
      await driver.unlink(ctx, ['f']);
      // Most file systems hand a freed inode number to the next file: metadata must not carry over.
      for (let i = 0; i < 4; i++) await createFile(driver, [`f${i}`]);
      await createFile(driver, ['f']);
      for (const path of [['f'], ['f0'], ['f1'], ['f2'], ['f3']]) {
        assert.is((await driver.lookup(ctx, path))!.attributes, FileAttributes.ARCHIVE, path[0]);
        if (caps.extendedAttributes) assert.equal(await eas(driver, path), []);
        if (caps.securityDescriptors) assert.is(await descriptor(driver, path), undefined);
      }
    },
    ['persistentDosAttributes'],
  );

  dos(
    'attributes, creation time, EAs, descriptors and streams survive a driver restart',
    async ({ driver, fixture }) => {
      const caps = driver.capabilities;
      const tolerance = caps.maxTimestampError ?? 0n;
      await createDirectory(driver, ['d']);
      const made = await driver.open(ctx, ['d', 'f'], options('create', { attributes: FileAttributes.HIDDEN }));
      await made.handle.write(ctx, Buffer.from('data'), 0n);
      await made.handle.setBasicInfo(ctx, { creationTime: CREATION_TIME, attributes: FileAttributes.SYSTEM | FileAttributes.ARCHIVE });
      if (caps.extendedAttributes) await made.handle.setExtendedAttributes!(ctx, [ea('KEPT', 'value', FILE_NEED_EA)]);
      if (caps.securityDescriptors) await made.handle.setSecurityDescriptor!(ctx, DESCRIPTOR);
      await made.handle.close(ctx);
      if (caps.namedStreams) {
        const stream = await driver.open(ctx, ['d', 'f'], options('create', { stream: 'kept' }));
        await stream.handle.write(ctx, Buffer.from('stream data'), 0n);
        await stream.handle.close(ctx);
      }
      await change(driver, ['d'], (handle) => handle.setBasicInfo(ctx, { attributes: FileAttributes.READONLY | FileAttributes.HIDDEN }));
      const restarted = await fixture.restart!();
      const file = await restarted.lookup(ctx, ['d', 'f']);
      assert.is(file!.attributes, FileAttributes.SYSTEM | FileAttributes.ARCHIVE);
      near(file!.creationTime, CREATION_TIME, tolerance, 'creation time after restart');
      assert.is((await restarted.lookup(ctx, ['d']))!.attributes, FileAttributes.DIRECTORY | FileAttributes.READONLY | FileAttributes.HIDDEN);
      assert.is(await readFile(restarted, ['d', 'f']), 'data');
      if (caps.extendedAttributes) assert.equal(await eas(restarted, ['d', 'f']), [['KEPT', 'value', FILE_NEED_EA]]);
      if (caps.securityDescriptors) assert.equal(await descriptor(restarted, ['d', 'f']), DESCRIPTOR);
      if (caps.namedStreams) assert.is(await readStream(restarted, ['d', 'f'], 'kept'), 'stream data');
    },
    ['persistentDosAttributes', 'restart'],
  );

  dos(
    'a rename keeps streams, EAs, descriptor and attributes, for the file and for open handles',
    async ({ driver }) => {
      const caps = driver.capabilities;
      await createDirectory(driver, ['d']);
      const made = await driver.open(ctx, ['a'], options('create', { attributes: FileAttributes.HIDDEN }));
      if (caps.extendedAttributes) await made.handle.setExtendedAttributes!(ctx, [ea('MOVES', 'along')]);
      if (caps.securityDescriptors) await made.handle.setSecurityDescriptor!(ctx, DESCRIPTOR);
      if (caps.namedStreams) {
        const stream = await driver.open(ctx, ['a'], options('create', { stream: 's' }));
        await stream.handle.write(ctx, Buffer.from('moved'), 0n);
        await stream.handle.close(ctx);
      }
      await driver.rename(ctx, ['a'], ['d', 'b'], false);
      assert.equal(made.handle.path, ['d', 'b']);
      assert.is((await made.handle.stat(ctx)).attributes, FileAttributes.HIDDEN);
      if (caps.extendedAttributes) assert.equal((await made.handle.getExtendedAttributes!(ctx)).map((e) => e.name), ['MOVES']);
      if (caps.securityDescriptors) assert.equal(await made.handle.getSecurityDescriptor!(ctx), DESCRIPTOR);
      await made.handle.close(ctx);
      await driver.rename(ctx, ['d'], ['e'], false);
      assert.is((await driver.lookup(ctx, ['e', 'b']))!.attributes, FileAttributes.HIDDEN);
      if (caps.extendedAttributes) assert.equal(await eas(driver, ['e', 'b']), [['MOVES', 'along', 0]]);
      if (caps.securityDescriptors) assert.equal(await descriptor(driver, ['e', 'b']), DESCRIPTOR);
      if (caps.namedStreams) {
        assert.equal(await streamNames(driver, ['e', 'b']), ['s']);
        assert.is(await readStream(driver, ['e', 'b'], 's'), 'moved');
      }
      // Replacing a file removes what the replaced file carried.
      await createFile(driver, ['c']);
      await driver.rename(ctx, ['c'], ['e', 'b'], true);
      assert.is((await driver.lookup(ctx, ['e', 'b']))!.attributes, FileAttributes.ARCHIVE);
      if (caps.extendedAttributes) assert.equal(await eas(driver, ['e', 'b']), []);
      if (caps.namedStreams) assert.equal(await streamNames(driver, ['e', 'b']), []);
    },
    ['persistentDosAttributes'],
  );
}
