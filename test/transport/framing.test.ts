// FrameDecoder (MS-SMB2 2.1 Direct TCP framing) against real client messages from test/fixtures/golden,
// each wrapped in the 4-byte header: however the stream is cut into chunks, the same frames come out.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FrameDecoder, directTcpHeader } from '../../src/transport/framing.ts';
import { ProtocolViolation } from '../../src/protocol/status.ts';
import { goldenRequest } from '../helpers/golden.ts';

const MAX_FRAME = 1 << 20;

const frame = (message: Buffer): Buffer => Buffer.concat([directTcpHeader(message.length), message]);

/** Feeds `stream` cut at `cuts` (ascending positions) and returns every frame, copied out of the decoder. */
function decodeInChunks(stream: Buffer, cuts: readonly number[]): Buffer[] {
  const decoder = new FrameDecoder(MAX_FRAME);
  const out: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, stream.length]) {
    for (const f of decoder.push(stream.subarray(start, cut))) out.push(Buffer.from(f));
    start = cut;
  }
  return out;
}

function assertFrames(actual: Buffer[], expected: readonly Buffer[], where: string): void {
  assert.is(actual.length, expected.length, `frame count, cut at ${where}`);
  for (let i = 0; i < expected.length; i++) assert.ok(actual[i]!.equals(expected[i]!), `frame ${i}, cut at ${where}`);
}

// Real requests of different shapes: an SMB1 negotiate, an SMB2 NEGOTIATE with contexts, a SESSION_SETUP
// with a security buffer, and the short ECHO / TREE_DISCONNECT / LOGOFF requests.
const negotiate = goldenRequest({ client: 'smbclient', dialect: 'SMB3_1_1', command: 'NEGOTIATE' }).bytes;
const smb1Negotiate = goldenRequest({ command: 'SMB_COM_NEGOTIATE' }).bytes;
const sessionSetup = goldenRequest({ client: 'smbclient', dialect: 'SMB3_1_1', command: 'SESSION_SETUP' }).bytes;
const echo = goldenRequest({ command: 'ECHO' }).bytes;
const treeDisconnect = goldenRequest({ command: 'TREE_DISCONNECT' }).bytes;
const logoff = goldenRequest({ command: 'LOGOFF' }).bytes;

test('a stream of real frames cut at every byte position yields exactly the original frames', () => {
  const messages = [smb1Negotiate, negotiate, sessionSetup, echo];
  const stream = Buffer.concat(messages.map(frame));
  for (let cut = 0; cut <= stream.length; cut++) assertFrames(decodeInChunks(stream, [cut]), messages, String(cut));
});

test('three short frames cut at every pair of positions yield exactly the original frames', () => {
  const messages = [echo, treeDisconnect, logoff];
  const stream = Buffer.concat(messages.map(frame));
  for (let a = 0; a <= stream.length; a++) {
    for (let b = a; b <= stream.length; b++) assertFrames(decodeInChunks(stream, [a, b]), messages, `${a},${b}`);
  }
});

test('one byte at a time', () => {
  const messages = [negotiate, sessionSetup, echo];
  const stream = Buffer.concat(messages.map(frame));
  const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
  assertFrames(decodeInChunks(stream, cuts), messages, 'every byte');
});

test('a frame that arrives whole is returned as a view of the chunk, not a copy', () => {
  const chunk = frame(echo);
  const [f] = new FrameDecoder(MAX_FRAME).push(chunk);
  assert.is(f!.buffer, chunk.buffer);
  assert.is(f!.byteOffset, chunk.byteOffset + 4);
});

test('a frame length above the maximum is a ProtocolViolation, whole or split inside the header', () => {
  const header = directTcpHeader(MAX_FRAME + 1);
  assert.throws(() => new FrameDecoder(MAX_FRAME).push(header), (e: unknown) => e instanceof ProtocolViolation);
  for (let cut = 1; cut < 4; cut++) {
    const decoder = new FrameDecoder(MAX_FRAME);
    assert.equal(decoder.push(header.subarray(0, cut)), []);
    assert.throws(() => decoder.push(header.subarray(cut)), (e: unknown) => e instanceof ProtocolViolation, `cut at ${cut}`);
  }
  // Exactly the maximum is allowed.
  const decoder = new FrameDecoder(8);
  assert.equal(decoder.push(Buffer.concat([directTcpHeader(8), Buffer.alloc(8)])).length, 1);
});

