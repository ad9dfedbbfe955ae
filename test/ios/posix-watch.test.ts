// PosixDriver.watch: what other programs do under the root arrives as added / removed / modified with the
// kind of object, in order; the metadata directory is never reported; nothing arrives after close().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PosixDriver, METADATA_DIRECTORY } from '../../src/ios/posix/driver.ts';
import type { BackendChange } from '../../src/ios/types.ts';

let root: string;
let driver: PosixDriver;

test.before.each(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'posix-watch-'));
  driver = new PosixDriver({ root });
});

test.after.each(async () => {
  await driver.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

/** Waits until `seen` holds a change matching `want`, or fails after a few seconds. */
async function waitFor(seen: BackendChange[], want: (c: BackendChange) => boolean, what: string): Promise<BackendChange> {
  for (let i = 0; i < 200; i++) {
    const found = seen.find(want);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no change for ${what}; saw ${JSON.stringify(seen)}`);
}

const at = (kind: BackendChange['kind'], ...p: string[]) => (c: BackendChange) => c.kind === kind && c.path.join('/') === p.join('/');

test('files and directories made, changed and removed by another program are reported', async () => {
  const seen: BackendChange[] = [];
  const watcher = driver.watch((c) => seen.push(c));
  await new Promise((resolve) => setTimeout(resolve, 100));
  await fs.mkdir(path.join(root, 'dir'));
  assert.equal(await waitFor(seen, at('added', 'dir'), 'mkdir'), { kind: 'added', path: ['dir'], isDirectory: true });
  await fs.writeFile(path.join(root, 'dir', 'new.txt'), 'x');
  assert.equal(await waitFor(seen, at('added', 'dir', 'new.txt'), 'a file in a subdirectory'), { kind: 'added', path: ['dir', 'new.txt'], isDirectory: false });
  await fs.appendFile(path.join(root, 'dir', 'new.txt'), 'more');
  await waitFor(seen, at('modified', 'dir', 'new.txt'), 'append');
  await fs.rename(path.join(root, 'dir', 'new.txt'), path.join(root, 'moved.txt'));
  await waitFor(seen, at('removed', 'dir', 'new.txt'), 'rename source');
  await waitFor(seen, at('added', 'moved.txt'), 'rename target');
  await fs.unlink(path.join(root, 'moved.txt'));
  assert.equal(await waitFor(seen, at('removed', 'moved.txt'), 'unlink'), { kind: 'removed', path: ['moved.txt'] });
  watcher.close();
});

test('the metadata directory is not reported, and close() ends the reports', async () => {
  const seen: BackendChange[] = [];
  const watcher = driver.watch((c) => seen.push(c));
  await new Promise((resolve) => setTimeout(resolve, 100));
  await fs.mkdir(path.join(root, METADATA_DIRECTORY), { recursive: true });
  await fs.writeFile(path.join(root, METADATA_DIRECTORY, 'inside'), 'x');
  await fs.writeFile(path.join(root, 'marker'), 'x');
  await waitFor(seen, at('added', 'marker'), 'the marker file');
  assert.ok(seen.every((c) => c.path[0] !== METADATA_DIRECTORY), JSON.stringify(seen));
  watcher.close();
  const count = seen.length;
  await fs.writeFile(path.join(root, 'after-close'), 'x');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.is(seen.length, count);
});

test.run();
