// Seeded fuzzing of the whole server over TCP. An in-process server (MemoryDriver share, local accounts,
// unknown users mapped to Guest) receives garbage frames, and truncated and mutated copies of the requests
// real clients sent to Samba (test/fixtures/golden): before NEGOTIATE, after it, and inside a Guest session
// with a tree connect and an open, alone, in compound chains and pipelined. Afterwards nothing may have
// reached the event loop, nothing may be left open, and smbclient must still work.
//
// Rules checked for every input: every response is a well-formed SMB2 response; the server answers, or
// drops the connection, but never goes silent; nothing is logged at error level, which is where the
// dispatcher reports an exception that was not a typed NtStatusError / ProtocolViolation / DriverError.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CreateOptions, HeaderFlags, ProtocolId } from '../../src/protocol/constants.ts';
import { directTcpHeader } from '../../src/transport/framing.ts';
import { goldenRequests, type GoldenMessage } from '../helpers/golden.ts';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process-server.ts';
import { RawSocket, type Received } from '../helpers/raw-socket.ts';
import { recordingLogger } from '../helpers/recording-logger.ts';
import { compound, mutate } from '../helpers/smb2-mutations.ts';
import { Smb2TestClient, splitResponses, type FileId } from '../helpers/smb2-test-client.ts';
import { smbclient } from '../helpers/smbclient.ts';
import { xorshift32, type Rng } from '../helpers/xorshift.ts';

const SEED = 0x5eb3f022;
/** Fuzz frames to send in all (the well-formed requests that set up sessions are not counted). */
const FRAME_BUDGET = 3000;
/** A hard stop so a slow machine cannot turn the run into a hang of the suite. */
const TIME_BUDGET_MS = 60_000;
/**
 * How long to wait for the answer to one fuzz frame before moving on: a late answer is read (and checked)
 * with the next one, and a connection that stopped answering is caught by the probe.
 */
const ANSWER_WAIT_MS = 50;
/** The wait for input that has no answer by design (an incomplete frame, a keep-alive): only to let it land. */
const NO_ANSWER_WAIT_MS = 20;
/** How long a connection that is still open may take to answer an ECHO after the fuzz frames. */
const PROBE_WAIT_MS = 3_000;

const negotiates = goldenRequests.filter((m) => m.command === 'NEGOTIATE');
/** Requests replayed inside a session; teardown requests are kept rarer so sessions live long enough. */
const sessionPool = goldenRequests.filter((m) => m.command !== 'NEGOTIATE' && m.command !== 'SMB_COM_NEGOTIATE');
const teardown = new Set(['LOGOFF', 'TREE_DISCONNECT']);

interface Stats {
  /** Fuzz frames sent. */
  frames: number;
  answered: number;
  dropped: number;
  unanswered: number;
  episodes: number;
}

const failures: string[] = [];
const recordUncaught = (error: unknown): void => {
  failures.push(`reached the event loop: ${error instanceof Error ? error.stack : String(error)}`);
};

let server: InProcessServer;
const log = recordingLogger();
let errorsSeen = 0;

/** Error-level log entries become failures, attributed to the input sent just before them. */
function collectLoggedErrors(context: string): void {
  while (errorsSeen < log.errors.length) {
    const { msg, obj } = log.errors[errorsSeen++]!;
    const err = (obj as { err?: unknown }).err;
    failures.push(`logged "${msg}" (${err instanceof Error ? err.stack : JSON.stringify(obj)}) near ${context}`);
  }
}

function describe(what: string, bytes: Buffer): string {
  return `${what} [${bytes.length} bytes: ${bytes.subarray(0, 160).toString('hex')}${bytes.length > 160 ? '…' : ''}]`;
}

