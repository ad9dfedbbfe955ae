// Hard links (FileLinkInformation, MS-FSA 2.1.5.15.6), for drivers that declare hardLinks.

import * as assert from 'uvu/assert';
import { contractContext as ctx, createDirectory, createFile, expectError, options, readFile } from './helpers.ts';
import type { Group } from './helpers.ts';

export function linksContract(group: Group): void {
  const links = group('hard links');

  links(
    'a link is another name for the same file, which lives on until its last name goes',
    async ({ driver }) => {
      await createDirectory(driver, ['d']);
      await createFile(driver, ['a'], 'shared');
      await driver.link!(ctx, ['a'], ['d', 'b'], false);
      const a = await driver.lookup(ctx, ['a']);
      const b = await driver.lookup(ctx, ['d', 'b']);
      assert.is(b!.fileId, a!.fileId);
      assert.is(a!.numberOfLinks, 2);
      assert.is(await readFile(driver, ['d', 'b']), 'shared');
      await driver.unlink(ctx, ['a']);
      assert.is(await readFile(driver, ['d', 'b']), 'shared');
      assert.is((await driver.lookup(ctx, ['d', 'b']))!.numberOfLinks, 1);
    },
    ['hardLinks'],
  );

  links(
    'an existing name is exists, or replaced with replaceIfExists; directories and missing files are refused',
    async ({ driver }) => {
      await createFile(driver, ['a'], 'source');
      await createFile(driver, ['b'], 'target');
      await expectError(driver.link!(ctx, ['a'], ['b'], false), 'exists');
      assert.is(await readFile(driver, ['b']), 'target');
      await driver.link!(ctx, ['a'], ['b'], true);
      assert.is(await readFile(driver, ['b']), 'source');
      await driver.link!(ctx, ['a'], ['b'], false);
      assert.is((await driver.lookup(ctx, ['a']))!.numberOfLinks, 2, 'linking onto an existing link of the file changes nothing');
      await createDirectory(driver, ['d']);
      await expectError(driver.link!(ctx, ['d'], ['d2'], false), 'is-a-directory');
      await expectError(driver.link!(ctx, ['a'], ['d'], true), 'access-denied');
      await expectError(driver.link!(ctx, ['missing'], ['x'], false), 'not-found');
      await expectError(driver.link!(ctx, ['a'], ['no-dir', 'x'], false), 'path-not-found');
    },
    ['hardLinks'],
  );

  links(
    'streams and EAs belong to the file, whichever name opens it',
    async ({ driver }) => {
      const caps = driver.capabilities;
      await createFile(driver, ['a']);
      await driver.link!(ctx, ['a'], ['b'], false);
      const { handle } = await driver.open(ctx, ['a'], options('open'));
      if (caps.extendedAttributes) await handle.setExtendedAttributes!(ctx, [{ name: 'LINKED', value: Buffer.from('1'), flags: 0 }]);
      await handle.close(ctx);
      if (caps.namedStreams) {
        const stream = await driver.open(ctx, ['a'], options('create', { stream: 's' }));
        await stream.handle.close(ctx);
      }
      await driver.unlink(ctx, ['a']);
      const other = await driver.open(ctx, ['b'], options('open', { write: false }));
      if (caps.extendedAttributes) assert.equal((await other.handle.getExtendedAttributes!(ctx)).map((e) => e.name), ['LINKED']);
      if (caps.namedStreams) assert.equal((await other.handle.listStreams!(ctx)).map((s) => s.name), ['s']);
      await other.handle.close(ctx);
    },
    ['hardLinks'],
  );
}
