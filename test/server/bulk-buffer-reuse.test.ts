// The buffers of bulk data are reused, but never while still in use. A READ's data buffer goes back to
// its pool only once the socket has written it: with the client not reading, responses back up in the
// socket, and a later READ must not get (and overwrite) the buffer of one still waiting to go out. A
// reassembled WRITE frame goes back only once the driver has the data: a later WRITE frame must not be
// received into the buffer of one whose driver write is still pending.

import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command, HeaderFlags } from '../../src/protocol/constants.ts';
import { encodeEchoRequest, encodeReadRequest, encodeWriteRequest } from '../../src/protocol/messages/index.ts';
import { NtStatus } from '../../src/protocol/status.ts';
import type { DriverHandle, ShareDriver } from '../../src/ios/types.ts';
import { readBuffers } from '../../src/server/buffer-pool.ts';
import { goldenRequest } from '../helpers/golden.ts';
import { startInProcessServer } from '../helpers/in-process-server.ts';
import { Smb2TestClient, type FileId } from '../helpers/smb2-test-client.ts';

const MiB = 1024 * 1024;
/** Each READ and WRITE moves one 4 MiB region (CreditCharge 64, MS-SMB2 3.1.5.2). */
const REGION = 4 * MiB;
const CHARGE = REGION / 65536;
/** Six responses of 4 MiB are more than loopback socket buffers take while the client reads nothing. */
const BACKED_UP = 6;

/** Resolves when open() is called; the driver operation waiting on it then proceeds. */
class Gate {
  readonly opened: Promise<void>;
  open!: () => void;
  constructor() {
    this.opened = new Promise((resolve) => (this.open = resolve));
  }
}

