// Byte-range locks between two real connections: impacket (a client we did not write) opens one file twice
// over two sessions. A lock from one blocks the other's conflicting I/O and locks, a waiting lock goes
// async and completes when the range is unlocked, CANCEL ends a waiting lock, and CLOSE drops locks.
// The two-client statuses are what the same script gets from Samba 4.17
// (lock-client.py two-clients PORT share USER PASSWORD).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';

const SCRIPT = fileURLToPath(new URL('./lock-client.py', import.meta.url));
let server: RunningSmb3d;

test.before(async () => {
  server = await startSmb3d();
});

test.after(async () => {
  await server.stop();
  await fs.rm(server.shareDir, { recursive: true, force: true });
});

test('a lock on one connection blocks the other until it is released', async () => {
  const r = await run('/usr/bin/python3', [SCRIPT, 'two-clients', String(server.port)]);
  assert.is(r.code, 0, r.stderr);
  const results = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, string>;
  assert.equal(results, {
    aLock: 'STATUS_SUCCESS',
    bWriteInside: 'STATUS_FILE_LOCK_CONFLICT',
    bReadInside: 'STATUS_FILE_LOCK_CONFLICT',
    bWriteOutside: 'STATUS_SUCCESS',
    aWriteOwnLock: 'STATUS_SUCCESS',
    bLockFailImmediately: 'STATUS_LOCK_NOT_GRANTED',
    bBlockingInterim: 'STATUS_PENDING',
    aUnlock: 'STATUS_SUCCESS',
    bBlockingFinal: 'STATUS_SUCCESS',
    aWriteAfterHandover: 'STATUS_FILE_LOCK_CONFLICT',
    aBlockingInterim: 'STATUS_PENDING',
    aCancelled: 'STATUS_CANCELLED',
    aWriteAfterClose: 'STATUS_SUCCESS',
  });
});

test('an expired session may still unlock, but not lock', async () => {
  const dir = await fs.mkdtemp('/tmp/smb3d-lock-expiry-');
  const config = path.join(dir, 'smb3d.yaml');
  await fs.writeFile(config, `sessionExpirySeconds: 1\nusers: [{ name: alice, password: secret }]\nshares: [{ name: data, path: ${dir} }]\n`);
  const expiring = await startSmb3d(['--config', config]);
  const r = await run('/usr/bin/python3', [SCRIPT, 'expired-session', String(expiring.port)]);
  await expiring.stop();
  await fs.rm(dir, { recursive: true });
  await fs.rm(expiring.shareDir, { recursive: true });
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()!), {
    lockBefore: 'STATUS_SUCCESS',
    lockAfterExpiry: 'STATUS_NETWORK_SESSION_EXPIRED',
    unlockAfterExpiry: 'STATUS_SUCCESS',
    readAfterExpiry: 'STATUS_NETWORK_SESSION_EXPIRED',
  });
});

test.run();
