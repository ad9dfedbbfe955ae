import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';
import {
  ContextResult,
  FaultStatus,
  NDR64_TRANSFER_SYNTAX,
  NDR_TRANSFER_SYNTAX,
  NULL_TRANSFER_SYNTAX,
  PFC,
  PTYPE,
  ProviderReason,
  decodeBindAck,
  decodeBindNak,
  decodeFault,
  decodeHeader,
  decodeRequest,
  decodeResponse,
  encodeBind,
  encodeRequest,
} from '../../src/rpc/pdu.ts';
import type { PresentationContext } from '../../src/rpc/pdu.ts';
import { PIPE_ENDPOINTS, RpcPipe } from '../../src/rpc/pipe.ts';
import {
  MAX_PREFERRED_LENGTH,
  NetApiStatus,
  SRVSVC_SYNTAX,
  decodeNetrServerGetInfoResponse,
  decodeNetrShareEnumResponse,
  decodeNetrShareGetInfoResponse,
  encodeNetrShareEnumRequest,
  encodeNetrShareGetInfoRequest,
} from '../../src/rpc/srvsvc.ts';
import { WKSSVC_SYNTAX, decodeNetrWkstaGetInfoResponse } from '../../src/rpc/wkssvc.ts';
import { SHARES, context, exchange, fixture, impacketDecode } from './helpers.ts';
import type { ImpacketItem } from './helpers.ts';

const isDisconnected = (e: unknown) => e instanceof NtStatusError && e.status === NtStatus.PIPE_DISCONNECTED;

function bound(endpoint = 'srvsvc', shares = SHARES): RpcPipe {
  const pipe = new RpcPipe(endpoint, context(shares));
  const ack = exchange(pipe, fixture(endpoint === 'srvsvc' ? 'smbclient-bind-srvsvc' : 'rpcclient-bind-wkssvc'));
  assert.is(decodeHeader(ack[0]!).ptype, PTYPE.BIND_ACK);
  return pipe;
}

/** The reassembled response stub of a one-call exchange. */
function stubOf(pdus: Buffer[]): Buffer {
  return Buffer.concat(pdus.map((p) => decodeResponse(p).stub));
}

function bindPdu(contexts: PresentationContext[], maxRecvFrag = 4280, callId = 1): Buffer {
  return encodeBind({ ptype: PTYPE.BIND, callId, maxXmitFrag: 4280, maxRecvFrag, assocGroupId: 0, contexts });
}

const srvsvcContext: PresentationContext = { contextId: 0, abstractSyntax: SRVSVC_SYNTAX, transferSyntaxes: [NDR_TRANSFER_SYNTAX] };

test('PIPE_ENDPOINTS names the served pipes; others cannot be opened', () => {
  assert.equal([...PIPE_ENDPOINTS], ['srvsvc', 'wkssvc']);
  assert.throws(
    () => new RpcPipe('spoolss', context()),
    (e: unknown) => e instanceof NtStatusError && e.status === NtStatus.OBJECT_NAME_NOT_FOUND,
  );
  new RpcPipe('SRVSVC', context()); // CREATE names are case-insensitive
});

test("smbclient's bind gets a bind_ack shaped like Samba's", () => {
  const pipe = new RpcPipe('srvsvc', context());
  const [pdu, ...rest] = exchange(pipe, fixture('smbclient-bind-srvsvc'));
  assert.is(rest.length, 0);
  const ours = decodeBindAck(pdu!);
  const samba = decodeBindAck(fixture('samba-bind-ack-srvsvc')[0]!);
  assert.ok(ours.assocGroupId !== 0);
  assert.is(ours.secondaryAddress, '\\PIPE\\srvsvc');
  assert.equal(
    { ...ours, assocGroupId: 0, secondaryAddress: ours.secondaryAddress.toLowerCase() },
    { ...samba, assocGroupId: 0 },
  );
});

