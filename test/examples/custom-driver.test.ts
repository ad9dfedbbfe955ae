// The example backend (examples/custom-driver.ts) passes the driver contract, and the server serves it, wrapped
// in the auditing middleware (examples/auditing-middleware.ts), to Samba's smbclient.

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuditingDriver } from '../../examples/auditing-middleware.ts';
import type { AuditEvent } from '../../examples/auditing-middleware.ts';
import { JsonTreeDriver } from '../../examples/custom-driver.ts';
import { StaticIdentityProvider } from '../../src/auth/static-identities.ts';
import { createServer } from '../../src/server/server.ts';
import { driverContract } from '../ios/driver-contract.ts';
import { smbclient } from '../helpers/smbclient.ts';

const probe = await JsonTreeDriver.load(join(tmpdir(), 'no-such-directory', 'tree.json'));

driverContract('json-tree example', { capabilities: probe.capabilities }, async () => {
  const directory = await mkdtemp(join(tmpdir(), 'json-tree-contract-'));
  const file = join(directory, 'tree.json');
  const driver = await JsonTreeDriver.load(file);
  return {
    driver,
    async openReadOnly() {
      await driver.save();
      return JsonTreeDriver.load(file, { readOnly: true });
    },
    async cleanup() {
      await driver.dispose();
      await rm(directory, { recursive: true, force: true });
    },
  };
});

test('smbclient lists, gets and puts through the JSON share; the audit names alice at 127.0.0.1', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'json-tree-smb-'));
  try {
    await servedThroughSmbclient(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

async function servedThroughSmbclient(directory: string): Promise<void> {
  const file = join(directory, 'tree.json');
  const published = join(directory, 'published.json');
  await writeFile(file, JSON.stringify({ 'hello.txt': 'Hello, SMB\n', docs: { 'readme.md': '# Readme\n' }, answer: 42, blob: { $base64: 'AAEC/w==' } }));
  await writeFile(published, JSON.stringify({ 'notice.txt': 'read me\n' }));
  const upload = randomBytes(100_000);
  await writeFile(join(directory, 'upload.bin'), upload);
  const events: AuditEvent[] = [];
  const driver = await JsonTreeDriver.load(file);
  const readOnly = await JsonTreeDriver.load(published, { readOnly: true });
  const server = createServer({
    shares: [
      { name: 'json', driver: new AuditingDriver(driver, (event) => events.push(event)) },
      { name: 'published', driver: readOnly },
    ],
    identities: new StaticIdentityProvider({ users: [{ name: 'alice', password: 'secret' }], guest: false, anonymous: false, domain: 'WORKGROUP' }),
    listen: [{ host: '127.0.0.1', port: 0 }],
  });
  await server.listen();
  const port = server.addresses()[0]!.port;
  try {
    const listing = await smbclient(port, 'json', 'alice%secret', 'ls');
    assert.is(listing.code, 0, listing.stdout + listing.stderr);
    for (const name of ['hello.txt', 'docs', 'answer', 'blob']) assert.match(listing.stdout, new RegExp(`^\\s+${name}\\s`, 'm'), name);

    const back = join(directory, 'hello.back');
    const blob = join(directory, 'blob.back');
    const gets = await smbclient(port, 'json', 'alice%secret', `get hello.txt ${back}; get blob ${blob}; cd docs; get readme.md ${join(directory, 'readme.back')}`);
    assert.is(gets.code, 0, gets.stdout + gets.stderr);
    assert.is(await readFile(back, 'utf8'), 'Hello, SMB\n');
    assert.equal([...(await readFile(blob))], [0, 1, 2, 255]);
    assert.is(await readFile(join(directory, 'readme.back'), 'utf8'), '# Readme\n');

    const puts = await smbclient(port, 'json', 'alice%secret', `put ${join(directory, 'upload.bin')} upload.bin; mkdir made; cd made; put ${back} copy.txt`);
    assert.is(puts.code, 0, puts.stdout + puts.stderr);

    const refused = await smbclient(port, 'published', 'alice%secret', `ls; put ${back} nope.txt`);
    assert.match(refused.stdout, /notice\.txt/);
    assert.match(refused.stdout + refused.stderr, /NT_STATUS_(ACCESS_DENIED|MEDIA_WRITE_PROTECTED)/);
  } finally {
    await server.close();
    await driver.dispose();
  }
  const saved = JSON.parse(await readFile(file, 'utf8'));
  assert.is(saved['hello.txt'], 'Hello, SMB\n');
  assert.is(saved.answer, 42, 'JSON values nobody changed are written back as they were');
  assert.equal(saved.made, { 'copy.txt': 'Hello, SMB\n' });
  assert.ok(Buffer.from(saved['upload.bin'].$base64, 'base64').equals(upload), 'binary data is kept as base64');
  assert.is(JSON.parse(await readFile(published, 'utf8'))['nope.txt'], undefined);

  const opens = events.filter((event) => event.operation === 'open' && event.path === '/hello.txt');
  assert.ok(opens.length > 0, 'opens of hello.txt are audited');
  for (const event of opens) {
    assert.is(event.user, 'alice');
    assert.match(event.clientAddress, /^127\.0\.0\.1(:\d+)?$/, 'the client address (with its port)');
    assert.is(event.share, 'json');
    assert.is(event.outcome, 'ok');
  }
  assert.ok(events.some((event) => event.operation === 'handle.close' && event.path === '/made/copy.txt'));
}

test.run();
