import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ContextResult,
  NDR_TRANSFER_SYNTAX,
  PFC,
  PTYPE,
  RpcPduError,
  decodeBind,
  decodeBindAck,
  decodeBindNak,
  decodeFault,
  decodeHeader,
  decodeRequest,
  decodeResponse,
  encodeBind,
  encodeBindAck,
  encodeBindNak,
  encodeFault,
  encodeRequest,
  encodeResponse,
  peekFragLength,
  uuidFromBytes,
  uuidToBytes,
} from '../../src/rpc/pdu.ts';
import { SRVSVC_SYNTAX } from '../../src/rpc/srvsvc.ts';
import { WKSSVC_SYNTAX } from '../../src/rpc/wkssvc.ts';
import { fixture } from './helpers.ts';

const isPduError = (e: unknown) => e instanceof RpcPduError;

test('uuids use the little-endian data representation for their first three fields', () => {
  // NDR 2.0 as it appears in every captured bind: 04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60
  const b = uuidToBytes(NDR_TRANSFER_SYNTAX.uuid);
  assert.is(b.toString('hex'), '045d888aeb1cc9119fe808002b104860');
  assert.is(uuidFromBytes(b), NDR_TRANSFER_SYNTAX.uuid);
});

test('captured binds decode: srvsvc from smbclient and impacket, wkssvc from rpcclient', () => {
  for (const [name, syntax] of [
    ['smbclient-bind-srvsvc', SRVSVC_SYNTAX],
    ['impacket-bind-srvsvc', SRVSVC_SYNTAX],
    ['rpcclient-bind-wkssvc', WKSSVC_SYNTAX],
  ] as const) {
    const pdu = fixture(name)[0]!;
    assert.is(peekFragLength(pdu), pdu.length);
    const bind = decodeBind(pdu);
    assert.is(bind.header.ptype, PTYPE.BIND);
    assert.is(bind.header.pfcFlags, PFC.FIRST_FRAG | PFC.LAST_FRAG);
    assert.is(bind.maxXmitFrag, 4280);
    assert.is(bind.maxRecvFrag, 4280);
    assert.is(bind.assocGroupId, 0);
    assert.equal(bind.contexts, [{ contextId: 0, abstractSyntax: syntax, transferSyntaxes: [NDR_TRANSFER_SYNTAX] }]);
    assert.is(encodeBind({ ptype: PTYPE.BIND, callId: bind.header.callId, ...bind }).toString('hex'), pdu.toString('hex'));
  }
});

test("Samba's bind_ack decodes, and encoding the same values reproduces its bytes", () => {
  const pdu = fixture('samba-bind-ack-srvsvc')[0]!;
  const ack = decodeBindAck(pdu);
  assert.is(ack.secondaryAddress, '\\pipe\\srvsvc');
  assert.equal(ack.results, [{ result: ContextResult.ACCEPTANCE, reason: 0, transferSyntax: NDR_TRANSFER_SYNTAX }]);
  const ours = encodeBindAck({ ptype: PTYPE.BIND_ACK, callId: ack.header.callId, ...ack });
  assert.is(ours.toString('hex'), pdu.toString('hex'));
});

test('alter_context_resp carries an empty secondary address', () => {
  const b = encodeBindAck({
    ptype: PTYPE.ALTER_CONTEXT_RESP,
    callId: 2,
    maxXmitFrag: 4280,
    maxRecvFrag: 4280,
    assocGroupId: 0x1234,
    secondaryAddress: '',
    results: [],
  });
  // 16 header + 8 frag sizes/assoc group + 2 sec_addr length + 2 pad + 4 result list header
  assert.is(b.length, 32);
  assert.is(b.readUInt16LE(24), 0);
  assert.is(decodeBindAck(b).secondaryAddress, '');
});

