import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NdrError, NdrReader, NdrWriter } from '../../src/rpc/ndr.ts';
import { decodeRequest } from '../../src/rpc/pdu.ts';
import {
  decodeNetrShareEnumRequest,
  decodeNetrShareEnumResponse,
  decodeNetrShareGetInfoRequest,
  encodeNetrShareEnumRequest,
  encodeNetrShareEnumResponse,
  encodeNetrShareGetInfoRequest,
} from '../../src/rpc/srvsvc.ts';
import { fixture } from './helpers.ts';

test('primitives are aligned to their size relative to the stream start', () => {
  const w = new NdrWriter(4);
  w.u8(0x11);
  w.u16(0x2233);
  w.u8(0x44);
  w.u32(0x55667788);
  w.hyper(0x0102030405060708n);
  const b = w.toBuffer();
  // u8 @0, pad @1, u16 @2, u8 @4, pad 5-7, u32 @8, pad 12-15, hyper @16
  assert.is(b.toString('hex'), '11003322' + '44000000' + '88776655' + '00000000' + '0807060504030201');
  const r = new NdrReader(b);
  assert.is(r.u8(), 0x11);
  assert.is(r.u16(), 0x2233);
  assert.is(r.u8(), 0x44);
  assert.is(r.u32(), 0x55667788);
  assert.is(r.hyper(), 0x0102030405060708n);
  assert.is(r.remaining, 0);
});

test('[string] wchar_t* is a conformant varying array counting the NUL', () => {
  const w = new NdrWriter();
  w.wstring('IPC$');
  const b = w.toBuffer();
  assert.is(b.toString('hex'), '05000000' + '00000000' + '05000000' + '4900500043002400' + '0000');
  assert.is(new NdrReader(b).wstring(), 'IPC$');
});

test('embedded pointees follow the flat part, each complete before the next', () => {
  // struct { wchar_t* a; [unique] struct { wchar_t* c; } *b; wchar_t* d; }
  const w = new NdrWriter();
  w.constructed(() => {
    w.uniquePointer('a', (s) => w.wstring(s));
    w.uniquePointer({ c: 'c' }, (inner) => w.uniquePointer(inner.c, (s) => w.wstring(s)));
    w.uniquePointer(null, (s: string) => w.wstring(s));
  });
  const b = w.toBuffer();
  const words: string[] = [];
  for (let i = 0; i < b.length; i += 4) words.push(b.toString('hex', i, i + 4));
  assert.equal(words, [
    '00000200', '04000200', '00000000', // flat part: a, b, d (null)
    '02000000', '00000000', '02000000', '61000000', // *a
    '08000200', // *b's flat part
    '02000000', '00000000', '02000000', '63000000', // *b->c, right after *b
  ]);

  const r = new NdrReader(b);
  const got = { a: null as string | null, b: null as { c: string | null } | null, d: null as string | null };
  r.constructed(() => {
    r.uniquePointer(() => r.wstring(), (s) => (got.a = s));
    r.uniquePointer(
      () => {
        const inner = { c: null as string | null };
        r.uniquePointer(() => r.wstring(), (s) => (inner.c = s));
        return inner;
      },
      (v) => (got.b = v),
    );
    assert.is(r.uniquePointer(() => r.wstring(), (s) => (got.d = s)), false);
  });
  assert.equal(got, { a: 'a', b: { c: 'c' }, d: null });
  assert.is(r.remaining, 0);
});

test('full pointers alias: one referent id, one pointee', () => {
  const shared = { v: 7 };
  const w = new NdrWriter();
  w.constructed(() => {
    w.fullPointer(shared, (o) => w.u32(o.v));
    w.fullPointer(shared, (o) => w.u32(o.v));
    w.fullPointer({ v: 9 }, (o) => w.u32(o.v));
  });
  const b = w.toBuffer();
  assert.is(b.toString('hex'), '00000200' + '00000200' + '04000200' + '07000000' + '09000000');

  const r = new NdrReader(b);
  const got: Array<{ v: number }> = [];
  r.constructed(() => {
    for (let i = 0; i < 3; i++) r.fullPointer(() => ({ v: r.u32() }), (o) => (got[i] = o));
  });
  assert.equal(got, [{ v: 7 }, { v: 7 }, { v: 9 }]);
  assert.ok(got[0] === got[1], 'the aliased pointers decode to the same object');
  assert.is(r.remaining, 0);
});

