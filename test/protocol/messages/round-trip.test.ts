import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command } from '../../../src/protocol/constants.ts';
import {
  CreateContextName,
  decodeCreateContexts,
  decodeQueryMaximalAccessResponse,
  decodeQueryOnDiskIdResponse,
  encodeCreateContexts,
  encodeQueryMaximalAccessResponse,
  encodeQueryOnDiskIdResponse,
} from '../../../src/protocol/create-contexts.ts';
import * as m from '../../../src/protocol/messages/index.ts';
import { decodeNegotiateContexts, encodeNegotiateContexts } from '../../../src/protocol/negotiate-contexts.ts';
import { cases, smb2Message } from './helpers/cases.ts';

/** Every non-empty Buffer reachable from `value`. */
function buffers(value: unknown, out: Buffer[] = []): Buffer[] {
  if (Buffer.isBuffer(value)) {
    if (value.length > 0) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) buffers(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) buffers(v, out);
  }
  return out;
}

for (const k of cases) {
  test(`${k.name}: encode then decode gives the value back`, () => {
    const body = k.encode(k.value as never);
    const message = smb2Message(k.command, body, k.response);
    assert.equal(k.decode(message), k.value);
    // The first two bytes are the StructureSize the declaration requires.
    if (k.declaration?.fields[0]?.kind === 'const') assert.is(body.readUInt16LE(0), k.declaration.fields[0].value);
  });

  test(`${k.name}: decoded buffers are views into the message`, () => {
    const message = smb2Message(k.command, k.encode(k.value as never), k.response);
    for (const b of buffers(k.decode(message))) {
      assert.ok(b.buffer === message.buffer, 'a decoded buffer is a copy');
      assert.ok(b.byteOffset >= message.byteOffset && b.byteOffset + b.length <= message.byteOffset + message.length);
    }
  });

  test(`${k.name}: decodes at a body that does not start at 64`, () => {
    // Compound messages and transports may hand the decoder a message inside a larger buffer.
    const message = smb2Message(k.command, k.encode(k.value as never), k.response);
    const framed = Buffer.concat([Buffer.alloc(4, 0xaa), message]).subarray(4);
    assert.equal(k.decode(framed, 64), k.value);
  });
}

test('NEGOTIATE Request 3.1.1: the list starts 8-byte aligned after the Dialects, offset and count in place', () => {
  const k = cases.find((x) => x.name === 'NEGOTIATE Request 3.1.1')!;
  const message = smb2Message(Command.NEGOTIATE, k.encode(k.value as never), false);
  const offset = message.readUInt32LE(64 + 28);
  assert.is(offset, 112);
  assert.is(message.readUInt16LE(64 + 32), 8);
  assert.is(message.readUInt16LE(offset), 0x0001); // SMB2_PREAUTH_INTEGRITY_CAPABILITIES first
  // Each following context starts 8-byte aligned from the header.
  const ctxs = decodeNegotiateContexts(message, offset, 8);
  assert.is(ctxs.length, 8);
});

test('NEGOTIATE Request before 3.1.1 keeps ClientStartTime and has no contexts', () => {
  const k = cases.find((x) => x.name === 'NEGOTIATE Request 2.x')!;
  const body = k.encode(k.value as never);
  assert.is(body.length, 36 + 4 * 2);
  assert.is(body.readBigUInt64LE(28), 0x01d9aabbccddeeffn);
});

test('NEGOTIATE Response: NegotiateContextOffset is 8-byte aligned and after the security buffer', () => {
  for (const name of ['NEGOTIATE Response 3.1.1', 'NEGOTIATE Response 3.1.1 without a security buffer']) {
    const k = cases.find((x) => x.name === name)!;
    const message = smb2Message(Command.NEGOTIATE, k.encode(k.value as never), true);
    const secEnd = message.readUInt16LE(64 + 56) + message.readUInt16LE(64 + 58);
    const offset = message.readUInt32LE(64 + 60);
    assert.is(offset % 8, 0);
    assert.ok(offset >= Math.max(secEnd, 128));
    assert.is(message.readUInt16LE(64 + 6), (k.value as m.NegotiateResponse).negotiateContexts.length);
  }
});

