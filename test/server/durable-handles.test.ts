// Durable handles over the wire (MS-SMB2 3.3.5.9.6, 3.3.5.9.7, 3.3.5.9.10, 3.3.5.9.12, 3.3.7.1): which opens
// become durable, how long the server keeps them after the connection is lost, reconnecting them from a
// new connection and session, what closes them for good, and CreateGuid replays.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { Command, CreateAction, HeaderFlags, LockFlags, OplockLevel, ShareAccess } from '../../src/protocol/constants.ts';
import { CreateContextName, decodeCreateContexts, encodeCreateContexts, type CreateContext } from '../../src/protocol/create-contexts.ts';
import {
  decodeDurableHandleResponseV2,
  encodeDurableHandleReconnect,
  encodeDurableHandleReconnectV2,
  encodeDurableHandleRequestV2,
} from '../../src/protocol/durable-contexts.ts';
import {
  decodeCreateResponse,
  decodeReadResponse,
  encodeIoctlRequest,
  encodeLockRequest,
  encodeLogoffRequest,
  encodeReadRequest,
  encodeTreeDisconnectRequest,
  encodeWriteRequest,
} from '../../src/protocol/messages/index.ts';
import { NtStatus } from '../../src/protocol/status.ts';
import { encodeAppInstanceId } from '../../src/protocol/app-instance-contexts.ts';
import { FsctlCode } from '../../src/protocol/fsctl/codes.ts';
import { encodeNetworkResiliencyRequest } from '../../src/protocol/fsctl/resiliency.ts';
import { goldenRequest } from '../helpers/golden.ts';
import { recordingLogger } from '../helpers/recording-logger.ts';
import { xorshift32 } from '../helpers/xorshift.ts';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process-server.ts';
import { Smb2TestClient, type FileId, type Smb2Reply } from '../helpers/smb2-test-client.ts';

const negotiate = goldenRequest({ client: 'smbclient', dialect: 'SMB3_1_1', command: 'NEGOTIATE' }).bytes;

/** `clientGuid`: another client's NEGOTIATE (MS-SMB2 2.2.3 ClientGuid, 12 bytes into the body). */
async function guestOnShare(server: InProcessServer, clientGuid?: Buffer): Promise<Smb2TestClient> {
  const client = await Smb2TestClient.connect(server.port);
  const request = Buffer.from(negotiate);
  clientGuid?.copy(request, 64 + 12);
  await client.negotiate(request);
  await client.guestLogon();
  await client.treeConnect('share');
  return client;
}

const dhnq = (): CreateContext => ({ name: CreateContextName.DURABLE_HANDLE_REQUEST, data: Buffer.alloc(16) });
const dhnc = (id: FileId): CreateContext => ({
  name: CreateContextName.DURABLE_HANDLE_RECONNECT,
  data: encodeDurableHandleReconnect({ persistentFileId: id.persistent, volatileFileId: id.volatile }),
});
const dh2q = (createGuid: Buffer, timeout = 0): CreateContext => ({
  name: CreateContextName.DURABLE_HANDLE_REQUEST_V2,
  data: encodeDurableHandleRequestV2({ timeout, flags: 0, createGuid }),
});
const dh2c = (id: FileId, createGuid: Buffer): CreateContext => ({
  name: CreateContextName.DURABLE_HANDLE_RECONNECT_V2,
  data: encodeDurableHandleReconnectV2({ persistentFileId: id.persistent, volatileFileId: id.volatile, createGuid, flags: 0 }),
});

interface Created {
  status: number;
  fileId: FileId;
  oplockLevel: number;
  createAction: number;
  contexts: CreateContext[];
}

