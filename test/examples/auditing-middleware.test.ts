// The auditing middleware (examples/auditing-middleware.ts) over the memory driver: it passes the driver contract
// with every optional hook of the driver it wraps, and server-side copy and block cloning work through it, with
// the source handle the client names reaching the memory driver unwrapped (impacket drives the FSCTLs,
// test/integration/fsctl-client.py).

import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuditingDriver } from '../../examples/auditing-middleware.ts';
import type { AuditEvent } from '../../examples/auditing-middleware.ts';
import { StaticIdentityProvider } from '../../src/auth/static-identities.ts';
import { MemoryDriver } from '../../src/ios/memory/driver.ts';
import { createServer } from '../../src/server/server.ts';
import { driverContract } from '../ios/driver-contract.ts';
import { run } from '../helpers/smb3d.ts';
import { smbclient } from '../helpers/smbclient.ts';

const FSCTL_CLIENT = fileURLToPath(new URL('../integration/fsctl-client.py', import.meta.url));

driverContract(
  'auditing middleware over memory',
  { capabilities: new MemoryDriver().capabilities, hooks: ['copyRange', 'cloneRange', 'listNames'], reportsEaSize: true },
  async () => {
    const memory = new MemoryDriver();
    const ignore = (): void => {};
    return {
      driver: new AuditingDriver(memory, ignore),
      openReadOnly: async () => new AuditingDriver(memory.readOnlyView(), ignore),
      cleanup: async () => {},
    };
  },
);

interface FsctlReport {
  calls: Record<string, { status: string }>;
  facts: Record<string, boolean>;
}

test('FSCTL copy and clone, and case-insensitive opens, go through the middleware to the memory driver', async () => {
  const events: AuditEvent[] = [];
  const server = createServer({
    shares: [{ name: 'data', driver: new AuditingDriver(new MemoryDriver(), (event) => events.push(event)) }],
    identities: new StaticIdentityProvider({ users: [{ name: 'alice', password: 'secret' }], guest: false, anonymous: false, domain: 'WORKGROUP' }),
    listen: [{ host: '127.0.0.1', port: 0 }],
  });
  await server.listen();
  const port = server.addresses()[0]!.port;
  try {
    const fsctl = async (scenario: string): Promise<FsctlReport> => {
      const r = await run('/usr/bin/python3', [FSCTL_CLIENT, String(port), 'alice', 'secret', scenario]);
      assert.is(r.code, 0, r.stderr);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as FsctlReport;
    };
    const data = await fsctl('data');
    assert.is(data.calls.copy!.status, 'STATUS_SUCCESS');
    assert.ok(data.facts.copyData, 'the copy holds the source data');
    const clone = await fsctl('clone');
    assert.is(clone.calls.clone!.status, 'STATUS_SUCCESS');
    assert.ok(clone.facts.cloneData, 'the target holds the cloned range');
    for (const operation of ['handle.copyRange', 'handle.cloneRange']) {
      assert.ok(events.some((event) => event.operation === operation && event.outcome === 'ok'), operation);
    }
    // clone-src.bin exists as written; another case of its name is found by a scan of the share root.
    const get = await smbclient(port, 'data', 'alice%secret', 'get CLONE-SRC.BIN /dev/null');
    assert.is(get.code, 0, get.stdout + get.stderr);
    assert.ok(events.some((event) => event.operation === 'handle.listNames' && event.path === '/'), 'the scan lists names only');
  } finally {
    await server.close();
  }
});

test.run();
