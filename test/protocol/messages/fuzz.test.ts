// Seeded random-mutation fuzz over every decoder of src/protocol/messages, the negotiate, create and error
// context lists, and the SMB1 NEGOTIATE parser. Seeds are the encoded samples of helpers/cases.ts and the
// messages real clients and Samba exchanged in test/fixtures/golden. A decoder may return or throw
// NtStatusError / ProtocolViolation; any other exception (RangeError, TypeError, ...) is a bug.

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command } from '../../../src/protocol/constants.ts';
import {
  decodeCreateContexts,
  decodeQueryMaximalAccessResponse,
  decodeQueryOnDiskIdResponse,
} from '../../../src/protocol/create-contexts.ts';
import * as m from '../../../src/protocol/messages/index.ts';
import { decodeNegotiateContexts } from '../../../src/protocol/negotiate-contexts.ts';
import { decodeSmb1NegotiateRequest } from '../../../src/protocol/smb1-negotiate.ts';
import { NtStatusError, ProtocolViolation } from '../../../src/protocol/status.ts';
import { cases, smb2Message } from './helpers/cases.ts';

const SEED = 0x5eed1234;
const MUTATIONS = 20_000;

/** xorshift32 (Marsaglia 2003): deterministic, so a failure reproduces from SEED and the iteration. */
function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

type Decode = (b: Buffer) => unknown;
interface Seed {
  what: string;
  bytes: Buffer;
  decoders: Decode[];
}

const requestDecoders: Record<number, Decode> = {
  [Command.NEGOTIATE]: m.decodeNegotiateRequest,
  [Command.SESSION_SETUP]: m.decodeSessionSetupRequest,
  [Command.LOGOFF]: m.decodeLogoffRequest,
  [Command.TREE_CONNECT]: m.decodeTreeConnectRequest,
  [Command.TREE_DISCONNECT]: m.decodeTreeDisconnectRequest,
  [Command.CREATE]: m.decodeCreateRequest,
  [Command.CLOSE]: m.decodeCloseRequest,
  [Command.FLUSH]: m.decodeFlushRequest,
  [Command.READ]: m.decodeReadRequest,
  [Command.WRITE]: m.decodeWriteRequest,
  [Command.LOCK]: m.decodeLockRequest,
  [Command.IOCTL]: m.decodeIoctlRequest,
  [Command.CANCEL]: m.decodeCancelRequest,
  [Command.ECHO]: m.decodeEchoRequest,
  [Command.QUERY_DIRECTORY]: m.decodeQueryDirectoryRequest,
  [Command.CHANGE_NOTIFY]: m.decodeChangeNotifyRequest,
  [Command.QUERY_INFO]: m.decodeQueryInfoRequest,
  [Command.SET_INFO]: m.decodeSetInfoRequest,
  [Command.OPLOCK_BREAK]: m.decodeOplockBreakRequest,
};

const responseDecoders: Record<number, Decode> = {
  [Command.NEGOTIATE]: m.decodeNegotiateResponse,
  [Command.SESSION_SETUP]: m.decodeSessionSetupResponse,
  [Command.LOGOFF]: m.decodeLogoffResponse,
  [Command.TREE_CONNECT]: m.decodeTreeConnectResponse,
  [Command.TREE_DISCONNECT]: m.decodeTreeDisconnectResponse,
  [Command.CREATE]: m.decodeCreateResponse,
  [Command.CLOSE]: m.decodeCloseResponse,
  [Command.FLUSH]: m.decodeFlushResponse,
  [Command.READ]: m.decodeReadResponse,
  [Command.WRITE]: m.decodeWriteResponse,
  [Command.LOCK]: m.decodeLockResponse,
  [Command.IOCTL]: m.decodeIoctlResponse,
  [Command.ECHO]: m.decodeEchoResponse,
  [Command.QUERY_DIRECTORY]: m.decodeQueryDirectoryResponse,
  [Command.CHANGE_NOTIFY]: m.decodeChangeNotifyResponse,
  [Command.QUERY_INFO]: m.decodeQueryInfoResponse,
  [Command.SET_INFO]: m.decodeSetInfoResponse,
  [Command.OPLOCK_BREAK]: m.decodeOplockBreakResponse,
};

const allDecoders: Decode[] = [
  ...Object.values(requestDecoders),
  ...Object.values(responseDecoders),
  m.decodeErrorResponse,
  decodeSmb1NegotiateRequest,
  decodeCreateContexts,
  (b) => decodeNegotiateContexts(b, 0, 3),
  (b) => m.decodeErrorContexts(b, 2),
  decodeQueryMaximalAccessResponse,
  decodeQueryOnDiskIdResponse,
];