function created(reply: Smb2Reply): Created {
  if (reply.header.status !== NtStatus.SUCCESS) return { status: reply.header.status, fileId: { persistent: 0n, volatile: 0n }, oplockLevel: 0, createAction: 0, contexts: [] };
  const r = decodeCreateResponse(reply.message);
  return {
    status: reply.header.status,
    fileId: { persistent: r.persistentFileId, volatile: r.volatileFileId },
    oplockLevel: r.oplockLevel,
    createAction: r.createAction,
    contexts: decodeCreateContexts(r.createContexts),
  };
}

async function create(client: Smb2TestClient, name: string, oplock: number, contexts: CreateContext[], shareAccess = ShareAccess.READ | ShareAccess.WRITE | ShareAccess.DELETE, flags = 0): Promise<Created> {
  const request = client.buildCreate(name, { requestedOplockLevel: oplock, shareAccess, createContexts: encodeCreateContexts(contexts) });
  if (flags) request.writeUInt32LE(request.readUInt32LE(16) | flags, 16);
  return created(await client.call(request));
}

async function write(client: Smb2TestClient, id: FileId, data: Buffer): Promise<number> {
  const body = encodeWriteRequest({ offset: 0n, persistentFileId: id.persistent, volatileFileId: id.volatile, channel: 0, remainingBytes: 0, flags: 0, data, writeChannelInfo: Buffer.alloc(0) });
  return (await client.call(client.build(Command.WRITE, body))).header.status;
}

async function read(client: Smb2TestClient, id: FileId, length: number): Promise<Buffer> {
  const body = encodeReadRequest({
    padding: 0x50,
    flags: 0,
    length,
    offset: 0n,
    persistentFileId: id.persistent,
    volatileFileId: id.volatile,
    minimumCount: 0,
    channel: 0,
    remainingBytes: 0,
    readChannelInfo: Buffer.alloc(0),
  });
  const reply = await client.call(client.build(Command.READ, body));
  assert.is(reply.header.status, NtStatus.SUCCESS, 'READ');
  return Buffer.from(decodeReadResponse(reply.message).data);
}

/** Drops the connection the way a failing network does, and waits for the server to notice. */
async function dropConnection(server: InProcessServer, client: Smb2TestClient): Promise<void> {
  const before = server.server.stats().connections;
  client.socket.destroy();
  for (let i = 0; i < 200 && server.server.stats().connections >= before; i++) await new Promise((r) => setTimeout(r, 5));
}

const contextNamed = (c: Created, name: string) => c.contexts.find((x) => x.name === name);

test('a batch oplock with DHnQ is durable: the open survives a lost connection and is reconnected with its data', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    const opened = await create(a, 'durable.txt', OplockLevel.BATCH, [dhnq()], 0);
    assert.is(opened.status, NtStatus.SUCCESS);
    assert.is(opened.oplockLevel, OplockLevel.BATCH);
    assert.equal(contextNamed(opened, CreateContextName.DURABLE_HANDLE_REQUEST)?.data, Buffer.alloc(8), 'DHnQ response');
    assert.is(await write(a, opened.fileId, Buffer.from('kept across reconnects')), NtStatus.SUCCESS);
    await dropConnection(server, a);
    assert.is(server.server.stats().opens, 1, 'the durable open waits for its client');

    const b = await guestOnShare(server);
    const again = await create(b, 'durable.txt', 0, [dhnc(opened.fileId)]);
    assert.is(again.status, NtStatus.SUCCESS);
    assert.equal(again.fileId, opened.fileId);
    assert.is(again.oplockLevel, OplockLevel.BATCH);
    assert.is(again.createAction, CreateAction.OPENED);
    assert.is(again.contexts.length, 0, 'a reconnect carries no durable response');
    assert.equal((await read(b, again.fileId, 64)).toString(), 'kept across reconnects');
    // The same FileId again while it is connected is nobody's to take.
    assert.is((await create(b, 'durable.txt', 0, [dhnc(opened.fileId)])).status, NtStatus.OBJECT_NAME_NOT_FOUND);
    await b.close(again.fileId);
  } finally {
    await server.stop();
  }
});

