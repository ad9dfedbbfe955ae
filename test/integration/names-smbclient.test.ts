// Names as smbclient 4.17 (a client we did not write) uses them against smb3d with the POSIX driver, whose
// backend is case-sensitive: case-insensitive opens keep the stored case, new names keep the client's,
// hard links through FileLinkInformation ("hardlink"), and the 8.3 name and streams "allinfo" shows.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';
import { smbclient } from '../helpers/smbclient.ts';
import { shortNameOf } from '../../src/server/info/short-names.ts';

let server: RunningSmb3d;
let local: string;

const client = (commands: string) => smbclient(server.port, 'data', 'alice%secret', commands);

test.before(async () => {
  server = await startSmb3d();
  local = await fs.mkdtemp('/tmp/smb3d-names-');
  await fs.writeFile(path.join(local, 'hello.txt'), 'hello\n');
});

test.after(async () => {
  await server.stop();
  await fs.rm(server.shareDir, { recursive: true, force: true });
  await fs.rm(local, { recursive: true, force: true });
});

test('names are found ignoring case and keep the case they were created with', async () => {
  const r = await client(`mkdir Reports; put ${local}/hello.txt REPORTS\\Summary.TXT; get reports\\summary.txt ${local}/back.txt; rename reports\\SUMMARY.txt reports\\Final.txt`);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(await fs.readdir(server.shareDir), ['Reports']);
  assert.equal(await fs.readdir(path.join(server.shareDir, 'Reports')), ['Final.txt']);
  assert.is(await fs.readFile(path.join(local, 'back.txt'), 'utf8'), 'hello\n');
});

test('a rename that only changes case renames', async () => {
  const r = await client(`put ${local}/hello.txt lower.txt; rename LOWER.TXT Lower.Txt`);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.ok((await fs.readdir(server.shareDir)).includes('Lower.Txt'));
  assert.not.ok((await fs.readdir(server.shareDir)).includes('lower.txt'));
});

test('hard links: a second name for the same file; existing names and directories are refused', async () => {
  const r = await client(`put ${local}/hello.txt a.txt; put ${local}/hello.txt x.txt; hardlink A.TXT b.txt; hardlink a.txt x.txt; mkdir d; hardlink d e`);
  assert.match(r.stdout + r.stderr, /NT_STATUS_OBJECT_NAME_COLLISION/);
  assert.match(r.stdout + r.stderr, /NT_STATUS_FILE_IS_A_DIRECTORY/);
  const a = await fs.stat(path.join(server.shareDir, 'a.txt'));
  const b = await fs.stat(path.join(server.shareDir, 'b.txt'));
  assert.is(b.ino, a.ino);
  assert.is(a.nlink, 2);
  assert.is.not((await fs.stat(path.join(server.shareDir, 'x.txt'))).ino, a.ino);
});

test('allinfo shows the generated 8.3 name and the streams', async () => {
  const name = 'A long file name.document';
  const r = await client(`put ${local}/hello.txt "${name}"; put ${local}/hello.txt "${name}:extra"; allinfo "${name}"`);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`altname: ${shortNameOf(name)!.replace(/[.~]/g, '\\$&')}`));
  assert.match(r.stdout, /stream: \[::\$DATA\], 6 bytes/);
  assert.match(r.stdout, /stream: \[:extra:\$DATA\], 6 bytes/);
});

test.run();