function seeds(): Seed[] {
  const out: Seed[] = cases.map((k) => ({
    what: k.name,
    bytes: smb2Message(k.command, k.encode(k.value as never), k.response),
    decoders: [k.decode],
  }));
  interface Golden {
    command: string;
    direction: 'request' | 'response';
    hex: string;
  }
  const golden: Golden[] = JSON.parse(
    readFileSync(new URL('../../fixtures/golden/messages.json', import.meta.url), 'utf8'),
  );
  for (const g of golden) {
    const bytes = Buffer.from(g.hex, 'hex');
    if (g.command === 'SMB_COM_NEGOTIATE') {
      out.push({ what: 'golden SMB1 NEGOTIATE', bytes, decoders: [decodeSmb1NegotiateRequest] });
      continue;
    }
    const command = Command[g.command as keyof typeof Command];
    const decoders =
      g.direction === 'request' ? [requestDecoders[command]] : [responseDecoders[command], m.decodeErrorResponse];
    out.push({ what: `golden ${g.command} ${g.direction}`, bytes, decoders: decoders.filter(Boolean) });
  }
  // The lists inside messages, on their own.
  for (const k of cases) {
    const v = k.value as {
      createContexts?: Buffer;
      negotiateContexts?: unknown[];
      errorContextCount?: number;
      errorData?: Buffer;
    };
    if (v.createContexts?.length) {
      out.push({ what: `${k.name} contexts`, bytes: v.createContexts, decoders: [decodeCreateContexts] });
    }
    if (v.errorContextCount) {
      const count = v.errorContextCount;
      out.push({ what: `${k.name} contexts`, bytes: v.errorData!, decoders: [(b) => m.decodeErrorContexts(b, count)] });
    }
    if (k.command === Command.NEGOTIATE && v.negotiateContexts?.length) {
      const message = smb2Message(k.command, k.encode(k.value as never), k.response);
      const offset = k.response ? message.readUInt32LE(64 + 60) : message.readUInt32LE(64 + 28);
      const count = v.negotiateContexts.length;
      out.push({
        what: `${k.name} contexts`,
        bytes: message.subarray(offset),
        decoders: [(b) => decodeNegotiateContexts(b, 0, count)],
      });
    }
  }
  return out;
}

const INTERESTING = [
  0, 1, 2, 7, 8, 9, 0x3f, 0x40, 0x41, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff, 0x7fffffff, 0xffffffff,
];

function mutate(input: Buffer, rnd: () => number): Buffer {
  let b = Buffer.from(input);
  const ops = 1 + (rnd() % 4);
  for (let i = 0; i < ops; i++) {
    // Most decoders read only past the 64-byte header, so most mutations land there.
    const pos = (): number => {
      if (b.length === 0) return 0;
      return b.length > 64 && rnd() % 10 !== 0 ? 64 + (rnd() % (b.length - 64)) : rnd() % b.length;
    };
    const interesting = (): number => {
      const r = rnd() % (INTERESTING.length + 3);
      return r < INTERESTING.length ? INTERESTING[r] : b.length + (r - INTERESTING.length) - 1;
    };
    switch (rnd() % 7) {
      case 0:
        if (b.length) b[pos()] ^= 1 << (rnd() % 8);
        break;
      case 1:
        if (b.length) b[pos()] = rnd() & 0xff;
        break;
      case 2: {
        const at = pos();
        if (at + 2 <= b.length) b.writeUInt16LE(interesting() & 0xffff, at);
        break;
      }
      case 3: {
        const at = pos();
        if (at + 4 <= b.length) b.writeUInt32LE(interesting() >>> 0, at);
        break;
      }
      case 4:
        b = b.subarray(0, rnd() % (b.length + 1));
        break;
      case 5:
        b = Buffer.concat([b, Buffer.from(Array.from({ length: 1 + (rnd() % 16) }, () => rnd() & 0xff))]);
        break;
      case 6: {
        const at = pos();
        const n = 1 + (rnd() % 8);
        b = Buffer.concat([b.subarray(0, at), Buffer.alloc(n, rnd() & 0xff), b.subarray(at)]);
        break;
      }
    }
  }
  return b;
}

test(`${MUTATIONS} mutations: decoders return or throw NtStatusError / ProtocolViolation, nothing else`, () => {
  const rnd = xorshift32(SEED);
  const corpus = seeds();
  let decoded = 0;
  let rejected = 0;
  for (let i = 0; i < MUTATIONS; i++) {
    const seed = corpus[rnd() % corpus.length];
    const bytes = mutate(seed.bytes, rnd);
    // The seed's own decoders, and one chosen at random so every decoder also sees foreign input.
    for (const decode of [...seed.decoders, allDecoders[rnd() % allDecoders.length]]) {
      try {
        decode(bytes);
        decoded++;
      } catch (e) {
        if (e instanceof NtStatusError || e instanceof ProtocolViolation) {
          rejected++;
          continue;
        }
        assert.unreachable(
          `iteration ${i} (seed ${SEED.toString(16)}), ${seed.what}: ${String(e)}\n  input ${bytes.toString('hex')}`,
        );
      }
    }
  }
  // The fuzz is worth little if nearly everything is rejected at the first check, or nothing is.
  assert.ok(decoded > MUTATIONS / 10, `only ${decoded} mutated inputs decoded`);
  assert.ok(rejected > MUTATIONS / 10, `only ${rejected} mutated inputs rejected`);
});

test.run();
