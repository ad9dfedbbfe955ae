// smb3d as an admin meets it: clear one-line errors, no stack traces, clean shutdown.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, startSmb3d } from '../helpers/smb3d.ts';

const CLI = fileURLToPath(new URL('../../src/cli/smb3d.ts', import.meta.url));
const smb3d = (...args: string[]) => run(process.execPath, [CLI, ...args], 15_000);

function assertOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.is(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^smb3d: /);
  assert.match(lines[0]!, pattern);
}

test('a missing share folder', async () => {
  const r = await smb3d('--listen', '127.0.0.1:0', '--share', 'x=/nonexistent/folder', '--user', 'a:b');
  assertOneLineError(r, /share "x".*\/nonexistent\/folder/);
});

test('a busy port', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  const r = await smb3d('--listen', `127.0.0.1:${port}`, '--share', `x=${os.tmpdir()}`, '--user', 'a:b');
  blocker.close();
  assertOneLineError(r, /address already in use/);
});

test('bad flags and bad config files', async () => {
  assertOneLineError(await smb3d('--listen', 'nonsense', '--share', `x=${os.tmpdir()}`, '--user', 'a:b'), /HOST:PORT/);
  assertOneLineError(await smb3d('--share', 'noequals', '--user', 'a:b'), /NAME=PATH/);
  assertOneLineError(await smb3d('--share', `x=${os.tmpdir()}`), /no users/);
  assertOneLineError(await smb3d('--bogus'), /bogus/);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smb3d-config-'));
  const write = async (text: string) => {
    const file = path.join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
    await fs.writeFile(file, text);
    return file;
  };
  assertOneLineError(await smb3d('--config', await write('shares: [unclosed')), /\.yaml/);
  assertOneLineError(await smb3d('--config', await write('colour: blue\n')), /unknown setting "colour"/);
  assertOneLineError(await smb3d('--config', await write('signing: sometimes\nshares: []\n')), /signing must be one of/);
  assertOneLineError(await smb3d('--config', await write('durableHandles: sometimes\nshares: []\n')), /durableHandles/);
  assertOneLineError(await smb3d('--config', path.join(dir, 'missing.yaml')), /cannot read config file/);
  await fs.rm(dir, { recursive: true });
});

test('a YAML config serves its shares with its users, and SIGTERM stops the daemon cleanly', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smb3d-yaml-'));
  await fs.mkdir(path.join(dir, 'projects'));
  await fs.writeFile(path.join(dir, 'projects', 'plan.txt'), 'the plan');
  const config = path.join(dir, 'smb3d.yaml');
  await fs.writeFile(
    config,
    ['signing: required', 'users:', '  - { name: bob, password: hunter2 }', 'shares:', `  - { name: projects, path: ${path.join(dir, 'projects')}, readOnly: true }`, 'log: { level: warn }', ''].join('\n'),
  );
  const server = await startSmb3d(['--config', config]);
  const r = await run('smbclient', [`//127.0.0.1/projects`, '-p', String(server.port), '-U', 'bob%hunter2', '-c', `get plan.txt ${path.join(dir, 'plan.back')}`]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(await fs.readFile(path.join(dir, 'plan.back'), 'utf8'), 'the plan');
  const denied = await run('smbclient', [`//127.0.0.1/projects`, '-p', String(server.port), '-U', 'bob%hunter2', '-c', `put ${config} new.txt`]);
  assert.match(denied.stdout + denied.stderr, /NT_STATUS_ACCESS_DENIED/, 'a read-only share refuses writes');
  assert.is(await server.stop(), 0);
  await fs.rm(dir, { recursive: true });
  await fs.rm(server.shareDir, { recursive: true });
});

test.run();