test('NEGOTIATE Response before 3.1.1 leaves NegotiateContextCount and Offset reserved', () => {
  const k = cases.find((x) => x.name === 'NEGOTIATE Response 3.0')!;
  const body = k.encode(k.value as never);
  assert.is(body.readUInt16LE(6), 0);
  assert.is(body.readUInt32LE(60), 0);
  assert.is(body.readUInt16LE(56), 128); // SecurityBufferOffset right after the fixed part
});

test('negotiate contexts: typed list round trip on its own', () => {
  const list: Parameters<typeof encodeNegotiateContexts>[0] = [
    { type: 'NETNAME_NEGOTIATE_CONTEXT_ID', netName: 'a' }, // 2 bytes of data, then 6 of padding
    { type: 'TRANSPORT_CAPABILITIES', flags: 0 },
  ];
  const bytes = encodeNegotiateContexts(list);
  assert.is(bytes.length, 8 + 2 + 6 + 8 + 4);
  assert.equal(decodeNegotiateContexts(bytes, 0, 2), list);
});

test('negotiate contexts: trailing bytes after the counted entries are accepted, as Linux sends them', () => {
  // SMB2_COMPRESSION_CAPABILITIES with CompressionAlgorithmCount 3 and DataLength 16 (2 bytes of Pad), the
  // shape of the Linux cifs client's smb2_compression_capabilities_context.
  const ctx = Buffer.from('0300 1000 00000000 0300 0000 00000000 0100 0200 0300 0000'.replace(/ /g, ''), 'hex');
  assert.equal(decodeNegotiateContexts(ctx, 0, 1), [
    { type: 'COMPRESSION_CAPABILITIES', flags: 0, compressionAlgorithms: [1, 2, 3] },
  ]);
});

test('READ Response: the data starts right after the 16-byte fixed part, DataOffset 80 in one byte', () => {
  const k = cases.find((x) => x.name === 'READ Response')!;
  const body = k.encode(k.value as never);
  assert.is(body[2], 80);
  assert.is(body.readUInt32LE(4), 300);
  assert.is(body.length, 16 + 300);
});

test('WRITE Request: data follows the fixed part at offset 112', () => {
  const k = cases.find((x) => x.name === 'WRITE Request')!;
  const body = k.encode(k.value as never);
  assert.is(body.readUInt16LE(2), 112);
  assert.is(body.readUInt32LE(4), 1000);
});

test('CREATE: name at 120 and contexts 8-byte aligned after it', () => {
  const k = cases.find((x) => x.name === 'CREATE Request')!;
  const body = k.encode(k.value as never);
  assert.is(body.readUInt16LE(44), 120);
  const contextsOffset = body.readUInt32LE(48);
  assert.is(contextsOffset % 8, 0);
  assert.ok(contextsOffset >= 120 + 24);
});

test('create contexts: encode chains with Next, aligns names and data, decode gives them back', () => {
  const list = [
    { name: CreateContextName.QUERY_MAXIMAL_ACCESS, data: Buffer.alloc(0) },
    { name: CreateContextName.ALLOCATION_SIZE, data: Buffer.from('0010000000000000', 'hex') },
    { name: CreateContextName.APP_INSTANCE_ID, data: Buffer.alloc(20, 7) },
  ];
  const bytes = encodeCreateContexts(list);
  // First context: 16-byte header, 4-byte name at 16, no data; Next = 24 (20 rounded up to 8).
  assert.is(bytes.readUInt32LE(0), 24);
  assert.is(bytes.readUInt16LE(4), 16);
  assert.is(bytes.readUInt16LE(10), 0);
  // Second: name at 16, data at 24, 8 bytes; Next = 32.
  assert.is(bytes.readUInt32LE(24), 32);
  assert.is(bytes.readUInt16LE(24 + 10), 24);
  // Third: a 16-byte GUID name, data at 32; the last Next is 0.
  assert.is(bytes.readUInt32LE(56), 0);
  assert.is(bytes.readUInt16LE(56 + 6), 16);
  assert.is(bytes.readUInt16LE(56 + 10), 32);
  assert.equal(decodeCreateContexts(bytes), list);
  assert.is(Buffer.from(decodeCreateContexts(bytes)[2].name, 'latin1').toString('hex'), '45bca66aefa7f74a9008fa462e144d74');
});

