// Samba's smbcacls against smb3d: read a file's ACL, add an ACE and remove it again, and a DENY ACE for a
// user makes smbclient's `get` fail for that user only. smbcacls 4.17 connects to port 445 and nowhere else,
// so smb3d and the Samba tools run in a private network namespace (unshare --net, which needs root); where
// that is impossible the test is skipped.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineDomainSid } from '../../src/auth/static-identities.ts';
import { run } from '../helpers/smb3d.ts';

const SMB3D = fileURLToPath(new URL('../../src/cli/smb3d.ts', import.meta.url));
const ALICE = `${machineDomainSid('WORKGROUP')}-1000`;
const AUTHENTICATED_USERS = 'S-1-5-11';

let namespace: ChildProcess;
let server: ChildProcess;
let shareDir: string;
let work: string;

/** Runs a command inside the namespace. */
const inside = (cmd: string, args: readonly string[]) => run('nsenter', [`--net=/proc/${namespace.pid}/ns/net`, cmd, ...args], 30_000);

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${out}`)));
  });
}

async function namespacesAvailable(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const tools = await Promise.all(['unshare', 'nsenter', 'smbcacls', 'smbclient'].map((t) => run('sh', ['-c', `command -v ${t}`])));
  if (tools.some((t) => t.code !== 0)) return false;
  return (await run('unshare', ['--net', 'true'])).code === 0;
}

const available = await namespacesAvailable();
const maybe = available ? test : test.skip;

test.before(async () => {
  if (!available) return;
  namespace = spawn('unshare', ['--net', 'sh', '-c', 'ip link set lo up && echo ready && exec sleep 600'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await waitFor(namespace, /ready/, 'the network namespace');
  shareDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smbcacls-share-'));
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'smbcacls-'));
  server = spawn(
    'nsenter',
    [`--net=/proc/${namespace.pid}/ns/net`, process.execPath, SMB3D, '--listen', '127.0.0.1:445', '--share', `data=${shareDir}`, '--user', 'alice:secret', '--user', 'bob:hunter2'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitFor(server, /listening on 127\.0\.0\.1:445/, 'smb3d');
  await fs.writeFile(path.join(work, 'hello.txt'), 'hello');
  const put = await inside('smbclient', ['//127.0.0.1/data', '-U', 'alice%secret', '-c', `put ${path.join(work, 'hello.txt')} f.txt`]);
  assert.is(put.code, 0, put.stdout + put.stderr);
});

test.after(async () => {
  if (!available) return;
  server.kill('SIGTERM');
  namespace.kill('SIGTERM');
  await fs.rm(shareDir, { recursive: true, force: true });
  await fs.rm(work, { recursive: true, force: true });
});

const cacls = (...args: string[]) => inside('smbcacls', ['//127.0.0.1/data', 'f.txt', '-U', 'alice%secret', '--numeric', ...args]);
const get = (credentials: string) => inside('smbclient', ['//127.0.0.1/data', '-U', credentials, '-c', `get f.txt ${path.join(work, 'got.txt')}`]);

maybe('smbcacls reads the ACL a new file inherited: owned by its creator, who has full control', async () => {
  const r = await cacls();
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, `OWNER:${ALICE}\n`);
  assert.match(r.stdout, `ACL:${ALICE}:0/0x0/0x001f01ff\n`, 'CREATOR OWNER of the share root became the creator');
});

maybe('smbcacls adds an ACE and removes it again', async () => {
  const ace = `ACL:${AUTHENTICATED_USERS}:ALLOWED/0x0/0x001200a9`;
  assert.is((await cacls('-a', ace)).code, 0);
  assert.match((await cacls()).stdout, `ACL:${AUTHENTICATED_USERS}:0/0x0/0x001200a9\n`);
  assert.is((await cacls('-D', ace)).code, 0);
  assert.not.match((await cacls()).stdout, AUTHENTICATED_USERS);
});

maybe('a DENY ACE for alice makes her get fail with NT_STATUS_ACCESS_DENIED; bob still reads; removing it restores access', async () => {
  const deny = `ACL:${ALICE}:DENIED/0x0/0x00000001`;
  assert.is((await cacls('-a', deny)).code, 0);
  const denied = await get('alice%secret');
  assert.match(denied.stdout + denied.stderr, 'NT_STATUS_ACCESS_DENIED');
  const bob = await get('bob%hunter2');
  assert.is(bob.code, 0, bob.stdout + bob.stderr);
  // The owner keeps READ_CONTROL and WRITE_DAC whatever the DACL says, so alice can lift her own DENY.
  assert.is((await cacls('-D', deny)).code, 0);
  const again = await get('alice%secret');
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.is(await fs.readFile(path.join(work, 'got.txt'), 'utf8'), 'hello');
});

test.run();