test('durability needs handle caching: no oplock, level II or a read lease gets none', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    for (const oplock of [OplockLevel.NONE, OplockLevel.II, OplockLevel.EXCLUSIVE]) {
      const opened = await create(a, `plain-${oplock}.txt`, oplock, [dhnq()]);
      assert.is(opened.status, NtStatus.SUCCESS);
      assert.is(contextNamed(opened, CreateContextName.DURABLE_HANDLE_REQUEST), undefined, `oplock ${oplock}`);
      await a.close(opened.fileId);
    }
  } finally {
    await server.stop();
  }
});

test('a server configured without durable handles grants none, and the open closes with its connection', async () => {
  const server = await startInProcessServer({ guest: true, server: { durableHandles: false } });
  try {
    const a = await guestOnShare(server);
    const opened = await create(a, 'plain.txt', OplockLevel.BATCH, [dhnq()]);
    assert.is(opened.oplockLevel, OplockLevel.BATCH);
    assert.is(opened.contexts.length, 0);
    await dropConnection(server, a);
    for (let i = 0; i < 200 && server.server.stats().opens > 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.is(server.server.stats().opens, 0);
  } finally {
    await server.stop();
  }
});

test('DH2Q: a zero timeout gets a minute, a larger one than five minutes gets five', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    for (const [asked, granted] of [
      [0, 60_000],
      [5_000, 5_000],
      [0xffffffff, 300_000],
    ] as const) {
      const opened = await create(a, `v2-${asked}.txt`, OplockLevel.BATCH, [dh2q(randomBytes(16), asked)]);
      const response = contextNamed(opened, CreateContextName.DURABLE_HANDLE_REQUEST_V2);
      assert.ok(response, `DH2Q response for ${asked}`);
      assert.equal(decodeDurableHandleResponseV2(response.data), { timeout: granted, flags: 0 });
      await a.close(opened.fileId);
    }
  } finally {
    await server.stop();
  }
});

test('DH2C needs the CreateGuid the open was made with; DHnQ and DH2Q together are refused', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    const guid = randomBytes(16);
    assert.is((await create(a, 'both.txt', OplockLevel.BATCH, [dhnq(), dh2q(guid)])).status, NtStatus.INVALID_PARAMETER);
    const opened = await create(a, 'v2.txt', OplockLevel.BATCH, [dh2q(guid)]);
    await dropConnection(server, a);
    const b = await guestOnShare(server);
    assert.is((await create(b, 'v2.txt', 0, [dh2c(opened.fileId, randomBytes(16))])).status, NtStatus.OBJECT_NAME_NOT_FOUND);
    const again = await create(b, 'v2.txt', 0, [dh2c(opened.fileId, guid)]);
    assert.is(again.status, NtStatus.SUCCESS);
    assert.equal(again.fileId, opened.fileId);
    await b.close(again.fileId);
  } finally {
    await server.stop();
  }
});

test('another client needing a break purges the disconnected durable open at once, and gets the full oplock', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    const opened = await create(a, 'contended.txt', OplockLevel.BATCH, [dhnq()], 0);
    await dropConnection(server, a);
    const b = await guestOnShare(server);
    // Share-none and a batch oplock both stand in the way; nobody is left to acknowledge a break.
    const other = await create(b, 'contended.txt', OplockLevel.BATCH, [dhnq()]);
    assert.is(other.status, NtStatus.SUCCESS);
    assert.is(other.oplockLevel, OplockLevel.BATCH);
    assert.is((await create(b, 'contended.txt', 0, [dhnc(opened.fileId)])).status, NtStatus.OBJECT_NAME_NOT_FOUND);
  } finally {
    await server.stop();
  }
});

