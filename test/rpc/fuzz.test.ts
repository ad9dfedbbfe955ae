// Seeded fuzzing: whatever a client sends, RpcPipe either answers with well-formed PDUs or throws its one
// documented error (NtStatusError STATUS_PIPE_DISCONNECTED), and the NDR decoders throw only NdrError.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';
import { NdrError } from '../../src/rpc/ndr.ts';
import { PTYPE, decodeBindAck, decodeBindNak, decodeFault, decodeHeader, decodeRequest, decodeResponse } from '../../src/rpc/pdu.ts';
import { RpcPipe } from '../../src/rpc/pipe.ts';
import {
  decodeNetrServerGetInfoRequest,
  decodeNetrServerGetInfoResponse,
  decodeNetrShareEnumRequest,
  decodeNetrShareEnumResponse,
  decodeNetrShareGetInfoRequest,
  decodeNetrShareGetInfoResponse,
} from '../../src/rpc/srvsvc.ts';
import { decodeNetrWkstaGetInfoRequest, decodeNetrWkstaGetInfoResponse } from '../../src/rpc/wkssvc.ts';
import { context, fixture } from './helpers.ts';

/** mulberry32: small, seedable, good enough to spread mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(rand: () => number, input: Buffer): Buffer {
  const b = Buffer.from(input);
  const kind = Math.floor(rand() * 4);
  if (kind === 0 && b.length > 0) return b.subarray(0, Math.floor(rand() * b.length)); // truncate
  const flips = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < flips && b.length > 0; i++) {
    const at = Math.floor(rand() * b.length);
    b[at] = kind === 1 ? b[at]! ^ (1 << Math.floor(rand() * 8)) : Math.floor(rand() * 256);
  }
  return b;
}

const REQUESTS = [
  'smbclient-netshareenumall-l1-request',
  'rpcclient-netshareenumall-l2-request',
  'rpcclient-netsharegetinfo-l502-request',
  'rpcclient-netrservergetinfo-l101-request',
  'impacket-netshareenum-l502-request',
  'impacket-netsharegetinfo-l1005-request',
  'impacket-netshareenum-l1-fragmented-request',
].flatMap(fixture);
const BIND = fixture('smbclient-bind-srvsvc')[0]!;

/** Every PDU the pipe answers must itself decode as one of the server-to-client PDU types. */
function checkAnswer(pdu: Buffer): void {
  const { ptype } = decodeHeader(pdu);
  if (ptype === PTYPE.RESPONSE) decodeResponse(pdu);
  else if (ptype === PTYPE.FAULT) decodeFault(pdu);
  else if (ptype === PTYPE.BIND_ACK || ptype === PTYPE.ALTER_CONTEXT_RESP) decodeBindAck(pdu);
  else if (ptype === PTYPE.BIND_NAK) decodeBindNak(pdu);
  else assert.unreachable(`answered with PTYPE ${ptype}`);
}

function feed(pipe: RpcPipe, data: Buffer): 'ok' | 'disconnected' {
  try {
    pipe.write(data);
    // Short reads on purpose: a PDU must come back whole across STATUS_BUFFER_OVERFLOW-style reads.
    let parts: Buffer[] = [];
    for (let r = pipe.read(1 + (data.length % 300)); r; r = pipe.read(1 + (data.length % 300))) {
      parts.push(r.data);
      if (r.more) continue;
      checkAnswer(Buffer.concat(parts));
      parts = [];
    }
    assert.is(parts.length, 0);
    return 'ok';
  } catch (e) {
    if (e instanceof NtStatusError && e.status === NtStatus.PIPE_DISCONNECTED) return 'disconnected';
    throw e;
  }
}

test('random bytes: only STATUS_PIPE_DISCONNECTED, never another error or a hang', () => {
  const rand = prng(0x5eed);
  const started = Date.now();
  for (let i = 0; i < 2000; i++) {
    const pipe = new RpcPipe('srvsvc', context());
    if (i % 2 === 0) feed(pipe, BIND);
    const junk = Buffer.alloc(Math.floor(rand() * 200));
    for (let j = 0; j < junk.length; j++) junk[j] = Math.floor(rand() * 256);
    // Half of them get a plausible header so that decoding goes past the first checks.
    if (i % 4 < 2 && junk.length >= 16) Buffer.from('05000003100000', 'hex').copy(junk);
    feed(pipe, junk);
  }
  assert.ok(Date.now() - started < 10_000);
});

test('mutated real requests on a bound pipe are answered or disconnect cleanly', () => {
  const rand = prng(42);
  let answered = 0;
  let disconnected = 0;
  for (let i = 0; i < 3000; i++) {
    const pipe = new RpcPipe('srvsvc', context());
    feed(pipe, BIND);
    const pdu = REQUESTS[i % REQUESTS.length]!;
    if (feed(pipe, mutate(rand, pdu)) === 'ok') answered++;
    else disconnected++;
  }
  // Both outcomes occur; a fuzzer that never reached one of them would be testing little.
  assert.ok(answered > 0 && disconnected > 0, `${answered} answered, ${disconnected} disconnected`);
});

test('every prefix of a valid PDU is buffered without an answer or an error', () => {
  for (const pdu of [BIND, ...REQUESTS]) {
    for (let cut = 0; cut < pdu.length; cut++) {
      const pipe = new RpcPipe('srvsvc', context());
      pipe.write(pdu.subarray(0, cut));
      assert.is(pipe.read(65536), undefined);
    }
  }
});

test('NDR decoders throw only NdrError on mutated stubs', () => {
  const rand = prng(7);
  const cases: Array<[(stub: Buffer) => unknown, Buffer]> = [
    ...['smbclient-netshareenumall-l1-request', 'rpcclient-netshareenumall-l2-request', 'impacket-netshareenum-l0-request'].map(
      (n) => [decodeNetrShareEnumRequest, decodeRequest(fixture(n)[0]!).stub] as [typeof decodeNetrShareEnumRequest, Buffer],
    ),
    [decodeNetrShareGetInfoRequest, decodeRequest(fixture('rpcclient-netsharegetinfo-l502-request')[0]!).stub],
    [decodeNetrServerGetInfoRequest, decodeRequest(fixture('rpcclient-netrservergetinfo-l101-request')[0]!).stub],
    [decodeNetrWkstaGetInfoRequest, decodeRequest(fixture('rpcclient-netrwkstagetinfo-l100-request')[0]!).stub],
    [decodeNetrShareEnumResponse, decodeResponse(fixture('samba-netshareenum-l502-response')[0]!).stub],
    [decodeNetrShareEnumResponse, decodeResponse(fixture('samba-netshareenumall-l2-response')[0]!).stub],
    [decodeNetrShareGetInfoResponse, decodeResponse(fixture('samba-netsharegetinfo-l502-response')[0]!).stub],
    [decodeNetrServerGetInfoResponse, decodeResponse(fixture('samba-netrservergetinfo-l101-response')[0]!).stub],
    [decodeNetrWkstaGetInfoResponse, decodeResponse(fixture('samba-netrwkstagetinfo-l100-response')[0]!).stub],
  ];
  let rejected = 0;
  for (let i = 0; i < 5000; i++) {
    const [decode, stub] = cases[i % cases.length]!;
    try {
      decode(mutate(rand, stub));
    } catch (e) {
      if (!(e instanceof NdrError)) throw e;
      rejected++;
    }
  }
  assert.ok(rejected > 0);
});

test.run();
