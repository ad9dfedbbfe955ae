// Case-insensitive name resolution on a case-sensitive driver (src/server/create/resolve.ts), against the
// MemoryDriver, and the 8.3 short names it also resolves (src/server/info/short-names.ts).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryDriver } from '../../src/ios/memory/driver.ts';
import type { ClientContext, DirectoryEntry, DriverHandle, OpenOptions, ShareDriver } from '../../src/ios/types.ts';
import { resolvePath, resolveShareName, resolveStreamName } from '../../src/server/create/resolve.ts';
import { alternateNameOf, shortNameOf } from '../../src/server/info/short-names.ts';

const ctx: ClientContext = {
  identity: { user: 'u', domain: 'TEST', sid: 'S-1-5-21-1-2-3-1001', groupSids: [], isGuest: false, isAnonymous: false },
  sessionId: 1n,
  shareName: 'share',
  clientAddress: '127.0.0.1',
};

const options = (extra: Partial<OpenOptions> = {}): OpenOptions => ({ disposition: 'create', directory: false, nonDirectory: false, write: true, attributes: 0, ...extra });

async function make(driver: ShareDriver, path: string[], extra: Partial<OpenOptions> = {}): Promise<void> {
  const { handle } = await driver.open(ctx, path, options(extra));
  await handle.close(ctx);
}

async function tree(): Promise<MemoryDriver> {
  const driver = new MemoryDriver();
  await make(driver, ['Docs'], { directory: true });
  await make(driver, ['Docs', 'Readme.TXT']);
  await make(driver, ['Docs', 'Sub'], { directory: true });
  await make(driver, ['Docs', 'Sub', 'Deep.bin']);
  return driver;
}

test('existing components take their stored case; missing ones keep the client case', async () => {
  const driver = await tree();
  assert.equal(await resolvePath(driver, ctx, ['docs', 'README.txt']), ['Docs', 'Readme.TXT']);
  assert.equal(await resolvePath(driver, ctx, ['DOCS', 'sub', 'deep.BIN']), ['Docs', 'Sub', 'Deep.bin']);
  assert.equal(await resolvePath(driver, ctx, ['docs', 'New File.txt']), ['Docs', 'New File.txt']);
  assert.equal(await resolvePath(driver, ctx, ['docs', 'Missing', 'x']), ['Docs', 'Missing', 'x']);
  assert.equal(await resolvePath(driver, ctx, []), []);
});

test('an exact match wins; among case variants the least name in code unit order, whatever the listing order', async () => {
  const driver = await tree();
  await make(driver, ['Docs', 'readme.txt']);
  await make(driver, ['Docs', 'README.TXT']);
  assert.equal(await resolvePath(driver, ctx, ['Docs', 'readme.txt']), ['Docs', 'readme.txt']);
  assert.equal(await resolvePath(driver, ctx, ['Docs', 'Readme.txt']), ['Docs', 'README.TXT']);
  // The same directory listed backwards picks the same name.
  const reversed: ShareDriver = {
    capabilities: driver.capabilities,
    lookup: (c, p) => driver.lookup(c, p),
    rename: (c, f, t, r) => driver.rename(c, f, t, r),
    unlink: (c, p, s) => driver.unlink(c, p, s),
    statfs: (c) => driver.statfs(c),
    async open(c, p, o) {
      const opened = await driver.open(c, p, o);
      const inner = opened.handle;
      const handle: DriverHandle = Object.create(inner) as DriverHandle;
      handle.enumerate = async function* (cc: ClientContext): AsyncGenerator<DirectoryEntry> {
        const all: DirectoryEntry[] = [];
        for await (const e of inner.enumerate(cc)) all.push(e);
        yield* all.reverse();
      };
      handle.listNames = async function* (cc: ClientContext): AsyncGenerator<string> {
        const names: string[] = [];
        for await (const name of inner.listNames!(cc)) names.push(name);
        yield* names.reverse();
      };
      handle.close = (cc: ClientContext) => inner.close(cc);
      return { handle, result: opened.result };
    },
  };
  assert.equal(await resolvePath(reversed, ctx, ['Docs', 'Readme.txt']), ['Docs', 'README.TXT']);
});