test('TREE_DISCONNECT closes durable opens; LOGOFF keeps them for a new session', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    const first = await create(a, 'tdis.txt', OplockLevel.BATCH, [dhnq()]);
    assert.is((await a.call(a.build(Command.TREE_DISCONNECT, encodeTreeDisconnectRequest({})))).header.status, NtStatus.SUCCESS);
    await a.treeConnect('share');
    assert.is((await create(a, 'tdis.txt', 0, [dhnc(first.fileId)])).status, NtStatus.OBJECT_NAME_NOT_FOUND);

    const second = await create(a, 'logoff.txt', OplockLevel.BATCH, [dhnq()]);
    assert.is((await a.call(a.build(Command.LOGOFF, encodeLogoffRequest({})))).header.status, NtStatus.SUCCESS);
    a.sessionId = 0n;
    await a.guestLogon();
    await a.treeConnect('share');
    assert.is((await create(a, 'logoff.txt', 0, [dhnc(second.fileId)])).status, NtStatus.SUCCESS);
  } finally {
    await server.stop();
  }
});

test('a disconnected durable open closes when its timeout runs out, and the server forgets it', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    const guid = randomBytes(16);
    const opened = await create(a, 'expires.txt', OplockLevel.BATCH, [dh2q(guid, 50)]);
    await dropConnection(server, a);
    for (let i = 0; i < 400 && server.server.stats().opens > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.is(server.server.stats().opens, 0);
    assert.is(server.driverUsage().openHandles, 0, 'the driver handle is closed');
    const b = await guestOnShare(server);
    assert.is((await create(b, 'expires.txt', 0, [dh2c(opened.fileId, guid)])).status, NtStatus.OBJECT_NAME_NOT_FOUND);
  } finally {
    await server.stop();
  }
});

test('a stopping server closes the durable opens nobody reconnected', async () => {
  const server = await startInProcessServer({ guest: true });
  let held;
  try {
    const a = await guestOnShare(server);
    await create(a, 'left.txt', OplockLevel.BATCH, [dhnq()]);
    await dropConnection(server, a);
    held = server.driverUsage().openHandles;
  } finally {
    await server.stop();
  }
  assert.is(held, 1);
  assert.is(server.driverUsage().openHandles, 0);
  assert.is(server.server.stats().opens, 0);
});

test('an AppInstanceId from another client closes the earlier instance\'s open without a break', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const appInstance: CreateContext = { name: CreateContextName.APP_INSTANCE_ID, data: encodeAppInstanceId({ appInstanceId: randomBytes(16) }) };
    const nodeA = await guestOnShare(server);
    const first = await create(nodeA, 'vm.vhdx', OplockLevel.BATCH, [dh2q(randomBytes(16)), appInstance], 0);
    assert.is(first.oplockLevel, OplockLevel.BATCH);
    // The VM moved to node B, whose open would otherwise wait for node A to acknowledge a break.
    const nodeB = await guestOnShare(server, randomBytes(16));
    const second = await create(nodeB, 'vm.vhdx', OplockLevel.BATCH, [dh2q(randomBytes(16)), appInstance], 0);
    assert.is(second.status, NtStatus.SUCCESS);
    assert.is(second.oplockLevel, OplockLevel.BATCH);
    assert.is(second.createAction, CreateAction.OPENED);
    assert.is((await nodeA.close(first.fileId)).header.status, NtStatus.FILE_CLOSED);
    // The same client naming the same instance again is not a failover: its open stays.
    const third = await create(nodeB, 'other.vhdx', OplockLevel.NONE, [dh2q(randomBytes(16)), appInstance]);
    assert.is((await create(nodeB, 'other.vhdx', OplockLevel.NONE, [dh2q(randomBytes(16)), appInstance])).status, NtStatus.SUCCESS);
    assert.is((await nodeB.close(third.fileId)).header.status, NtStatus.SUCCESS);
  } finally {
    await server.stop();
  }
});

