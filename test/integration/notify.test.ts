// CHANGE_NOTIFY end to end with Samba's smbclient: one smbclient watches a folder of smb3d's POSIX share
// ("notify DIR", which prints "ACTION NAME" per change and re-arms), while a second smbclient puts a file into
// it, and while a local program writes a file straight into the folder behind the share.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run, startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';

let server: RunningSmb3d;
let watcher: ChildProcess;
let work: string;
let printed = '';

const credentials = ['-U', 'alice%secret'];
const ADDED = '0001';

/** Resolves once the watcher printed a line for `name` with `action`; fails after `ms`. */
async function seen(action: string, name: string, ms = 5000): Promise<boolean> {
  const line = `${action} ${name}`;
  for (let waited = 0; waited < ms; waited += 20) {
    if (printed.split('\n').some((l) => l.trim() === line)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

test.before(async () => {
  server = await startSmb3d();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'notify-'));
  await fs.mkdir(path.join(server.shareDir, 'watched'));
  await fs.writeFile(path.join(work, 'payload.txt'), 'from another client\n');
  // smbclient buffers its standard output when it is not a terminal; stdbuf makes it print each line at once.
  watcher = spawn('stdbuf', ['-oL', 'smbclient', '//127.0.0.1/data', '-p', String(server.port), ...credentials, '-c', 'notify watched'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  watcher.stdout!.setEncoding('utf8').on('data', (s: string) => (printed += s));
  // Changes made before the watch is set up are not reported: put probe files until one is.
  for (let i = 0; i < 25; i++) {
    const r = await run('smbclient', ['//127.0.0.1/data', '-p', String(server.port), ...credentials, '-c', `put ${path.join(work, 'payload.txt')} watched\\probe${i}.txt`]);
    assert.is(r.code, 0, r.stdout + r.stderr);
    if (await seen(ADDED, `probe${i}.txt`, 400)) return;
  }
  throw new Error(`the watcher never reported a probe; it printed:\n${printed}`);
});

test.after(async () => {
  watcher.kill();
  assert.is(await server.stop(), 0, 'smb3d exits cleanly on SIGTERM');
  await fs.rm(work, { recursive: true, force: true });
  await fs.rm(server.shareDir, { recursive: true, force: true });
});

test('a file another client puts into the folder is reported as added, then modified by its writes', async () => {
  const r = await run('smbclient', ['//127.0.0.1/data', '-p', String(server.port), ...credentials, '-c', `put ${path.join(work, 'payload.txt')} watched\\from-client.txt`]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.ok(await seen(ADDED, 'from-client.txt'), `printed:\n${printed}`);
  assert.ok(await seen('0003', 'from-client.txt'), `printed:\n${printed}`);
});

test('a file written straight into the folder behind the share is reported as added', async () => {
  await fs.writeFile(path.join(server.shareDir, 'watched', 'from-disk.txt'), 'written locally\n');
  assert.ok(await seen(ADDED, 'from-disk.txt'), `printed:\n${printed}`);
});

test('a file removed behind the share is reported as removed, and once only', async () => {
  await fs.unlink(path.join(server.shareDir, 'watched', 'from-disk.txt'));
  assert.ok(await seen('0002', 'from-disk.txt'), `printed:\n${printed}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.is(printed.split('\n').filter((l) => l.trim() === '0002 from-disk.txt').length, 1);
});

test('a file the server itself deletes is reported once, not again by the backend watcher', async () => {
  const r = await run('smbclient', ['//127.0.0.1/data', '-p', String(server.port), ...credentials, '-c', 'del watched\\from-client.txt']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.ok(await seen('0002', 'from-client.txt'), `printed:\n${printed}`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.is(printed.split('\n').filter((l) => l.trim() === '0002 from-client.txt').length, 1, printed);
});

test.run();
