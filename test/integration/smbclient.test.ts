// Samba's smbclient against smb3d: every dialect, signing algorithm and cipher a modern client
// negotiates moves an 8 MiB random file both ways intact.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run, startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';

let server: RunningSmb3d;
let work: string;
let payload: Buffer;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test.before(async () => {
  server = await startSmb3d();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'smbclient-'));
  payload = randomBytes(8 * 1024 * 1024);
  await fs.writeFile(path.join(work, 'random.bin'), payload);
});

test.after(async () => {
  assert.is(await server.stop(), 0, 'smb3d exits cleanly on SIGTERM');
  await fs.rm(work, { recursive: true, force: true });
  await fs.rm(server.shareDir, { recursive: true, force: true });
});

function smbclient(args: string[], command: string) {
  return run('smbclient', ['//127.0.0.1/data', '-p', String(server.port), '-U', 'alice%secret', ...args, '-c', command]);
}

const scenarios: [string, string[]][] = [
  ['SMB2_02', ['-m', 'SMB2_02']],
  ['SMB2_10', ['-m', 'SMB2_10']],
  ['SMB3_00 signed', ['-m', 'SMB3_00', '--client-protection=sign']],
  ['SMB3_02 encrypted', ['-m', 'SMB3_02', '--client-protection=encrypt']],
  ['SMB3_11 signed HMAC-SHA256', ['-m', 'SMB3_11', '--client-protection=sign', '--option=client smb3 signing algorithms=hmac-sha-256']],
  ['SMB3_11 signed AES-128-CMAC', ['-m', 'SMB3_11', '--client-protection=sign', '--option=client smb3 signing algorithms=aes-128-cmac']],
  ['SMB3_11 signed AES-128-GMAC', ['-m', 'SMB3_11', '--client-protection=sign', '--option=client smb3 signing algorithms=aes-128-gmac']],
  ['SMB3_11 encrypted AES-128-CCM', ['-m', 'SMB3_11', '--client-protection=encrypt', '--option=client smb3 encryption algorithms=aes-128-ccm']],
  ['SMB3_11 encrypted AES-128-GCM', ['-m', 'SMB3_11', '--client-protection=encrypt', '--option=client smb3 encryption algorithms=aes-128-gcm']],
  ['SMB3_11 encrypted AES-256-CCM', ['-m', 'SMB3_11', '--client-protection=encrypt', '--option=client smb3 encryption algorithms=aes-256-ccm']],
  ['SMB3_11 encrypted AES-256-GCM', ['-m', 'SMB3_11', '--client-protection=encrypt', '--option=client smb3 encryption algorithms=aes-256-gcm']],
];

for (const [name, args] of scenarios) {
  test(`8 MiB put and get, ${name}`, async () => {
    const remote = `${name.replace(/\W+/g, '_')}.bin`;
    const back = path.join(work, `${remote}.back`);
    const r = await smbclient(args, `put ${path.join(work, 'random.bin')} ${remote}; get ${remote} ${back}`);
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.is(sha256(await fs.readFile(path.join(server.shareDir, remote))), sha256(payload), 'the file on disk is what was put');
    assert.is(sha256(await fs.readFile(back)), sha256(payload), 'the file got back is what was put');
  });
}

test('smbclient -L lists the shares over srvsvc', async () => {
  const r = await run('smbclient', ['-L', '//127.0.0.1', '-p', String(server.port), '-U', 'alice%secret']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^\s*data\s+Disk/m);
  assert.match(r.stdout, /^\s*IPC\$\s+IPC/m);
});

test('a wrong password is NT_STATUS_LOGON_FAILURE', async () => {
  const r = await run('smbclient', ['//127.0.0.1/data', '-p', String(server.port), '-U', 'alice%wrong', '-c', 'ls']);
  assert.is.not(r.code, 0);
  assert.match(r.stdout + r.stderr, /NT_STATUS_LOGON_FAILURE/);
});

test('an unknown share is NT_STATUS_BAD_NETWORK_NAME', async () => {
  const r = await run('smbclient', ['//127.0.0.1/nosuch', '-p', String(server.port), '-U', 'alice%secret', '-c', 'ls']);
  assert.match(r.stdout + r.stderr, /NT_STATUS_BAD_NETWORK_NAME/);
});

test.run();