async function requestResiliency(client: Smb2TestClient, id: FileId, timeout: number): Promise<number> {
  const body = encodeIoctlRequest({
    ctlCode: FsctlCode.FSCTL_LMR_REQUEST_RESILIENCY,
    persistentFileId: id.persistent,
    volatileFileId: id.volatile,
    maxInputResponse: 0,
    maxOutputResponse: 0,
    flags: 1,
    input: encodeNetworkResiliencyRequest({ timeout }),
    output: Buffer.alloc(0),
  });
  return (await client.call(client.build(Command.IOCTL, body))).header.status;
}

test('FSCTL_LMR_REQUEST_RESILIENCY keeps an open without any oplock across a lost connection', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    const opened = await create(a, 'resilient.txt', OplockLevel.NONE, []);
    assert.is(await requestResiliency(a, opened.fileId, 300_001), NtStatus.INVALID_PARAMETER, 'longer than five minutes');
    assert.is(await requestResiliency(a, opened.fileId, 10_000), NtStatus.SUCCESS);
    assert.is(await write(a, opened.fileId, Buffer.from('resilient')), NtStatus.SUCCESS);
    await dropConnection(server, a);
    const b = await guestOnShare(server);
    const again = await create(b, 'resilient.txt', 0, [dhnc(opened.fileId)]);
    assert.is(again.status, NtStatus.SUCCESS);
    assert.equal(again.fileId, opened.fileId);
    assert.equal((await read(b, again.fileId, 64)).toString(), 'resilient');
    // Its Resilient Open Scavenger Timer runs from the next loss.
    assert.is(await requestResiliency(b, again.fileId, 50), NtStatus.SUCCESS);
    await dropConnection(server, b);
    for (let i = 0; i < 400 && server.server.stats().opens > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.is(server.server.stats().opens, 0, 'a resilient open nobody reconnects is closed');
  } finally {
    await server.stop();
  }
});

function lockRequest(client: Smb2TestClient, id: FileId, flags: number): Buffer {
  const body = encodeLockRequest({ lockSequenceNumber: 0, lockSequenceIndex: 0, persistentFileId: id.persistent, volatileFileId: id.volatile, locks: [{ offset: 0n, length: 10n, flags }] });
  return client.build(Command.LOCK, body);
}

test('a blocking LOCK waiting on an open that LOGOFF detaches is cancelled, and takes nothing', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    const b = await guestOnShare(server, randomBytes(16));
    const held = await create(b, 'locked.txt', OplockLevel.NONE, []);
    assert.is((await b.call(lockRequest(b, held.fileId, LockFlags.EXCLUSIVE_LOCK | LockFlags.FAIL_IMMEDIATELY))).header.status, NtStatus.SUCCESS);
    const waiting = await create(a, 'locked.txt', OplockLevel.NONE, []);
    assert.is(await requestResiliency(a, waiting.fileId, 10_000), NtStatus.SUCCESS);
    const blocked = lockRequest(a, waiting.fileId, LockFlags.EXCLUSIVE_LOCK);
    a.socket.sendMessage(blocked);
    await new Promise((r) => setTimeout(r, 50));
    assert.is((await a.call(a.build(Command.LOGOFF, encodeLogoffRequest({})))).header.status, NtStatus.SUCCESS);
    assert.is((await a.reply(blocked.readBigUInt64LE(24))).header.status, NtStatus.CANCELLED);
    // B lets go; the detached open must not have been given the range meanwhile.
    assert.is((await b.call(lockRequest(b, held.fileId, LockFlags.UNLOCK))).header.status, NtStatus.SUCCESS);
    assert.is((await b.call(lockRequest(b, held.fileId, LockFlags.EXCLUSIVE_LOCK | LockFlags.FAIL_IMMEDIATELY))).header.status, NtStatus.SUCCESS);
  } finally {
    await server.stop();
  }
});