test('conformant arrays carry their count and round-trip', () => {
  const w = new NdrWriter();
  w.conformantArray([1, 2, 3], (x) => w.u16(x));
  const b = w.toBuffer();
  assert.is(b.toString('hex'), '03000000' + '010002000300');
  const r = new NdrReader(b);
  assert.equal(r.conformantArray(2, () => r.u16()), [1, 2, 3]);
  assert.is(r.remaining, 0);
});

const isNdrError = (e: unknown) => e instanceof NdrError;

test('the reader throws NdrError on truncation, forged counts and malformed strings', () => {
  assert.throws(() => new NdrReader(Buffer.from('0102', 'hex')).u32(), isNdrError);
  assert.throws(() => new NdrReader(Buffer.from('01', 'hex')).hyper(), isNdrError);
  // 0x40000000 elements of at least 4 bytes cannot be in 4 bytes: refused before any allocation
  assert.throws(() => new NdrReader(Buffer.from('0000004000000000', 'hex')).conformantArray(4, () => 0), isNdrError);
  // actual_count > maximum_count
  assert.throws(() => new NdrReader(Buffer.from('01000000000000000200000041004200', 'hex')).wstring(), isNdrError);
  // non-zero offset
  assert.throws(() => new NdrReader(Buffer.from('02000000010000000100000041000000', 'hex')).wstring(), isNdrError);
  // no terminating NUL (what impacket sends for a name passed without '\0')
  assert.throws(() => new NdrReader(Buffer.from('0100000000000000010000004100', 'hex')).wstring(), isNdrError);
  // string data cut short
  assert.throws(() => new NdrReader(Buffer.from('05000000000000000500000049005000', 'hex')).wstring(), isNdrError);
});

// Real request stubs re-encode to the same bytes: Samba's clients number referents 0x20000, 0x20004, ...
// exactly as our writer does, so any difference would be a marshalling difference.
test('NetrShareEnum requests from smbclient and rpcclient re-encode byte for byte', () => {
  for (const name of ['smbclient-netshareenumall-l1-request', 'rpcclient-netshareenumall-l2-request']) {
    const stub = decodeRequest(fixture(name)[0]!).stub;
    const req = decodeNetrShareEnumRequest(stub);
    assert.is(req.serverName, '127.0.0.1');
    assert.is(req.preferedMaximumLength, 0xffffffff);
    assert.equal(req.infoStruct.container, { entriesRead: 0, buffer: null });
    assert.is(encodeNetrShareEnumRequest(req).toString('hex'), stub.toString('hex'), name);
  }
});

test('NetrShareGetInfo request from rpcclient re-encodes byte for byte', () => {
  const stub = decodeRequest(fixture('rpcclient-netsharegetinfo-l502-request')[0]!).stub;
  const req = decodeNetrShareGetInfoRequest(stub);
  assert.equal(req, { serverName: '127.0.0.1', netName: 'share', level: 502 });
  assert.is(encodeNetrShareGetInfoRequest(req).toString('hex'), stub.toString('hex'));
});

test("impacket's random referent ids and 0xab padding decode the same way", () => {
  const req = decodeNetrShareEnumRequest(decodeRequest(fixture('impacket-netshareenum-l1-request')[0]!).stub);
  assert.equal(req, {
    serverName: '',
    infoStruct: { level: 1, container: { entriesRead: 0, buffer: null } },
    preferedMaximumLength: 0xffffffff,
    resumeHandle: 0,
  });
});

test("Samba's NetrShareEnum level 2 response decodes and re-encodes to the same structure", () => {
  const pdu = fixture('samba-netshareenumall-l2-response')[0]!;
  const samba = decodeNetrShareEnumResponse(pdu.subarray(24));
  assert.is(samba.infoStruct.level, 2);
  assert.is(samba.totalEntries, 2);
  const names = samba.infoStruct.container!.buffer!.map((s) => (s as { netname: string }).netname);
  assert.equal(names, ['share', 'IPC$']);
  assert.equal(decodeNetrShareEnumResponse(encodeNetrShareEnumResponse(samba)), samba);
});

test.run();
