// Large transfers through the pooled buffers: READ data buffers go back to their pool once written (or
// encrypted), reassembled WRITE frames once the driver has the data. A buffer handed back too early would
// be overwritten by the next request while still in use, so several files move each way in one session,
// with smbclient keeping several 8 MiB requests in flight, and must arrive intact.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run, startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';

const FILES = 3;
const SIZE = 40 * 1024 * 1024 + 12345;

let server: RunningSmb3d;
let work: string;
const digests: string[] = [];

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test.before(async () => {
  server = await startSmb3d();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'bulk-buffers-'));
  for (let i = 0; i < FILES; i++) {
    const data = randomBytes(SIZE);
    digests.push(sha256(data));
    await fs.writeFile(path.join(work, `f${i}.bin`), data);
  }
});

test.after(async () => {
  await server.stop();
  await fs.rm(work, { recursive: true, force: true });
  await fs.rm(server.shareDir, { recursive: true, force: true });
});

const scenarios: [string, string[]][] = [
  ['unsigned', ['--client-protection=off']],
  ['signed AES-128-GMAC', ['--client-protection=sign', '--option=client smb3 signing algorithms=aes-128-gmac']],
  ['encrypted AES-128-GCM', ['--client-protection=encrypt', '--option=client smb3 encryption algorithms=aes-128-gcm']],
];

for (const [name, protection] of scenarios) {
  test(`${FILES} files of ${SIZE} bytes put and got back in one session, ${name}`, async () => {
    const tag = name.replace(/\W+/g, '_');
    const commands: string[] = [];
    for (let i = 0; i < FILES; i++) commands.push(`put ${path.join(work, `f${i}.bin`)} ${tag}${i}.bin`);
    for (let i = FILES - 1; i >= 0; i--) commands.push(`get ${tag}${i}.bin ${path.join(work, `${tag}${i}.back`)}`);
    const args = ['//127.0.0.1/data', '-p', String(server.port), '-U', 'alice%secret', '-m', 'SMB3_11', ...protection, '-c', commands.join('; ')];
    const r = await run('smbclient', args, 120_000);
    assert.is(r.code, 0, r.stdout + r.stderr);
    for (let i = 0; i < FILES; i++) {
      assert.is(sha256(await fs.readFile(path.join(server.shareDir, `${tag}${i}.bin`))), digests[i], `file ${i} on disk`);
      assert.is(sha256(await fs.readFile(path.join(work, `${tag}${i}.back`))), digests[i], `file ${i} read back`);
    }
  });
}

test.run();
