// impacket's SMBConnection (a client we did not write) against smb3d, over 2.0.2, 2.1 and 3.0.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';

const SCRIPT = fileURLToPath(new URL('./impacket-client.py', import.meta.url));
let server: RunningSmb3d;

test.before(async () => {
  server = await startSmb3d();
  // A file next to the share that no path through the share may reach.
  await fs.writeFile(path.join(path.dirname(server.shareDir), 'secret.txt'), 'outside');
});

test.after(async () => {
  await server.stop();
  await fs.rm(server.shareDir, { recursive: true, force: true });
});

type Result = { ok: boolean; value?: unknown; error?: string };

for (const dialect of ['2.0.2', '2.1', '3.0']) {
  test(`impacket SMBConnection, dialect ${dialect}`, async () => {
    const r = await run('/usr/bin/python3', [SCRIPT, String(server.port), dialect]);
    assert.is(r.code, 0, r.stderr);
    const results = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, Result>;
    const ok = (name: string) => assert.ok(results[name]?.ok, `${name}: ${JSON.stringify(results[name])}`);
    const dialectValues: Record<string, number> = { '2.0.2': 0x0202, '2.1': 0x0210, '3.0': 0x0300 };
    ok('login');
    assert.is(results.login!.value, dialectValues[dialect]);
    assert.equal(results.listShares!.value, ['IPC$', 'data']);
    for (const name of ['putFile', 'createDirectory', 'putInDirectory', 'rename', 'deleteFile', 'deleteInner', 'deleteDirectory', 'logoff']) ok(name);
    assert.is(results.getFile!.value, true, 'the file read back equals what was written');
    assert.equal(results.listPath!.value, ['.', '..', 'dir1', 'up.bin']);
    assert.equal(results.listPathDir!.value, ['.', '..', 'inner.txt']);
    assert.equal(results.listAfterRename!.value, ['.', '..', 'dir1', 'renamed.bin']);
    assert.equal(results.listAtEnd!.value, ['.', '..']);
    // ".." never resolves: the request fails before any path leaves the share.
    assert.is(results.escapeDotDot!.ok, false);
    assert.match(results.escapeDotDot!.error!, /STATUS_OBJECT_NAME_INVALID|STATUS_OBJECT_PATH_SYNTAX_BAD|STATUS_INVALID_PARAMETER/);
    assert.is(results.escapeDotDotInside!.ok, false);
    assert.is(results.deleteNonEmptyDirectory!.ok, false);
    assert.match(results.deleteNonEmptyDirectory!.error!, /STATUS_DIRECTORY_NOT_EMPTY/);
  });
}

test.run();