test("smbclient -L's NetShareEnumAll level 1 is answered with every share", () => {
  const pipe = bound();
  const pdus = exchange(pipe, fixture('smbclient-netshareenumall-l1-request'));
  assert.is(pdus.length, 1);
  const rsp = decodeResponse(pdus[0]!);
  assert.is(rsp.header.callId, 2);
  assert.is(rsp.header.pfcFlags, PFC.FIRST_FRAG | PFC.LAST_FRAG);
  assert.is(rsp.allocHint, rsp.stub.length);
  assert.equal(decodeNetrShareEnumResponse(rsp.stub), {
    infoStruct: {
      level: 1,
      container: {
        entriesRead: 3,
        buffer: SHARES.map((s) => ({ netname: s.name, type: s.type >>> 0, remark: s.remark })),
      },
    },
    totalEntries: 3,
    resumeHandle: 0,
    status: 0,
  });
});

interface Case {
  request: string;
  response: string;
  class: ImpacketItem['class'];
  endpoint?: string;
}

// Every call impacket made against Samba, replayed against our pipe.
const CASES: Case[] = [
  ...[0, 1, 2, 502].map((l) => ({
    request: `impacket-netshareenum-l${l}-request`,
    response: l === 1 ? 'samba-netshareenum-l1-response-impacket' : `samba-netshareenum-l${l}-response`,
    class: 'NetrShareEnumResponse' as const,
  })),
  ...[0, 1, 2, 501, 502, 1005].map((l) => ({
    request: `impacket-netsharegetinfo-l${l}-request`,
    response: `samba-netsharegetinfo-l${l}-response`,
    class: 'NetrShareGetInfoResponse' as const,
  })),
  ...[100, 101].map((l) => ({
    request: `impacket-netrservergetinfo-l${l}-request`,
    response: `samba-netrservergetinfo-l${l}-response`,
    class: 'NetrServerGetInfoResponse' as const,
  })),
  {
    request: 'impacket-netrwkstagetinfo-l100-request',
    response: 'samba-netrwkstagetinfo-l100-response-impacket',
    class: 'NetrWkstaGetInfoResponse',
    endpoint: 'wkssvc',
  },
];