/** Every frame the server sends must be a well-formed SMB2 response. */
function checkFrame(frame: Buffer, context: string): void {
  if (frame.length >= 4 && frame.readUInt32LE(0) === ProtocolId.TRANSFORM) {
    failures.push(`encrypted response on a Guest session after ${context}`);
    return;
  }
  try {
    for (const r of splitResponses(frame)) {
      if (!(r.header.flags & HeaderFlags.SERVER_TO_REDIR)) failures.push(`response without SERVER_TO_REDIR after ${context}`);
    }
  } catch (error) {
    failures.push(`malformed response (${(error as Error).message}) after ${context}`);
  }
}

/** Sends bytes and waits briefly for whatever comes back; checks every frame. */
async function exchange(socket: RawSocket, bytes: Buffer, context: string, stats: Stats, expected = 1, waitMs = ANSWER_WAIT_MS): Promise<Received> {
  socket.write(bytes);
  stats.frames += expected;
  let last: Received = 'timeout';
  for (let i = 0; i < expected; i++) {
    last = await socket.next(waitMs);
    if (last === 'closed' || last === 'timeout') break;
    checkFrame(last, context);
  }
  if (socket.framingError) failures.push(`response stream not in Direct TCP framing (${socket.framingError.message}) after ${context}`);
  if (last === 'closed') stats.dropped++;
  else if (last === 'timeout') stats.unanswered++;
  else stats.answered++;
  collectLoggedErrors(context);
  return last;
}

const framed = (message: Buffer): Buffer => Buffer.concat([directTcpHeader(message.length), message]);

/** A connection that is still open must answer a well-formed ECHO (or drop): it may not be wedged. */
async function probe(client: Smb2TestClient, context: string): Promise<void> {
  if (client.socket.closed || client.dialect === 0) return;
  try {
    await client.echo(PROBE_WAIT_MS);
  } catch (error) {
    if (!client.socket.closed) failures.push(`no answer to ECHO (${(error as Error).message}) after ${context}`);
  }
}

async function finish(socket: RawSocket, rng: Rng): Promise<void> {
  if (rng.chance(0.5)) socket.destroy();
  else await socket.end();
}

/** Bytes that are not SMB2 requests at all, framed or not. */
async function garbageEpisode(port: number, rng: Rng, stats: Stats): Promise<void> {
  const socket = await RawSocket.connect(port);
  const count = 1 + rng.below(3);
  for (let i = 0; i < count && !socket.closed; i++) {
    let bytes: Buffer;
    let waitMs = ANSWER_WAIT_MS;
    switch (rng.below(6)) {
      case 0:
        bytes = framed(rng.bytes(rng.below(300)));
        break;
      case 1: {
        // Each protocol id the dispatcher switches on, followed by noise.
        const id = rng.pick([ProtocolId.SMB2, ProtocolId.TRANSFORM, ProtocolId.SMB1, 0x424d53fc]);
        const message = Buffer.concat([Buffer.alloc(4), rng.bytes(rng.below(200))]);
        message.writeUInt32LE(id, 0);
        bytes = framed(message);
        break;
      }
      case 2: {
        // A plausible SMB2 header (StructureSize 64) with random fields and body.
        const message = rng.bytes(64 + rng.below(128));
        message.writeUInt32LE(ProtocolId.SMB2, 0);
        message.writeUInt16LE(64, 4);
        message.writeBigUInt64LE(0n, 24);
        message.writeUInt32LE(0, 20);
        bytes = framed(message);
        break;
      }
      case 3:
        bytes = rng.bytes(1 + rng.below(64));
        break;
      case 4:
        bytes = directTcpHeader(0x00ffffff);
        break;
      default:
        bytes = framed(Buffer.alloc(0));
        waitMs = NO_ANSWER_WAIT_MS;
    }
    await exchange(socket, bytes, describe('garbage', bytes), stats, 1, waitMs);
  }
  await finish(socket, rng);
}

function stampAny(client: Smb2TestClient, m: GoldenMessage, fileId?: FileId): Buffer {
  return m.command === 'SMB_COM_NEGOTIATE' ? Buffer.from(m.bytes) : client.stamp(m.bytes, fileId);
}

