// Requests that race the release of what they use: a CREATE still waiting on its driver while a pipelined
// TREE_DISCONNECT (MS-SMB2 3.3.5.8) or LOGOFF (3.3.5.6) releases the tree, or the connection drops
// (3.3.7.1); the rest of a compound chain after a dropped connection; two directory scans started at once
// on one open. Whatever the order, nothing may outlive its tree, session or connection: the server's tables
// and the driver's handles and scans end up empty.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command, CreateOptions, QueryDirectoryFlags } from '../../src/protocol/constants.ts';
import { encodeLogoffRequest, encodeQueryDirectoryRequest, encodeSessionSetupRequest, encodeTreeDisconnectRequest } from '../../src/protocol/messages/index.ts';
import { NtStatus } from '../../src/protocol/status.ts';
import { utf16 } from '../../src/protocol/wire.ts';
import type { ShareDriver } from '../../src/ios/types.ts';
import { goldenRequest } from '../helpers/golden.ts';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process-server.ts';
import { compound } from '../helpers/smb2-mutations.ts';
import { Smb2TestClient } from '../helpers/smb2-test-client.ts';
import { xorshift32 } from '../helpers/xorshift.ts';

/** Long enough that a request pipelined behind a CREATE completes while the CREATE waits on the driver. */
const OPEN_DELAY_MS = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A driver whose open() takes OPEN_DELAY_MS, like a disk or network store would. */
function slowOpen(inner: ShareDriver): ShareDriver {
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'open') {
        return async (...args: Parameters<ShareDriver['open']>) => {
          await sleep(OPEN_DELAY_MS);
          return target.open(...args);
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const negotiate = goldenRequest({ client: 'smbclient', dialect: 'SMB3_1_1', command: 'NEGOTIATE' }).bytes;

async function guestOnShare(server: InProcessServer): Promise<Smb2TestClient> {
  const client = await Smb2TestClient.connect(server.port);
  await client.negotiate(negotiate);
  await client.guestLogon();
  await client.treeConnect('share');
  return client;
}

/** Waits until the server holds nothing, or gives up after two seconds and returns what it holds. */
async function heldAfterSettling(server: InProcessServer): Promise<Record<string, number>> {
  const held = () => ({ ...server.server.stats(), ...server.driverUsage() });
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline && Object.values(held()).some((n) => n !== 0)) await sleep(10);
  return held();
}

const nothing = { connections: 0, sessions: 0, opens: 0, openHandles: 0, activeScans: 0 };

for (const [what, command, body] of [
  ['TREE_DISCONNECT', Command.TREE_DISCONNECT, encodeTreeDisconnectRequest({})],
  ['LOGOFF', Command.LOGOFF, encodeLogoffRequest({})],
] as const) {
  test(`a CREATE still opening when a pipelined ${what} completes leaves no open behind`, async () => {
    const server = await startInProcessServer({ guest: true, wrapDriver: slowOpen });
    try {
      const client = await guestOnShare(server);
      const [createId, teardownId] = client.pipeline([client.buildCreate('racing.txt'), client.build(command, body)]);
      const teardown = await client.reply(teardownId!);
      const create = await client.reply(createId!);
      assert.is(teardown.header.status, NtStatus.SUCCESS);
      // The tree (or session) was gone by the time the driver had opened the file.
      assert.is(create.header.status, NtStatus.NETWORK_NAME_DELETED);
      await client.socket.end();
      assert.equal(await heldAfterSettling(server), nothing);
    } finally {
      await server.stop();
    }
  });
}

test('a CREATE still opening when the connection drops leaves no open behind', async () => {
  const server = await startInProcessServer({ guest: true, wrapDriver: slowOpen });
  try {
    const client = await guestOnShare(server);
    client.pipeline([client.buildCreate('abandoned.txt')]);
    client.socket.destroy();
    await sleep(OPEN_DELAY_MS * 2);
    assert.equal(await heldAfterSettling(server), nothing);
  } finally {
    await server.stop();
  }
});

test('the rest of a compound chain does not run once the connection has dropped', async () => {
  const server = await startInProcessServer({ guest: true, wrapDriver: slowOpen });
  try {
    const client = await guestOnShare(server);
    // CREATE waits on the driver; the SESSION_SETUP behind it (SessionId 0, an empty security buffer)
    // would start a new session.
    const setup = client.build(
      Command.SESSION_SETUP,
      encodeSessionSetupRequest({ flags: 0, securityMode: 1, capabilities: 0, channel: 0, previousSessionId: 0n, securityBuffer: Buffer.alloc(0) }),
    );
    setup.writeBigUInt64LE(0n, 40);
    const chain = compound([client.buildCreate('chained.txt'), setup], xorshift32(1), 0);
    client.pipeline([chain]);
    client.socket.destroy();
    await sleep(OPEN_DELAY_MS * 2);
    assert.equal(await heldAfterSettling(server), nothing);
  } finally {
    await server.stop();
  }
});

test('directory scans started at once on one open are all released when it closes', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const client = await guestOnShare(server);
    for (let i = 0; i < 4; i++) {
      const file = await client.create(`f${i}`);
      assert.is((await client.close(file.fileId!)).header.status, NtStatus.SUCCESS);
    }
    const { fileId } = await client.create('', { createOptions: CreateOptions.DIRECTORY_FILE, desiredAccess: 0x00120089 });
    const query = () =>
      client.build(
        Command.QUERY_DIRECTORY,
        encodeQueryDirectoryRequest({
          fileInformationClass: 1, // MS-FSCC 2.4.10 FileDirectoryInformation
          flags: QueryDirectoryFlags.RETURN_SINGLE_ENTRY,
          fileIndex: 0,
          persistentFileId: fileId!.persistent,
          volatileFileId: fileId!.volatile,
          outputBufferLength: 4096,
          fileName: utf16.encode('*'),
        }),
      );
    // Each is the first query of the open, so each starts a scan; neither reads its scan to the end.
    const ids = client.pipeline([query(), query(), query()]);
    for (const id of ids) assert.is((await client.reply(id)).header.status, NtStatus.SUCCESS);
    assert.is((await client.close(fileId!)).header.status, NtStatus.SUCCESS);
    assert.equal(server.driverUsage(), { openHandles: 0, activeScans: 0 });
    await client.socket.end();
  } finally {
    await server.stop();
  }
});

test.run();