/** Field names at every depth, so two decodings can be compared for shape regardless of values. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length > 0 ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

test('impacket decodes each of our responses, with the same shape it finds in Samba\'s', () => {
  // impacket's requests name the share "share", as on the Samba peer.
  const shares = [{ name: 'share', type: 0, remark: 'Team data', path: 'C:\\srv\\share' }, ...SHARES];
  const items: ImpacketItem[] = [];
  for (const c of CASES) {
    const pipe = bound(c.endpoint ?? 'srvsvc', shares);
    items.push({ class: c.class, stub: stubOf(exchange(pipe, fixture(c.request))) });
    items.push({ class: c.class, stub: decodeResponse(fixture(c.response)[0]!).stub });
  }
  const decoded = impacketDecode(items);
  for (let i = 0; i < CASES.length; i++) {
    const [ours, samba] = [decoded[2 * i], decoded[2 * i + 1]];
    assert.is(ours.ErrorCode, 0, CASES[i]!.request);
    assert.equal(shape(ours), shape(samba), CASES[i]!.request);
  }
  const ours = (request: string) => decoded[2 * CASES.findIndex((c) => c.request === request)];
  const enum2 = ours('impacket-netshareenum-l2-request');
  const getInfo502 = ours('impacket-netsharegetinfo-l502-request');
  assert.equal(enum2.InfoStruct.ShareInfo.value.Buffer[0], {
    shi2_netname: 'share',
    shi2_type: 0,
    shi2_remark: 'Team data',
    shi2_permissions: 0,
    shi2_max_uses: 0xffffffff,
    shi2_current_uses: 0,
    shi2_path: 'C:\\srv\\share',
    shi2_passwd: '', // impacket shows a null LPWSTR as ''; our own reader sees the null pointer (below)
  });
  assert.equal(enum2.InfoStruct.ShareInfo.value.Buffer.map((s: any) => s.shi2_netname), ['share', 'data', 'public', 'IPC$']);
  assert.is(getInfo502.InfoStruct.tag, 502);
  assert.is(getInfo502.InfoStruct.value.shi502_netname, 'share');
  assert.is(getInfo502.InfoStruct.value.shi502_reserved, 0);
  assert.is(getInfo502.InfoStruct.value.shi502_security_descriptor, '');
});

test('our own reader decodes the replies to impacket\'s GetInfo calls', () => {
  const pipe = bound('srvsvc');
  const ask = (name: string) => stubOf(exchange(pipe, fixture(name)));
  // impacket asked for "share"; on this pipe no such share exists.
  assert.equal(decodeNetrShareGetInfoResponse(ask('impacket-netsharegetinfo-l1-request')), {
    level: 1,
    info: null,
    status: NetApiStatus.NERR_NetNameNotFound,
  });
  assert.equal(decodeNetrShareGetInfoResponse(ask('impacket-netsharegetinfo-nosuch-request')).status, 2310);
  assert.equal(decodeNetrServerGetInfoResponse(ask('impacket-netrservergetinfo-l101-request')), {
    level: 101,
    info: { platformId: 500, name: 'SMB3D', versionMajor: 10, versionMinor: 0, type: 0x9003, comment: '' },
    status: 0,
  });
  const wks = bound('wkssvc');
  assert.equal(decodeNetrWkstaGetInfoResponse(stubOf(exchange(wks, fixture('rpcclient-netrwkstagetinfo-l100-request')))), {
    level: 100,
    info: { platformId: 500, computerName: 'SMB3D', langroup: 'WORKGROUP', verMajor: 10, verMinor: 0 },
    status: 0,
  });
});

test('NetrShareGetInfo matches names case-insensitively and refuses levels it does not serve', () => {
  const pipe = bound();
  const get = (netName: string, level: number) => {
    const stub = encodeNetrShareGetInfoRequest({ serverName: null, netName, level });
    return decodeNetrShareGetInfoResponse(stubOf(exchange(pipe, [encodeRequest({ callId: 9, contextId: 0, opnum: 16, stub })])));
  };
  assert.equal(get('DATA', 1005), { level: 1005, info: { flags: 0 }, status: 0 });
  assert.equal(get('ipc$', 501), {
    level: 501,
    info: { netname: 'IPC$', type: 0x80000003, remark: 'Remote IPC', flags: 0 },
    status: 0,
  });
  assert.equal(get('public', 2).info, {
    netname: 'public',
    type: 0,
    remark: '',
    permissions: 0,
    maxUses: 10,
    currentUses: 0,
    path: 'C:\\srv\\public',
    passwd: null,
  });
  assert.equal(get('data', 503), { level: 503, info: null, status: NetApiStatus.ERROR_INVALID_LEVEL });
});

test('NetrShareEnum honours PreferedMaximumLength with ResumeHandle and ERROR_MORE_DATA', () => {
  const pipe = bound();
  const enumerate = (level: number, preferedMaximumLength: number, resumeHandle: number | null) => {
    const stub = encodeNetrShareEnumRequest({
      serverName: null,
      infoStruct: { level, container: { entriesRead: 0, buffer: null } },
      preferedMaximumLength,
      resumeHandle,
    });
    return decodeNetrShareEnumResponse(stubOf(exchange(pipe, [encodeRequest({ callId: 4, contextId: 0, opnum: 15, stub })])));
  };
  const names: string[] = [];
  let handle = 0;
  for (let round = 0; round < 10; round++) {
    const rsp = enumerate(0, 1, handle);
    assert.is(rsp.totalEntries, 3);
    names.push(...rsp.infoStruct.container!.buffer!.map((s) => (s as { netname: string }).netname));
    if (rsp.status === NetApiStatus.NERR_Success) {
      assert.is(rsp.resumeHandle, 0);
      break;
    }
    assert.is(rsp.status, NetApiStatus.ERROR_MORE_DATA);
    handle = rsp.resumeHandle!;
  }
  assert.equal(names, ['data', 'public', 'IPC$']);
  const all = enumerate(501, MAX_PREFERRED_LENGTH, null);
  assert.is(all.status, 0);
  assert.is(all.resumeHandle, null);
  assert.is(all.infoStruct.container!.entriesRead, 3);
  const bad = enumerate(503, MAX_PREFERRED_LENGTH, null);
  assert.equal(bad, { infoStruct: { level: 503, container: null }, totalEntries: 0, resumeHandle: null, status: 124 });
});

test('a request sent in four fragments is answered like the single-fragment one', () => {
  const single = stubOf(exchange(bound(), fixture('impacket-netshareenum-l1-request')));
  const pipe = bound();
  const frags = fixture('impacket-netshareenum-l1-fragmented-request');
  for (const f of frags.slice(0, -1)) {
    pipe.write(f);
    assert.is(pipe.read(4280), undefined, 'nothing is answered before the last fragment');
  }
  const rsp = exchange(pipe, frags.slice(-1));
  assert.is(decodeResponse(rsp[0]!).header.callId, 13);
  assert.ok(stubOf(rsp).equals(single));
});

test("responses are fragmented to the client's max_recv_frag", () => {
  const shares = Array.from({ length: 60 }, (_, i) => ({
    name: `share${i}`,
    type: 0,
    remark: `remark for share number ${i}`,
    path: `C:\\exports\\share${i}`,
  }));
  const pipe = new RpcPipe('srvsvc', context(shares));
  const ack = decodeBindAck(exchange(pipe, [bindPdu([srvsvcContext], 1432)])[0]!);
  assert.is(ack.maxXmitFrag, 1432);
  const pdus = exchange(pipe, fixture('rpcclient-netshareenumall-l2-request'));
  assert.ok(pdus.length > 3);
  assert.ok(pdus.every((p) => p.length <= 1432));
  const flags = pdus.map((p) => decodeHeader(p).pfcFlags);
  assert.is(flags[0], PFC.FIRST_FRAG);
  assert.is(flags.at(-1), PFC.LAST_FRAG);
  assert.ok(flags.slice(1, -1).every((f) => f === 0));
  const rsp = decodeNetrShareEnumResponse(stubOf(pdus));
  assert.is(rsp.infoStruct.container!.entriesRead, 60);
  assert.is((rsp.infoStruct.container!.buffer![59] as { path: string }).path, 'C:\\exports\\share59');
});

test('a max_recv_frag below the 1432-octet minimum is raised to it', () => {
  const pipe = new RpcPipe('srvsvc', context());
  assert.is(decodeBindAck(exchange(pipe, [bindPdu([srvsvcContext], 64)])[0]!).maxXmitFrag, 1432);
});

test('reads are message-mode: a short read leaves the rest of the same PDU, never the next one', () => {
  const pipe = bound();
  pipe.write(fixture('smbclient-netshareenumall-l1-request')[0]!);
  pipe.write(fixture('rpcclient-netrservergetinfo-l101-request')[0]!);
  const a = pipe.read(10)!;
  assert.is(a.data.length, 10);
  assert.is(a.more, true);
  const b = pipe.read(65536)!;
  assert.is(b.more, false);
  const first = decodeResponse(Buffer.concat([a.data, b.data]));
  assert.is(first.header.callId, 2);
  const c = pipe.read(65536)!;
  assert.is(decodeResponse(c.data).header.callId, 2); // rpcclient's call id, from its own session
  assert.is(c.more, false);
  assert.is(pipe.read(65536), undefined);
});

test('PDUs split at every byte boundary are reassembled', () => {
  const bind = fixture('smbclient-bind-srvsvc')[0]!;
  const req = fixture('smbclient-netshareenumall-l1-request')[0]!;
  const whole = Buffer.concat([bind, req]);
  const expected = exchange(new RpcPipe('srvsvc', context()), [bind, req]).map((b) => b.toString('hex'));
  for (let cut = 1; cut < whole.length; cut++) {
    const pipe = new RpcPipe('srvsvc', context());
    const got = exchange(pipe, [whole.subarray(0, cut), whole.subarray(cut)]).map((b) => b.toString('hex'));
    // The bind_ack's association group differs per pipe; the share list must not.
    assert.is(got.length, 2, `cut at ${cut}`);
    assert.is(got[1], expected[1], `cut at ${cut}`);
  }
});

test('unknown opnum, unknown context and bad stub data are answered with faults', () => {
  const pipe = bound();
  const faultOf = (pdu: Buffer) => {
    const [out] = exchange(pipe, [pdu]);
    const f = decodeFault(out!);
    assert.ok((f.header.pfcFlags & PFC.DID_NOT_EXECUTE) !== 0);
    return f.status;
  };
  assert.is(faultOf(encodeRequest({ callId: 3, contextId: 0, opnum: 99, stub: Buffer.alloc(0) })), FaultStatus.NCA_S_OP_RNG_ERROR);
  assert.is(faultOf(encodeRequest({ callId: 4, contextId: 7, opnum: 15, stub: Buffer.alloc(0) })), FaultStatus.NCA_S_UNK_IF);
  const stub = decodeRequest(fixture('smbclient-netshareenumall-l1-request')[0]!).stub;
  assert.is(faultOf(encodeRequest({ callId: 5, contextId: 0, opnum: 15, stub: stub.subarray(0, 30) })), FaultStatus.NCA_S_FAULT_NDR);
  // impacket sends a name without its NUL when the caller leaves out '\0'; Samba faults the same way.
  const noNul = encodeNetrShareGetInfoRequest({ serverName: null, netName: 'data', level: 1 });
  noNul.writeUInt32LE(4, 4); // maximum_count
  noNul.writeUInt32LE(4, 12); // actual_count: drop the NUL
  assert.is(faultOf(encodeRequest({ callId: 6, contextId: 0, opnum: 16, stub: noNul })), FaultStatus.NCA_S_FAULT_NDR);
  // The pipe keeps serving after faults.
  assert.is(decodeResponse(exchange(pipe, fixture('smbclient-netshareenumall-l1-request'))[0]!).header.ptype, PTYPE.RESPONSE);
});

test('a request before any bind is refused with nca_unk_if', () => {
  const pipe = new RpcPipe('srvsvc', context());
  const [out] = exchange(pipe, fixture('smbclient-netshareenumall-l1-request'));
  assert.is(decodeFault(out!).status, FaultStatus.NCA_S_UNK_IF);
});

test('a Windows-style bind: NDR accepted, NDR64 rejected, bind time features acknowledged', () => {
  const pipe = new RpcPipe('srvsvc', context());
  // Windows offers the interface three times: NDR 2.0, NDR64, and the bind time feature negotiation
  // syntax 6cb71c2c-9812-4540-0300-000000000000 (bitmask 0x03: both features of MS-RPCE 2.2.2.14).
  const btfn = { uuid: '6cb71c2c-9812-4540-0300-000000000000', major: 1, minor: 0 };
  const ack = decodeBindAck(
    exchange(pipe, [
      bindPdu([
        srvsvcContext,
        { contextId: 1, abstractSyntax: SRVSVC_SYNTAX, transferSyntaxes: [NDR64_TRANSFER_SYNTAX] },
        { contextId: 2, abstractSyntax: SRVSVC_SYNTAX, transferSyntaxes: [btfn] },
      ]),
    ])[0]!,
  );
  assert.equal(ack.results, [
    { result: ContextResult.ACCEPTANCE, reason: 0, transferSyntax: NDR_TRANSFER_SYNTAX },
    {
      result: ContextResult.PROVIDER_REJECTION,
      reason: ProviderReason.PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED,
      transferSyntax: NULL_TRANSFER_SYNTAX,
    },
    // MS-RPCE 3.3.1.5.3: negotiate_ack, the supported subset of the bitmask in the reason field
    { result: ContextResult.NEGOTIATE_ACK, reason: 0x02, transferSyntax: NULL_TRANSFER_SYNTAX },
  ]);
  // Only the accepted context can carry calls.
  const stub = decodeRequest(fixture('smbclient-netshareenumall-l1-request')[0]!).stub;
  assert.is(decodeHeader(exchange(pipe, [encodeRequest({ callId: 2, contextId: 0, opnum: 15, stub })])[0]!).ptype, PTYPE.RESPONSE);
  const [refused] = exchange(pipe, [encodeRequest({ callId: 3, contextId: 1, opnum: 15, stub })]);
  assert.is(decodeFault(refused!).status, FaultStatus.NCA_S_UNK_IF);
});

test('binding the wrong interface, a second bind, and RPC-level auth are refused', () => {
  const pipe = new RpcPipe('srvsvc', context());
  const wrong = decodeBindAck(
    exchange(pipe, [bindPdu([{ contextId: 0, abstractSyntax: WKSSVC_SYNTAX, transferSyntaxes: [NDR_TRANSFER_SYNTAX] }])])[0]!,
  );
  assert.equal(wrong.results, [
    { result: ContextResult.PROVIDER_REJECTION, reason: ProviderReason.ABSTRACT_SYNTAX_NOT_SUPPORTED, transferSyntax: NULL_TRANSFER_SYNTAX },
  ]);
  assert.is(decodeBindNak(exchange(pipe, [bindPdu([srvsvcContext], 4280, 2)])[0]!).reason, 4);

  // A bind carrying an 8-octet sec_trailer and a 4-octet auth_value (NTLM, connect level).
  const withAuth = Buffer.concat([bindPdu([srvsvcContext]), Buffer.from('0a02000000000000deadbeef', 'hex')]);
  withAuth.writeUInt16LE(withAuth.length, 8);
  withAuth.writeUInt16LE(4, 10);
  assert.is(decodeBindNak(exchange(new RpcPipe('srvsvc', context()), [withAuth])[0]!).reason, 8);

  const empty = new RpcPipe('srvsvc', context());
  assert.is(decodeBindNak(exchange(empty, [bindPdu([])])[0]!).reason, 4);
});

test('alter_context adds a presentation context on a bound pipe', () => {
  const pipe = bound();
  const alter = encodeBind({
    ptype: PTYPE.ALTER_CONTEXT,
    callId: 3,
    maxXmitFrag: 4280,
    maxRecvFrag: 4280,
    assocGroupId: 0,
    contexts: [{ ...srvsvcContext, contextId: 4 }],
  });
  const rsp = decodeBindAck(exchange(pipe, [alter])[0]!);
  assert.is(rsp.header.ptype, PTYPE.ALTER_CONTEXT_RESP);
  assert.is(rsp.secondaryAddress, '');
  assert.is(rsp.results[0]!.result, ContextResult.ACCEPTANCE);
  const stub = decodeRequest(fixture('smbclient-netshareenumall-l1-request')[0]!).stub;
  const [out] = exchange(pipe, [encodeRequest({ callId: 4, contextId: 4, opnum: 15, stub })]);
  assert.is(decodeResponse(out!).contextId, 4);
});

test('an orphaned PDU drops the call being received and the pipe goes on', () => {
  const pipe = bound();
  const frags = fixture('impacket-netshareenum-l1-fragmented-request');
  pipe.write(frags[0]!);
  const orphaned = Buffer.from(frags[3]!.subarray(0, 16));
  orphaned[2] = PTYPE.ORPHANED;
  orphaned.writeUInt16LE(16, 8);
  pipe.write(orphaned);
  assert.is(pipe.read(4280), undefined);
  assert.is(decodeResponse(exchange(pipe, fixture('smbclient-netshareenumall-l1-request'))[0]!).header.callId, 2);
});

test('garbage closes the pipe from the server end: STATUS_PIPE_DISCONNECTED from then on', () => {
  const pipe = bound();
  pipe.write(fixture('smbclient-netshareenumall-l1-request')[0]!);
  assert.throws(() => pipe.write(Buffer.from('GET / HTTP/1.1\r\n\r\n')), isDisconnected);
  assert.throws(() => pipe.read(4280), isDisconnected);
  assert.throws(() => pipe.write(fixture('smbclient-bind-srvsvc')[0]!), isDisconnected);
});

test('fragments that break the call sequence close the pipe', () => {
  const frags = fixture('impacket-netshareenum-l1-fragmented-request');
  const middleFirst = bound();
  assert.throws(() => middleFirst.write(frags[1]!), isDisconnected);
  const interleaved = bound();
  interleaved.write(frags[0]!);
  assert.throws(() => interleaved.write(fixture('smbclient-netshareenumall-l1-request')[0]!), isDisconnected);
  const bindAck = bound();
  assert.throws(() => bindAck.write(fixture('samba-bind-ack-srvsvc')[0]!), isDisconnected);
});

test('one answer larger than the unread-output bound is still delivered whole', () => {
  const shares = Array.from({ length: 5000 }, (_, i) => ({
    name: `share${i}`,
    type: 0,
    remark: 'r'.repeat(40),
    path: `C:\\${'p'.repeat(100)}\\${i}`,
  }));
  const pipe = new RpcPipe('srvsvc', context(shares));
  exchange(pipe, fixture('smbclient-bind-srvsvc'));
  const pdus = exchange(pipe, fixture('rpcclient-netshareenumall-l2-request'));
  assert.ok(pdus.reduce((n, p) => n + p.length, 0) > 1 << 20);
  assert.is(decodeNetrShareEnumResponse(stubOf(pdus)).infoStruct.container!.entriesRead, 5000);
});

test('a client that never reads cannot make the pipe queue without bound', () => {
  const pipe = bound();
  const req = fixture('smbclient-netshareenumall-l1-request')[0]!;
  assert.throws(() => {
    for (let i = 0; i < 100_000; i++) pipe.write(req);
  }, isDisconnected);
});

test.run();