test('a CreateGuid in use: DUPLICATE_OBJECTID, or with the replay flag the same open, until the open is used', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const a = await guestOnShare(server);
    const guid = randomBytes(16);
    // Without an oplock the open is not durable, but its CreateGuid still names it.
    const opened = await create(a, 'replay.txt', OplockLevel.NONE, [dh2q(guid)]);
    assert.is(opened.status, NtStatus.SUCCESS);
    assert.is(opened.createAction, CreateAction.CREATED);
    assert.is((await create(a, 'replay.txt', OplockLevel.NONE, [dh2q(guid)])).status, NtStatus.DUPLICATE_OBJECTID);
    const replayed = await create(a, 'replay.txt', OplockLevel.NONE, [dh2q(guid)], undefined, HeaderFlags.REPLAY_OPERATION);
    assert.is(replayed.status, NtStatus.SUCCESS);
    assert.equal(replayed.fileId, opened.fileId);
    assert.is(replayed.createAction, CreateAction.CREATED, 'the replay is told what the CREATE did');
    // Once the client has used the open, the same CREATE replayed is a new open.
    assert.is(await write(a, opened.fileId, Buffer.from('x')), NtStatus.SUCCESS);
    const fresh = await create(a, 'replay.txt', 0, [dh2q(guid)], undefined, HeaderFlags.REPLAY_OPERATION);
    assert.is(fresh.status, NtStatus.SUCCESS);
    assert.not.equal(fresh.fileId, opened.fileId);
    // Closed, an open no longer answers for its CreateGuid: the client may use it again.
    await a.close(fresh.fileId);
    assert.is((await create(a, 'replay.txt', 0, [dh2q(guid)])).status, NtStatus.SUCCESS);
  } finally {
    await server.stop();
  }
});

test('malformed and mixed durable contexts get a status, never a crash or a leak', async () => {
  const log = recordingLogger();
  const server = await startInProcessServer({ guest: true, logger: log.logger });
  try {
    const a = await guestOnShare(server);
    const rng = xorshift32(0xd0ab1e);
    const names = [
      CreateContextName.DURABLE_HANDLE_REQUEST,
      CreateContextName.DURABLE_HANDLE_RECONNECT,
      CreateContextName.DURABLE_HANDLE_REQUEST_V2,
      CreateContextName.DURABLE_HANDLE_RECONNECT_V2,
      CreateContextName.APP_INSTANCE_ID,
      CreateContextName.REQUEST_LEASE,
    ];
    // A resilient open without caching: reconnects may name it, and no CREATE waits for a break of it.
    const opened = await create(a, 'target.txt', OplockLevel.NONE, []);
    assert.is(await requestResiliency(a, opened.fileId, 1000), NtStatus.SUCCESS);
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const contexts = Array.from({ length: 1 + rng.below(3) }, () => {
        const data = rng.bytes(rng.below(60));
        // Now and then a reconnect names a real open.
        if (rng.chance(0.3) && data.length >= 16) data.writeBigUInt64LE(opened.fileId.persistent, 0);
        return { name: rng.pick(names), data };
      });
      const unique = contexts.filter((c, j) => contexts.findIndex((d) => d.name === c.name) === j);
      const oplock = rng.pick([OplockLevel.NONE, OplockLevel.II, OplockLevel.BATCH, OplockLevel.LEASE]);
      const flags = rng.chance(0.3) ? HeaderFlags.REPLAY_OPERATION : 0;
      const result = await create(a, rng.chance(0.5) ? 'target.txt' : `f${rng.below(8)}.txt`, oplock, unique, undefined, flags);
      statuses.add(result.status);
      if (result.status === NtStatus.SUCCESS && result.fileId.persistent !== opened.fileId.persistent) await a.close(result.fileId);
    }
    assert.ok(statuses.has(NtStatus.INVALID_PARAMETER), 'short contexts are refused');
    assert.is((await a.echo()).header.status, NtStatus.SUCCESS);
    assert.equal(log.errors, []);
  } finally {
    await server.stop();
  }
  assert.is(server.driverUsage().openHandles, 0);
});

test.run();