test('MxAc and QFid response contexts: 8 and 32 bytes, round trip', () => {
  const mxac = encodeQueryMaximalAccessResponse({ queryStatus: 0xc0000022, maximalAccess: 0x001f01ff });
  assert.is(mxac.toString('hex'), '220000c0ff011f00');
  assert.equal(decodeQueryMaximalAccessResponse(mxac), { queryStatus: 0xc0000022, maximalAccess: 0x001f01ff });
  const qfid = encodeQueryOnDiskIdResponse({ diskFileId: 0x0102030405060708n, volumeId: 0xffn });
  assert.is(qfid.length, 32);
  assert.is(qfid.subarray(16).toString('hex'), '00'.repeat(16));
  assert.equal(decodeQueryOnDiskIdResponse(qfid), { diskFileId: 0x0102030405060708n, volumeId: 0xffn });
});

test('TREE_CONNECT extension: PathName at 88, contexts at an aligned offset from the request body', () => {
  const k = cases.find((x) => x.name === 'TREE_CONNECT Request with extension')!;
  const body = k.encode(k.value as never);
  assert.is(body.readUInt16LE(2) & m.TreeConnectFlags.EXTENSION_PRESENT, m.TreeConnectFlags.EXTENSION_PRESENT);
  assert.is(body.readUInt16LE(4), 88);
  const contextOffset = body.readUInt32LE(8);
  assert.is(contextOffset, 56); // 24 + 28 bytes of path, rounded up to 8
  assert.is(body.readUInt16LE(12), 2);
  assert.is(body.readUInt16LE(contextOffset), m.TreeConnectContextType.REMOTED_IDENTITY);
});

test('LOCK Request: LockSequenceNumber in the low 4 bits, LockSequenceIndex above', () => {
  const k = cases.find((x) => x.name === 'LOCK Request')!;
  const body = k.encode(k.value as never);
  assert.is(body.readUInt32LE(4), (64 << 4) | 0xa);
  assert.is(body.length, 24 + 3 * 24);
});

test('OPLOCK_BREAK: StructureSize tells oplock (24) from lease (36, 44) messages', () => {
  const sizes = cases.filter((k) => k.command === Command.OPLOCK_BREAK).map((k) => k.encode(k.value as never).readUInt16LE(0));
  assert.equal(sizes, [24, 36, 24, 44, 36]);
});

test('ERROR Response: ErrorData is at least one byte on the wire', () => {
  const body = m.encodeErrorResponse({ errorContextCount: 0, errorData: Buffer.alloc(0) });
  assert.is(body.toString('hex'), '090000000000000000');
  const withData = m.encodeErrorResponse({ errorContextCount: 0, errorData: Buffer.from('00000100', 'hex') });
  assert.is(withData.toString('hex'), '090000000400000000000100');
});

test('ERROR contexts: each after the first starts 8-byte aligned; decode splits them back', () => {
  const contexts = [
    { errorId: m.ErrorId.DEFAULT, errorContextData: Buffer.from('0302', 'hex') },
    { errorId: m.ErrorId.SHARE_REDIRECT, errorContextData: Buffer.alloc(5, 1) },
  ];
  const data = m.encodeErrorContexts(contexts);
  assert.is(data.length, 8 + 2 + 6 + 8 + 5);
  assert.is(data.readUInt32LE(20), m.ErrorId.SHARE_REDIRECT);
  assert.equal(m.decodeErrorContexts(data, 2), contexts);
});

test.run();
