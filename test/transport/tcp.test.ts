// TcpConnection.sendFrame's completion callback: it must not run while the socket still holds the
// chunks (a pooled READ buffer would be overwritten mid-send), and must run when the connection dies.

import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TcpListener } from '../../src/transport/tcp.ts';
import type { TransportConnection } from '../../src/transport/types.ts';

const FRAME = 32 * 1024 * 1024;

/** A listener on a free port, one client connected to it (paused: it reads nothing until resumed), and the server side. */
async function connected(): Promise<{ listener: TcpListener; client: net.Socket; server: TransportConnection }> {
  const listener = new TcpListener({ host: '127.0.0.1', port: 0, maxFrameSize: FRAME });
  const server = new Promise<TransportConnection>((resolve) => listener.onConnection(resolve));
  await listener.listen();
  const client = net.connect(listener.address().port, '127.0.0.1');
  client.pause();
  return { listener, client, server: await server };
}

function received(client: net.Socket, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  return new Promise((resolve) => {
    client.on('data', (d: Buffer) => {
      chunks.push(d);
      length += d.length;
      if (length >= bytes) resolve(Buffer.concat(chunks));
    });
    client.resume();
  });
}

test('onSent runs only after the peer has taken the whole frame', async () => {
  const { listener, client, server } = await connected();
  try {
    const data = Buffer.alloc(FRAME - 8, 0xab);
    let sent: Error | undefined | 'pending' = 'pending';
    server.sendFrame([Buffer.from('head'), data, Buffer.from('tail')], (error) => (sent = error));
    // A 32 MiB frame does not fit in the socket buffers of a peer that reads nothing.
    await sleep(200);
    assert.is(sent, 'pending');
    const bytes = await received(client, 4 + FRAME);
    for (let i = 0; i < 50 && sent === 'pending'; i++) await sleep(10);
    assert.is(sent, undefined);
    assert.is(bytes.readUInt32BE(0), FRAME);
    assert.is(bytes.subarray(4, 8).toString(), 'head');
    assert.ok(bytes.subarray(8, 8 + data.length).equals(data));
    assert.is(bytes.subarray(-4).toString(), 'tail');
  } finally {
    client.destroy();
    await listener.close();
  }
});

test('onSent gets an error when the connection is destroyed with the frame pending, or was gone already', async () => {
  const { listener, client, server } = await connected();
  try {
    const errors: (Error | undefined)[] = [];
    server.sendFrame([Buffer.alloc(FRAME - 4)], (error) => errors.push(error));
    await sleep(100);
    assert.is(errors.length, 0);
    server.destroy();
    for (let i = 0; i < 50 && errors.length === 0; i++) await sleep(10);
    assert.is(errors.length, 1);
    assert.instance(errors[0], Error);
    server.sendFrame([Buffer.alloc(10)], (error) => errors.push(error));
    assert.is(errors.length, 2);
    assert.instance(errors[1], Error);
  } finally {
    client.destroy();
    await listener.close();
  }
});

test('an empty frame also reports when it is out', async () => {
  const { listener, client, server } = await connected();
  try {
    const done = new Promise<Error | undefined>((resolve) => server.sendFrame([], resolve));
    const bytes = await received(client, 4);
    assert.is(await done, undefined);
    assert.ok(bytes.equals(Buffer.alloc(4)));
  } finally {
    client.destroy();
    await listener.close();
  }
});

test.run();