test('bind_nak lists protocol version 5.0', () => {
  const nak = decodeBindNak(encodeBindNak(9, 4));
  assert.is(nak.header.callId, 9);
  assert.is(nak.reason, 4);
  assert.equal(nak.versions, [[5, 0]]);
});

test('a four-fragment request from impacket keeps call id, opnum and flags', () => {
  const frags = fixture('impacket-netshareenum-l1-fragmented-request').map(decodeRequest);
  assert.equal(
    frags.map((f) => f.header.pfcFlags),
    [PFC.FIRST_FRAG, 0, 0, PFC.LAST_FRAG],
  );
  assert.ok(frags.every((f) => f.header.callId === 13 && f.opnum === 15 && f.contextId === 0));
  assert.is(frags[0]!.allocHint, 0x34); // the whole stub, announced on the first fragment
  const joined = Buffer.concat(frags.map((f) => f.stub));
  assert.is(joined.length, 0x34);
});

test('requests round-trip', () => {
  const stub = Buffer.from('0011223344556677', 'hex');
  const req = decodeRequest(encodeRequest({ callId: 5, contextId: 1, opnum: 21, stub }));
  assert.is(req.header.callId, 5);
  assert.is(req.contextId, 1);
  assert.is(req.opnum, 21);
  assert.is(req.stub.toString('hex'), stub.toString('hex'));
});

test('responses are fragmented to max_xmit_frag with multiples of 8 stub octets', () => {
  const stub = Buffer.alloc(5000, 0x5a);
  const frags = encodeResponse(7, 0, stub, 1432);
  assert.ok(frags.every((f) => f.length <= 1432));
  const decoded = frags.map(decodeResponse);
  assert.equal(
    decoded.map((d) => d.header.pfcFlags),
    [PFC.FIRST_FRAG, 0, 0, PFC.LAST_FRAG],
  );
  let remaining = stub.length;
  for (const d of decoded.slice(0, -1)) assert.is(d.stub.length % 8, 0);
  for (const d of decoded) {
    assert.is(d.allocHint, remaining);
    remaining -= d.stub.length;
  }
  assert.is(remaining, 0);
  assert.ok(Buffer.concat(decoded.map((d) => d.stub)).equals(stub));
  // An empty stub still makes one PDU.
  assert.is(encodeResponse(1, 0, Buffer.alloc(0), 1432).length, 1);
});

test('faults are 32 octets with the status at offset 24', () => {
  const f = encodeFault(3, 0, 0x1c010002, true);
  assert.is(f.length, 32);
  const d = decodeFault(f);
  assert.is(d.status, 0x1c010002);
  assert.is(d.header.pfcFlags, PFC.FIRST_FRAG | PFC.LAST_FRAG | PFC.DID_NOT_EXECUTE);
});

test('headers that cannot be framed throw RpcPduError', () => {
  const good = fixture('smbclient-bind-srvsvc')[0]!;
  assert.is(peekFragLength(good.subarray(0, 15)), undefined);
  const patch = (at: number, v: number) => {
    const b = Buffer.from(good);
    b[at] = v;
    return b;
  };
  assert.throws(() => decodeHeader(patch(0, 4)), isPduError); // rpc_vers 4
  assert.throws(() => decodeHeader(patch(1, 2)), isPduError); // rpc_vers_minor 2
  assert.throws(() => decodeHeader(patch(4, 0x00)), isPduError); // big-endian drep
  const short = Buffer.from(good);
  short.writeUInt16LE(8, 8);
  assert.throws(() => decodeHeader(short), isPduError); // frag_length below 16
  const auth = Buffer.from(good);
  auth.writeUInt16LE(200, 10);
  assert.throws(() => decodeHeader(auth), isPduError); // auth_length beyond the fragment
  assert.throws(() => decodeBind(good.subarray(0, 40)), isPduError); // truncated
  const manyContexts = Buffer.from(good);
  manyContexts[24] = 9;
  assert.throws(() => decodeBind(manyContexts), isPduError); // context list runs off the end
});

test.run();