/** Wraps every handle the driver opens so its `method` waits for `gate` when called at `offset`. */
function gated(method: 'read' | 'write', offset: bigint, gate: Gate): (driver: ShareDriver) => ShareDriver {
  const wrapHandle = (handle: DriverHandle): DriverHandle =>
    new Proxy(handle, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (key !== method) return typeof value === 'function' ? value.bind(target) : value;
        return async (ctx: never, buffer: Buffer, at: bigint) => {
          if (at === offset) await gate.opened;
          return target[method](ctx, buffer, at);
        };
      },
    });
  return (driver) =>
    new Proxy(driver, {
      get(target, key) {
        if (key === 'open') {
          return async (...args: Parameters<ShareDriver['open']>) => {
            const opened = await target.open(...args);
            return { ...opened, handle: wrapHandle(opened.handle) };
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

const negotiate = goldenRequest({ client: 'smbclient', dialect: 'SMB3_1_1', command: 'NEGOTIATE' }).bytes;

/** A request moving a whole region: CreditCharge and the MessageIds it spends set to match. */
function charged(client: Smb2TestClient, command: number, body: Buffer): Buffer {
  const message = client.build(command, body);
  message.writeUInt16LE(CHARGE, 6); // MS-SMB2 2.2.1: CreditCharge
  client.nextMessageId += BigInt(CHARGE - 1);
  return message;
}

const readRegion = (client: Smb2TestClient, file: FileId, index: number): Buffer =>
  charged(
    client,
    Command.READ,
    encodeReadRequest({
      padding: 0x50,
      flags: 0,
      length: REGION,
      offset: BigInt(index * REGION),
      persistentFileId: file.persistent,
      volatileFileId: file.volatile,
      minimumCount: 0,
      channel: 0,
      remainingBytes: 0,
      readChannelInfo: Buffer.alloc(0),
    }),
  );

const writeRegion = (client: Smb2TestClient, file: FileId, index: number, data: Buffer): Buffer =>
  charged(
    client,
    Command.WRITE,
    encodeWriteRequest({
      offset: BigInt(index * REGION),
      persistentFileId: file.persistent,
      volatileFileId: file.volatile,
      channel: 0,
      remainingBytes: 0,
      flags: 0,
      data,
      writeChannelInfo: Buffer.alloc(0),
    }),
  );

/** A guest session on the share with credits for many 4 MiB requests in flight, and a file open on it. */
async function session(port: number): Promise<{ client: Smb2TestClient; file: FileId }> {
  const client = await Smb2TestClient.connect(port);
  await client.negotiate(negotiate);
  await client.guestLogon();
  await client.treeConnect('share');
  const echo = client.build(Command.ECHO, encodeEchoRequest({}));
  echo.writeUInt16LE(4096, 14); // CreditRequest
  assert.is((await client.call(echo)).header.status, NtStatus.SUCCESS);
  const { status, fileId } = await client.create('bulk.bin');
  assert.is(status, NtStatus.SUCCESS);
  return { client, file: fileId! };
}

/** Two unrelated requests in one frame (MS-SMB2 3.2.4.1.4): the second starts only when the first is done. */
function chain(first: Buffer, second: Buffer): Buffer {
  const padded = Buffer.alloc(Math.ceil(first.length / 8) * 8);
  first.copy(padded);
  padded.writeUInt32LE(padded.length, 20); // NextCommand
  assert.is(second.readUInt32LE(16) & HeaderFlags.RELATED_OPERATIONS, 0);
  return Buffer.concat([padded, second]);
}

test('a READ buffer still waiting in the socket is not handed to a later READ', async () => {
  // Regions 0..5 are read while the client reads nothing; then region 6 (held up in the driver) and
  // region 7 in one compound, so region 7's buffer is taken only after the first six responses were sent.
  const gate = new Gate();
  const server = await startInProcessServer({ guest: true, wrapDriver: gated('read', BigInt(BACKED_UP * REGION), gate) });
  try {
    const { client, file } = await session(server.port);
    const regions = Array.from({ length: BACKED_UP + 2 }, () => randomBytes(REGION));
    for (const [i, data] of regions.entries()) {
      assert.is((await client.call(writeRegion(client, file, i, data))).header.status, NtStatus.SUCCESS);
    }

    client.socket.pause();
    const reads = Array.from({ length: BACKED_UP }, (_, i) => readRegion(client, file, i));
    const ids = client.pipeline([...reads, chain(readRegion(client, file, BACKED_UP), readRegion(client, file, BACKED_UP + 1))]);
    ids.push(ids.at(-1)! + BigInt(CHARGE));
    await new Promise((resolve) => setTimeout(resolve, 200));
    gate.open();
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.socket.resume();

    for (const [i, id] of ids.entries()) {
      const reply = await client.reply(id, 20_000);
      assert.is(reply.header.status, NtStatus.SUCCESS, `READ of region ${i}`);
      const data = reply.message.subarray(0x50, 0x50 + REGION);
      assert.ok(data.equals(regions[i]!), `region ${i} arrived as it was written`);
    }
    // Once written, the buffers did go back for reuse.
    assert.ok(readBuffers.idleBytes >= REGION);
    await client.socket.end();
  } finally {
    await server.stop();
  }
});

test('a WRITE frame whose driver write is pending is not reused for the next WRITE frame', async () => {
  const gate = new Gate();
  const server = await startInProcessServer({ guest: true, wrapDriver: gated('write', 0n, gate) });
  try {
    const { client, file } = await session(server.port);
    const regions = Array.from({ length: 3 }, () => randomBytes(REGION));
    // Region 0's write waits in the driver while regions 1 and 2 arrive, are reassembled and written.
    const held = client.pipeline([writeRegion(client, file, 0, regions[0]!)])[0]!;
    // Region 1's frame starts arriving only after region 0's has been received and handed on.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const i of [1, 2]) {
      assert.is((await client.call(writeRegion(client, file, i, regions[i]!))).header.status, NtStatus.SUCCESS);
    }
    gate.open();
    assert.is((await client.reply(held)).header.status, NtStatus.SUCCESS);
    for (const [i, data] of regions.entries()) {
      const reply = await client.call(readRegion(client, file, i));
      assert.ok(reply.message.subarray(0x50, 0x50 + REGION).equals(data), `region ${i} holds what was written to it`);
    }
    await client.socket.end();
  } finally {
    await server.stop();
  }
});

test.run();