test('the largest 24-bit length is refused by a smaller maximum before any payload arrives', () => {
  const decoder = new FrameDecoder(MAX_FRAME);
  assert.throws(() => decoder.push(Buffer.from([0x00, 0xff, 0xff, 0xff])), (e: unknown) => e instanceof ProtocolViolation);
});

test('a nonzero type byte other than keep-alive is a ProtocolViolation', () => {
  // RFC 1002 4.3.1: 0x81 session request, 0x82 positive response, 0x83 negative response, 0x84 retarget.
  for (const type of [0x01, 0x81, 0x82, 0x83, 0x84, 0xfe, 0xff]) {
    const bad = frame(echo);
    bad[0] = type;
    assert.throws(() => new FrameDecoder(MAX_FRAME).push(bad), (e: unknown) => e instanceof ProtocolViolation, `type 0x${type.toString(16)}`);
  }
  // Also after a good frame in the same chunk.
  const stream = Buffer.concat([frame(echo), frame(logoff)]);
  stream[4 + echo.length] = 0x81;
  assert.throws(() => new FrameDecoder(MAX_FRAME).push(stream), (e: unknown) => e instanceof ProtocolViolation);
});

test('NetBIOS keep-alives (RFC 1002 4.3.7: type 0x85, length 0) are skipped wherever the stream is cut', () => {
  const keepAlive = Buffer.from([0x85, 0, 0, 0]);
  const messages = [echo, logoff];
  const stream = Buffer.concat([keepAlive, frame(echo), keepAlive, keepAlive, frame(logoff), keepAlive]);
  for (let cut = 0; cut <= stream.length; cut++) assertFrames(decodeInChunks(stream, [cut]), messages, String(cut));
  assert.equal(new FrameDecoder(MAX_FRAME).push(keepAlive), []);
});

test('a keep-alive that claims a length is a ProtocolViolation rather than a desynchronised stream', () => {
  const stream = Buffer.concat([Buffer.from([0x85, 0, 0, 4]), frame(echo)]);
  assert.throws(() => new FrameDecoder(MAX_FRAME).push(stream), (e: unknown) => e instanceof ProtocolViolation);
});

test('a zero-length session message carries nothing and yields no frame', () => {
  const stream = Buffer.concat([directTcpHeader(0), frame(echo), directTcpHeader(0)]);
  for (let cut = 0; cut <= stream.length; cut++) assertFrames(decodeInChunks(stream, [cut]), [echo], String(cut));
});

test('a partial frame is held until the rest arrives', () => {
  const decoder = new FrameDecoder(MAX_FRAME);
  const f = frame(sessionSetup);
  assert.equal(decoder.push(f.subarray(0, 100)), []);
  assert.equal(decoder.push(f.subarray(100, 101)), []);
  const [out] = decoder.push(f.subarray(101));
  assert.ok(out!.equals(sessionSetup));
});

test('a large frame arriving in socket-sized chunks is gathered whole, with the frames around it', () => {
  // A WRITE-sized frame (its bytes do not matter to the decoder) between two real requests, cut the way
  // a socket delivers a bulk transfer: 64 KiB chunks that do not line up with frame boundaries.
  const large = Buffer.alloc(1024 * 1024 - 10);
  for (let i = 0; i < large.length; i++) large[i] = (i * 7) & 0xff;
  const messages = [echo, large, logoff];
  const stream = Buffer.concat(messages.map(frame));
  const cuts = [];
  for (let at = 3; at < stream.length; at += 64 * 1024) cuts.push(at);
  assertFrames(decodeInChunks(stream, cuts), messages, '64 KiB chunks');
});

test.run();
