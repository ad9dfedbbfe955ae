// A directory of 100,000 files lists completely through smbclient: every name exactly once. The
// server streams the enumeration; its memory is measured by `npm run bench`, not asserted here.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import path from 'node:path';
import { run, startSmb3d } from '../helpers/smb3d.ts';

const COUNT = 100_000;
const nameOf = (i: number) => `file${String(i).padStart(6, '0')}.txt`;

test(`smbclient lists all ${COUNT} entries of one directory`, async () => {
  const server = await startSmb3d();
  const dir = path.join(server.shareDir, 'big');
  await fs.mkdir(dir);
  // touch in bulk: creating the files is the slow part of this test, not the listing.
  const made = await run('sh', ['-c', `cd '${dir}' && seq -f 'file%06g.txt' 1 ${COUNT} | xargs touch`], 120_000);
  assert.is(made.code, 0, made.stderr);

  const r = await run('smbclient', ['//127.0.0.1/data', '-p', String(server.port), '-U', 'alice%secret', '-c', 'ls big\\*'], 300_000);
  assert.is(r.code, 0, r.stderr);
  const seen = new Map<string, number>();
  for (const m of r.stdout.matchAll(/^\s+(file\d{6}\.txt)\s/gm)) seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
  assert.is(seen.size, COUNT);
  for (let i = 1; i <= COUNT; i++) {
    if (seen.get(nameOf(i)) !== 1) assert.unreachable(`${nameOf(i)} listed ${seen.get(nameOf(i)) ?? 0} times`);
  }
  await server.stop();
  await fs.rm(server.shareDir, { recursive: true, force: true });
});

test.run();