/** Mutated requests as the first messages of a connection, or right after a real NEGOTIATE. */
async function preauthEpisode(port: number, rng: Rng, stats: Stats): Promise<void> {
  const client = await Smb2TestClient.connect(port);
  if (rng.chance(0.6)) await client.negotiate(rng.pick(negotiates).bytes);
  const count = 1 + rng.below(4);
  let context = 'pre-auth';
  for (let i = 0; i < count && !client.socket.closed; i++) {
    const original = rng.pick(goldenRequests);
    const stamped = stampAny(client, original);
    const { name, bytes } = rng.chance(0.85) ? mutate(stamped, rng) : { name: 'none', bytes: stamped };
    context = describe(`pre-auth ${original.command} (${original.client}) mutated by ${name}`, bytes);
    await exchange(client.socket, framed(bytes), context, stats);
  }
  await probe(client, context);
  await finish(client.socket, rng);
}

/** A Guest session with a tree connect and one open; mutated requests aimed at them. */
async function sessionEpisode(port: number, rng: Rng, stats: Stats, serial: number): Promise<void> {
  const client = await Smb2TestClient.connect(port);
  await client.negotiate(rng.pick(negotiates).bytes);
  await client.guestLogon();
  const ipc = rng.chance(0.25);
  await client.treeConnect(ipc ? 'IPC$' : 'share');
  let fileId: FileId | undefined;
  if (ipc) {
    fileId = (await client.create('srvsvc')).fileId;
  } else if (rng.chance(0.5)) {
    fileId = (await client.create(`dir${serial % 7}`, { createOptions: CreateOptions.DIRECTORY_FILE, desiredAccess: 0x00120089 })).fileId;
  } else {
    fileId = (await client.create(`file${serial % 11}.txt`)).fileId;
  }

  const pick = (): GoldenMessage => {
    for (;;) {
      const m = rng.pick(sessionPool);
      if (!teardown.has(m.command) || rng.chance(0.1)) return m;
    }
  };
  const count = 5 + rng.below(30);
  let context = 'session setup';
  for (let i = 0; i < count && !client.socket.closed; i++) {
    const members = rng.chance(0.75) ? 1 : 2 + rng.below(3);
    const originals = Array.from({ length: members }, pick);
    const stamped = originals.map((m) => client.stamp(m.bytes, fileId));
    if (members > 1 && rng.chance(0.5)) {
      // Damage one member before chaining, so the chain itself stays walkable.
      const at = rng.below(members);
      stamped[at] = mutate(stamped[at]!, rng).bytes;
    }
    let frame = members > 1 ? compound(stamped, rng) : stamped[0]!;
    let name = 'none';
    if (rng.chance(0.8)) ({ name, bytes: frame } = mutate(frame, rng));
    context = describe(`session ${originals.map((m) => m.command).join('+')} mutated by ${name}`, frame);

    const framing = rng.below(40);
    if (framing <= 1) {
      // The Direct TCP length is wrong. Too long: the server waits for the rest while the client goes
      // away mid-frame. Too short: the rest of the message is read as the next frame's header, which
      // may announce a frame the server then waits for. Either way the stream is no longer in step, so
      // the episode ends here, without a probe.
      const length = framing === 0 ? frame.length + 1 + rng.below(1000) : rng.below(frame.length);
      const bytes = Buffer.concat([directTcpHeader(length), frame]);
      await exchange(client.socket, bytes, `${context} with frame length ${length}`, stats, 1, NO_ANSWER_WAIT_MS);
      await finish(client.socket, rng);
      return;
    }
    if (framing === 2) {
      // Several requests in one write, so the server processes them concurrently; sometimes the client
      // vanishes before any answer.
      const burst = [frame, ...Array.from({ length: 1 + rng.below(3) }, () => mutate(client.stamp(pick().bytes, fileId), rng).bytes)];
      const bytes = Buffer.concat(burst.map(framed));
      if (rng.chance(0.5)) {
        client.socket.write(bytes);
        stats.frames += burst.length;
        client.socket.destroy();
        return;
      }
      await exchange(client.socket, bytes, `${context} pipelined`, stats, burst.length);
      continue;
    }
    await exchange(client.socket, framed(frame), context, stats);
  }
  await probe(client, context);
  await finish(client.socket, rng);
}