test('Unicode case: fullwidth letters and accented letters fold; nothing else does', async () => {
  const driver = new MemoryDriver();
  await make(driver, ['\uff21']);
  await make(driver, ['\u00c9t\u00e9']);
  assert.equal(await resolvePath(driver, ctx, ['\uff41']), ['\uff21']);
  assert.equal(await resolvePath(driver, ctx, ['\u00e9T\u00c9']), ['\u00c9t\u00e9']);
  assert.equal(await resolvePath(driver, ctx, ['e\u0301te\u0301']), ['e\u0301te\u0301'], 'decomposed forms are other names');
});

test('case-insensitive drivers get the path back unchanged', async () => {
  const driver = await tree();
  const capabilities = { ...driver.capabilities, caseSensitive: false };
  const insensitive = new Proxy(driver, {
    get: (target, key) => {
      if (key === 'capabilities') return capabilities;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  assert.ok(await insensitive.lookup(ctx, ['Docs']), 'the wrapper reaches the driver');
  assert.equal(await resolvePath(insensitive, ctx, ['docs', 'readme.txt']), ['docs', 'readme.txt']);
});

test('generated 8.3 names find their long names', async () => {
  const driver = await tree();
  const short = shortNameOf('Readme.TXT');
  assert.is(short, undefined, 'an 8.3 name is its own short name');
  await make(driver, ['Docs', 'A long file name.document']);
  const generated = shortNameOf('A long file name.document')!;
  assert.match(generated, /^[A-Z0-9_]{2}[0-9A-F]{4}~1\.DOC$/);
  assert.equal(await resolvePath(driver, ctx, ['docs', generated]), ['Docs', 'A long file name.document']);
  assert.equal(await resolvePath(driver, ctx, ['docs', generated.toLowerCase()]), ['Docs', 'A long file name.document']);
});

test('short names depend on the long name only, and are valid 8.3 names', () => {
  assert.is(shortNameOf('torture_search.txt'), shortNameOf('torture_search.txt'));
  assert.is.not(shortNameOf('longfilename1.txt'), shortNameOf('longfilename2.txt'));
  assert.is(alternateNameOf('bufsize.txt'), 'bufsize.txt');
  assert.is(alternateNameOf('.hidden'), shortNameOf('.hidden'));
  for (const name of ['torture_search.txt', 'a b.c', 'x'.repeat(200), '\u00e9l\u00e8ve.txt', 'many.dots.in.name', '.hidden']) {
    const short = shortNameOf(name)!;
    assert.ok(/^[^ .]{1,8}(\.[^ .]{1,3})?$/.test(short) && short.length <= 12, `${name} -> ${short}`);
  }
});

test('stream names resolve to the stored case', async () => {
  const driver = await tree();
  await make(driver, ['Docs', 'Readme.TXT'], { disposition: 'open-if', stream: 'StreamName' });
  assert.is(await resolveStreamName(driver, ctx, ['Docs', 'Readme.TXT'], 'STREAMNAME'), 'StreamName');
  assert.is(await resolveStreamName(driver, ctx, ['Docs', 'Readme.TXT'], 'other'), 'other');
  const named = await resolveShareName(driver, ctx, { path: ['docs', 'readme.txt'], stream: 'streamname' });
  assert.equal([named.path, named.stream, named.stat?.isDirectory], [['Docs', 'Readme.TXT'], 'StreamName', false]);
  const unnamed = await resolveShareName(driver, ctx, { path: ['docs', 'readme.txt'], stream: '' });
  assert.equal([unnamed.path, unnamed.stream], [['Docs', 'Readme.TXT'], '']);
  const missing = await resolveShareName(driver, ctx, { path: ['docs', 'new.txt'], stream: 'S' });
  assert.equal([missing.path, missing.stream, missing.stat], [['Docs', 'new.txt'], 'S', undefined]);
});

test.run();
