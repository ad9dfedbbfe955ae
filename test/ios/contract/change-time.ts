// ChangeTime (MS-FSCC 2.4.7): a time a client sets through setBasicInfo is what the driver reports, in stat,
// lookup and enumeration and across reopening, until the object changes; every change of data, of the other
// basic information, of EAs or the security descriptor, and a rename, moves it on (MS-FSA 2.1.5.14.2,
// 2.1.5.15.2). Drivers declaring persistentDosAttributes keep a set ChangeTime as they keep creation times.

import * as assert from 'uvu/assert';
import { FileAttributes } from '../../../src/protocol/constants.ts';
import type { DriverHandle, FileTime, ShareDriver } from '../../../src/ios/types.ts';
import { collect, contractContext as ctx, createDirectory, createFile, near, options } from './helpers.ts';
import type { Group } from './helpers.ts';
import { DESCRIPTOR } from './metadata.ts';

/** 2020-11-17, with 100 ns digits: older than anything the driver stamps itself. */
const OLD: FileTime = 132_500_000_001_234_567n;
/** 2019-11-07 and 2019-09-24, for the other times set along with it. */
const WRITE_TIME: FileTime = 132_176_000_000_000_000n;
const CREATION_TIME: FileTime = 132_137_000_000_000_000n;

async function changeTime(driver: ShareDriver, path: string[]): Promise<FileTime> {
  return (await driver.lookup(ctx, path))!.changeTime;
}

export function changeTimeContract(group: Group): void {
  const change = group('change time');

  change(
    'a ChangeTime set through setBasicInfo is reported by stat, lookup and enumerate, and after reopening',
    async ({ driver }) => {
      const tolerance = driver.capabilities.maxTimestampError ?? 0n;
      await createDirectory(driver, ['d']);
      const { handle } = await driver.open(ctx, ['d', 'f'], options('create'));
      await handle.write(ctx, Buffer.from('data'), 0n);
      await handle.setBasicInfo(ctx, { changeTime: OLD, lastWriteTime: WRITE_TIME, creationTime: CREATION_TIME, attributes: FileAttributes.HIDDEN });
      const stat = await handle.stat(ctx);
      near(stat.changeTime, OLD, tolerance, 'stat');
      near(stat.lastWriteTime, WRITE_TIME, tolerance, 'the other times are set too');
      await handle.close(ctx);
      near(await changeTime(driver, ['d', 'f']), OLD, tolerance, 'lookup');
      const dir = await driver.open(ctx, ['d'], options('open', { write: false }));
      const listed = (await collect(dir.handle.enumerate(ctx))).find((entry) => entry.name === 'f');
      await dir.handle.close(ctx);
      near(listed!.stat.changeTime, OLD, tolerance, 'enumerate');
      // Reading is no change.
      const reading = await driver.open(ctx, ['d', 'f'], options('open', { write: false }));
      await reading.handle.read(ctx, Buffer.alloc(4), 0n);
      near((await reading.handle.stat(ctx)).changeTime, OLD, tolerance, 'reopened');
      await reading.handle.close(ctx);
      // Times far from now, as smbtorture smb2.timestamps sets them: 1968 and 2446.
      for (const seconds of [-63_158_400n, 15_032_385_535n]) {
        const time = seconds * 10_000_000n + 116_444_736_000_000_000n;
        const far = await driver.open(ctx, ['d', 'f'], options('open'));
        await far.handle.setBasicInfo(ctx, { changeTime: time, lastWriteTime: time });
        await far.handle.close(ctx);
        const found = await driver.lookup(ctx, ['d', 'f']);
        near(found!.changeTime, time, tolerance, `ChangeTime ${seconds} s from 1970`);
        near(found!.lastWriteTime, time, tolerance, `LastWriteTime ${seconds} s from 1970`);
      }
      // A ChangeTime alone, on a directory.
      const again = await driver.open(ctx, ['d'], options('open', { write: false }));
      await again.handle.setBasicInfo(ctx, { changeTime: OLD + 1_000_000n });
      await again.handle.close(ctx);
      near(await changeTime(driver, ['d']), OLD + 1_000_000n, tolerance, 'directory');
    },
    ['persistentDosAttributes'],
  );

  change(
    'a set ChangeTime gives way to the next change of the object',
    async ({ driver }) => {
      const caps = driver.capabilities;
      const tolerance = caps.maxTimestampError ?? 0n;
      await createDirectory(driver, ['d']);
      await createFile(driver, ['d', 'f'], 'data');
      const { handle } = await driver.open(ctx, ['d', 'f'], options('open'));
      const changes: [string, (h: DriverHandle) => Promise<unknown>][] = [
        ['a write', (h) => h.write(ctx, Buffer.from('more'), 4n)],
        ['a new end of file', (h) => h.setEndOfFile(ctx, 2n)],
        ['new attributes', (h) => h.setBasicInfo(ctx, { attributes: FileAttributes.HIDDEN })],
        ['READONLY', (h) => h.setBasicInfo(ctx, { attributes: FileAttributes.READONLY })],
        ['no READONLY', (h) => h.setBasicInfo(ctx, { attributes: FileAttributes.ARCHIVE })],
        ['a new write time', (h) => h.setBasicInfo(ctx, { lastWriteTime: WRITE_TIME })],
        ['a new creation time', (h) => h.setBasicInfo(ctx, { creationTime: CREATION_TIME })],
      ];
      if (caps.extendedAttributes) changes.push(['an EA', (h) => h.setExtendedAttributes!(ctx, [{ name: 'E', value: Buffer.from('v'), flags: 0 }])]);
      if (caps.securityDescriptors) changes.push(['a descriptor', (h) => h.setSecurityDescriptor!(ctx, DESCRIPTOR)]);
      for (const [what, make] of changes) {
        await handle.setBasicInfo(ctx, { changeTime: OLD });
        near((await handle.stat(ctx)).changeTime, OLD, tolerance, `set before ${what}`);
        await make(handle);
        assert.ok((await handle.stat(ctx)).changeTime > OLD + tolerance, `${what} moves ChangeTime`);
      }
      await handle.setBasicInfo(ctx, { changeTime: OLD });
      await handle.close(ctx);
      await driver.rename(ctx, ['d', 'f'], ['d', 'g'], false);
      assert.ok((await changeTime(driver, ['d', 'g'])) > OLD + tolerance, 'a rename moves ChangeTime');
      const dir = await driver.open(ctx, ['d'], options('open', { write: false }));
      await dir.handle.setBasicInfo(ctx, { changeTime: OLD });
      await dir.handle.close(ctx);
      await createFile(driver, ['d', 'new']);
      assert.ok((await changeTime(driver, ['d'])) > OLD + tolerance, 'a new entry moves the directory ChangeTime');
    },
    ['persistentDosAttributes'],
  );

  change(
    'a set ChangeTime survives a driver restart',
    async ({ driver, fixture }) => {
      const tolerance = driver.capabilities.maxTimestampError ?? 0n;
      const { handle } = await driver.open(ctx, ['f'], options('create'));
      await handle.write(ctx, Buffer.from('data'), 0n);
      await handle.setBasicInfo(ctx, { changeTime: OLD });
      await handle.close(ctx);
      const restarted = await fixture.restart!();
      near(await changeTime(restarted, ['f']), OLD, tolerance, 'after restart');
    },
    ['persistentDosAttributes', 'restart'],
  );
}