/**
 * Requests that are valid one by one but race each other: a CREATE pipelined with the TREE_DISCONNECT,
 * LOGOFF or connection loss that should release what it creates.
 */
async function raceEpisode(port: number, rng: Rng, stats: Stats, serial: number): Promise<void> {
  const client = await Smb2TestClient.connect(port);
  await client.negotiate(rng.pick(negotiates).bytes);
  await client.guestLogon();
  await client.treeConnect('share');
  const creates = goldenRequests.filter((m) => m.command === 'CREATE');
  const burst: Buffer[] = [];
  for (let i = 0; i < 1 + rng.below(3); i++) burst.push(client.stamp(rng.pick(creates).bytes));
  const tail = rng.below(3);
  if (tail === 0) burst.push(client.stamp(goldenRequests.find((m) => m.command === 'TREE_DISCONNECT')!.bytes));
  if (tail === 1) burst.push(client.stamp(goldenRequests.find((m) => m.command === 'LOGOFF')!.bytes));
  client.pipeline(burst);
  stats.frames += burst.length;
  if (tail === 2 || rng.chance(0.5)) {
    client.socket.destroy();
    return;
  }
  for (let i = 0; i < burst.length; i++) {
    const received = await client.socket.next(PROBE_WAIT_MS);
    if (received === 'closed' || received === 'timeout') break;
    checkFrame(received, `race ${serial}`);
  }
  await finish(client.socket, rng);
}

test.before(async () => {
  process.on('uncaughtException', recordUncaught);
  process.on('unhandledRejection', recordUncaught);
  server = await startInProcessServer({ guest: true, users: [{ name: 'user', password: 'pass' }], logger: log.logger });
});

test.after(async () => {
  await server.stop();
  process.off('uncaughtException', recordUncaught);
  process.off('unhandledRejection', recordUncaught);
});

test('mutated and garbage input never crashes, wedges or leaks, and a real client still works', async () => {
  const rng = xorshift32(SEED);
  const stats: Stats = { frames: 0, answered: 0, dropped: 0, unanswered: 0, episodes: 0 };
  const deadline = Date.now() + TIME_BUDGET_MS;
  while (stats.frames < FRAME_BUDGET && Date.now() < deadline) {
    const serial = stats.episodes++;
    const kind = rng.below(20);
    try {
      if (kind < 3) await garbageEpisode(server.port, rng, stats);
      else if (kind < 7) await preauthEpisode(server.port, rng, stats);
      else if (kind < 9) await raceEpisode(server.port, rng, stats, serial);
      else await sessionEpisode(server.port, rng, stats, serial);
    } catch (error) {
      failures.push(`episode ${serial}: well-formed request failed: ${(error as Error).stack}`);
    }
    if (failures.length > 20) break;
  }
  const summary = JSON.stringify(stats);

  // Every fuzz connection is gone; give the server a moment to run its close handlers. Then nothing may be
  // left: no connection, session (established or half-authenticated) or open in the server's tables, and
  // no handle or directory scan held in the driver.
  const held = () => ({ ...server.server.stats(), ...server.driverUsage() });
  const nothing = { connections: 0, sessions: 0, opens: 0, openHandles: 0, activeScans: 0 };
  const settled = Date.now() + 3000;
  while (Date.now() < settled && JSON.stringify(held()) !== JSON.stringify(nothing)) await new Promise((r) => setTimeout(r, 20));
  collectLoggedErrors('the end of the run');
  assert.equal(failures, [], summary);
  assert.ok(stats.frames >= FRAME_BUDGET, `time budget ran out: ${summary}`);
  assert.equal(held(), nothing, `state left behind after ${summary}`);

  const result = await smbclient(server.port, 'share', 'user%pass', 'ls');
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /blocks available/);
});

test.run();
