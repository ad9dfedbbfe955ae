import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command } from '../../../src/protocol/constants.ts';
import { decodeCreateContexts, decodeQueryOnDiskIdResponse, encodeCreateContexts } from '../../../src/protocol/create-contexts.ts';
import * as m from '../../../src/protocol/messages/index.ts';
import { decodeNegotiateContexts } from '../../../src/protocol/negotiate-contexts.ts';
import { decodeSmb1NegotiateRequest } from '../../../src/protocol/smb1-negotiate.ts';
import { NtStatus, NtStatusError, ProtocolViolation } from '../../../src/protocol/status.ts';
import type { Field, StructDeclaration } from '../../../src/protocol/wire.ts';
import { cases, smb2Message, type Case } from './helpers/cases.ts';

function throwsInvalidParameter(f: () => unknown, what: string): void {
  try {
    f();
  } catch (e) {
    assert.instance(e, NtStatusError, `${what}: threw ${String(e)}`);
    assert.is((e as NtStatusError).status, NtStatus.INVALID_PARAMETER, what);
    return;
  }
  assert.unreachable(`${what}: decoded without error`);
}

function throwsViolation(f: () => unknown, what: string): void {
  try {
    f();
  } catch (e) {
    assert.instance(e, ProtocolViolation, `${what}: threw ${String(e)}`);
    return;
  }
  assert.unreachable(`${what}: decoded without error`);
}

const messageOf = (k: Case): Buffer => smb2Message(k.command, k.encode(k.value as never), k.response);

const widths = { u8: 1, u16: 2, u32: 4, u64: 8 } as const;
function fieldSize(f: Field<never>): number {
  if (f.kind === 'reserved' || f.kind === 'bytes') return f.length;
  if (f.kind === 'const' || f.kind === 'offset' || f.kind === 'length') return widths[f.width];
  return widths[f.kind];
}

/** Offset (from the body start) and width of each offset/length field of the buffer named `of`. */
function bufferFields(decl: StructDeclaration<never>): { of: string; kind: 'offset' | 'length'; at: number; width: number }[] {
  const out: { of: string; kind: 'offset' | 'length'; at: number; width: number }[] = [];
  let at = 0;
  for (const f of decl.fields) {
    if (f.kind === 'offset' || f.kind === 'length') out.push({ of: f.of, kind: f.kind, at, width: widths[f.width] });
    at += fieldSize(f);
  }
  return out;
}

function writeWidth(b: Buffer, at: number, width: number, v: number): void {
  if (width === 1) b.writeUInt8(v & 0xff, at);
  else if (width === 2) b.writeUInt16LE(v & 0xffff, at);
  else b.writeUInt32LE(v >>> 0, at);
}

for (const k of cases) {
  test(`${k.name}: a wrong StructureSize is INVALID_PARAMETER`, () => {
    const msg = messageOf(k);
    msg.writeUInt16LE(msg.readUInt16LE(64) + 1, 64);
    throwsInvalidParameter(() => k.decode(msg), k.name);
  });

  test(`${k.name}: a body cut inside the fixed part is INVALID_PARAMETER`, () => {
    const msg = messageOf(k);
    const fixed = k.declaration ? k.declaration.fields.reduce((n, f) => n + fieldSize(f), 0) : 2;
    for (const cut of [0, 1, fixed - 1]) throwsInvalidParameter(() => k.decode(msg.subarray(0, 64 + cut)), `${k.name} cut at ${cut}`);
  });
}

for (const k of cases.filter((x) => x.declaration && x.declaration.buffers.length > 0)) {
  const decl = k.declaration!;
  for (const name of decl.buffers) {
    const fields = bufferFields(decl).filter((f) => f.of === name);
    const offset = fields.find((f) => f.kind === 'offset')!;
    const length = fields.find((f) => f.kind === 'length')!;

    test(`${k.name}: ${name} offset beyond the message is INVALID_PARAMETER`, () => {
      const msg = messageOf(k);
      // A one-byte offset cannot reach past a long message; its length then carries it past the end.
      const at = offset.width === 1 ? 0xff : msg.length;
      writeWidth(msg, 64 + length.at, length.width, Math.max(1, msg.length - at + 1));
      writeWidth(msg, 64 + offset.at, offset.width, at);
      throwsInvalidParameter(() => k.decode(msg), name);
    });

    test(`${k.name}: ${name} offset inside the fixed part is INVALID_PARAMETER`, () => {
      const msg = messageOf(k);
      writeWidth(msg, 64 + length.at, length.width, 1);
      writeWidth(msg, 64 + offset.at, offset.width, 64);
      throwsInvalidParameter(() => k.decode(msg), name);
    });

    test(`${k.name}: ${name} length beyond the end is INVALID_PARAMETER`, () => {
      const msg = messageOf(k);
      const start = msg.length - 1;
      if (offset.width === 1 && start > 0xff) return; // a one-byte offset cannot point there
      writeWidth(msg, 64 + offset.at, offset.width, start);
      writeWidth(msg, 64 + length.at, length.width, length.width === 2 ? 0xffff : 0xffffffff);
      throwsInvalidParameter(() => k.decode(msg), name);
    });
  }
}

const sample = (name: string): Case => cases.find((k) => k.name === name)!;

test('NEGOTIATE Request: DialectCount beyond the message', () => {
  const msg = messageOf(sample('NEGOTIATE Request 2.x'));
  msg.writeUInt16LE(5, 64 + 2);
  throwsInvalidParameter(() => m.decodeNegotiateRequest(msg), 'DialectCount 5 of 4');
  msg.writeUInt16LE(0xffff, 64 + 2);
  throwsInvalidParameter(() => m.decodeNegotiateRequest(msg), 'DialectCount 65535');
});

test('NEGOTIATE Request 3.1.1: bad NegotiateContextOffset and Count', () => {
  const good = messageOf(sample('NEGOTIATE Request 3.1.1'));
  const at = (offset: number, count: number): Buffer => {
    const msg = Buffer.from(good);
    msg.writeUInt32LE(offset, 64 + 28);
    msg.writeUInt16LE(count, 64 + 32);
    return msg;
  };
  throwsInvalidParameter(() => m.decodeNegotiateRequest(at(good.length, 1)), 'offset at the end');
  throwsInvalidParameter(() => m.decodeNegotiateRequest(at(0xffffffff, 1)), 'offset 2^32-1');
  throwsInvalidParameter(() => m.decodeNegotiateRequest(at(64, 8)), 'offset on the fixed part');
  throwsInvalidParameter(() => m.decodeNegotiateRequest(at(112, 9)), 'one context more than sent');
  throwsInvalidParameter(() => m.decodeNegotiateRequest(at(112, 0xffff)), 'count 65535');
});

test('negotiate contexts: a DataLength past the end, or a count that does not fit DataLength', () => {
  const ctx = (hex: string): Buffer => Buffer.from(hex.replace(/ /g, ''), 'hex');
  // SMB2_ENCRYPTION_CAPABILITIES with DataLength 4 but only 2 bytes of data.
  throwsInvalidParameter(() => decodeNegotiateContexts(ctx('0200 0400 00000000 0100'), 0, 1), 'DataLength overrun');
  // CipherCount 3 in 4 bytes of data.
  throwsInvalidParameter(() => decodeNegotiateContexts(ctx('0200 0400 00000000 0300 0200'), 0, 1), 'CipherCount');
  // HashAlgorithmCount 1 and SaltLength 32 with no salt.
  throwsInvalidParameter(() => decodeNegotiateContexts(ctx('0100 0600 00000000 0100 2000 0100'), 0, 1), 'SaltLength');
  // SigningAlgorithmCount 0xffff.
  throwsInvalidParameter(() => decodeNegotiateContexts(ctx('0800 0400 00000000 ffff 0100'), 0, 1), 'SigningAlgorithmCount');
  // A second context whose padding is missing.
  throwsInvalidParameter(() => decodeNegotiateContexts(ctx('0600 0400 00000000 01000000 0600'), 0, 2), 'no padding');
  // An empty data field is not enough for any typed context.
  for (const type of [1, 2, 3, 6, 7, 8]) {
    const c = Buffer.alloc(8);
    c.writeUInt16LE(type, 0);
    throwsInvalidParameter(() => decodeNegotiateContexts(c, 0, 1), `type ${type} with no data`);
  }
});

test('NEGOTIATE Response 3.1.1: NegotiateContextOffset inside the fixed part or beyond the message', () => {
  const good = messageOf(sample('NEGOTIATE Response 3.1.1'));
  for (const offset of [64, 120, good.length, 0xffffffff]) {
    const msg = Buffer.from(good);
    msg.writeUInt32LE(offset, 64 + 60);
    throwsInvalidParameter(() => m.decodeNegotiateResponse(msg), `offset ${offset}`);
  }
});

test('TREE_CONNECT extension: flag set without the extension, contexts at a bad offset or overrunning', () => {
  const plain = messageOf(sample('TREE_CONNECT Request'));
  plain.writeUInt16LE(m.TreeConnectFlags.EXTENSION_PRESENT, 64 + 2);
  throwsInvalidParameter(() => m.decodeTreeConnectRequest(plain), 'flag on a plain request');
  const good = messageOf(sample('TREE_CONNECT Request with extension'));
  for (const [offset, count] of [[0, 2], [8, 2], [56, 3], [0xfffffff0, 1], [56, 0xffff]]) {
    const msg = Buffer.from(good);
    msg.writeUInt32LE(offset, 64 + 8);
    msg.writeUInt16LE(count, 64 + 12);
    throwsInvalidParameter(() => m.decodeTreeConnectRequest(msg), `offset ${offset} count ${count}`);
  }
  // PathName over the extension header.
  const msg = Buffer.from(good);
  msg.writeUInt16LE(64 + 8, 64 + 4);
  throwsInvalidParameter(() => m.decodeTreeConnectRequest(msg), 'PathOffset on the extension');
});

test('create contexts: Next, NameOffset, DataOffset and DataLength out of bounds', () => {
  const good = encodeCreateContexts([
    { name: 'MxAc', data: Buffer.alloc(0) },
    { name: 'AlSi', data: Buffer.alloc(8, 1) },
  ]);
  const patch = (at: number, width: 2 | 4, v: number): Buffer => {
    const b = Buffer.from(good);
    if (width === 2) b.writeUInt16LE(v, at);
    else b.writeUInt32LE(v, at);
    return b;
  };
  throwsInvalidParameter(() => decodeCreateContexts(patch(0, 4, 0x10000)), 'Next beyond');
  throwsInvalidParameter(() => decodeCreateContexts(patch(0, 4, 20)), 'Next not aligned');
  throwsInvalidParameter(() => decodeCreateContexts(patch(0, 4, 8)), 'Next inside the header');
  throwsInvalidParameter(() => decodeCreateContexts(patch(4, 2, 22)), 'name past its context');
  throwsInvalidParameter(() => decodeCreateContexts(patch(4, 2, 8)), 'name on the header');
  throwsInvalidParameter(() => decodeCreateContexts(patch(6, 2, 0)), 'empty name');
  throwsInvalidParameter(() => decodeCreateContexts(patch(24 + 10, 2, 40)), 'data past the end');
  throwsInvalidParameter(() => decodeCreateContexts(patch(24 + 12, 4, 0xffffffff)), 'DataLength 2^32-1');
  throwsInvalidParameter(() => decodeCreateContexts(good.subarray(0, 30)), 'truncated second context');
  throwsInvalidParameter(() => decodeCreateContexts(good.subarray(0, 10)), 'truncated header');
  throwsInvalidParameter(() => decodeQueryOnDiskIdResponse(Buffer.alloc(31)), 'QFid of 31 bytes');
});

test('LOCK Request: LockCount 0, or more elements than the message holds', () => {
  const good = messageOf(sample('LOCK Request'));
  for (const count of [0, 4, 0xffff]) {
    const msg = Buffer.from(good);
    msg.writeUInt16LE(count, 64 + 2);
    throwsInvalidParameter(() => m.decodeLockRequest(msg), `LockCount ${count}`);
  }
});

test('OPLOCK_BREAK: a StructureSize of neither family is INVALID_PARAMETER', () => {
  const msg = messageOf(sample('OPLOCK_BREAK Acknowledgment'));
  for (const size of [0, 12, 44, 0xffff]) {
    msg.writeUInt16LE(size, 64);
    throwsInvalidParameter(() => m.decodeOplockBreakRequest(msg), `ack size ${size}`);
  }
  for (const size of [0, 12, 0xffff]) {
    msg.writeUInt16LE(size, 64);
    throwsInvalidParameter(() => m.decodeOplockBreakResponse(msg), `size ${size}`);
  }
  throwsInvalidParameter(() => m.decodeOplockBreakRequest(msg.subarray(0, 65)), 'one byte of body');
});

test('ERROR Response: ByteCount beyond the message, error contexts overrunning ErrorData', () => {
  const msg = messageOf(sample('ERROR Response with data'));
  msg.writeUInt32LE(5, 64 + 4);
  throwsInvalidParameter(() => m.decodeErrorResponse(msg), 'ByteCount 5 of 4');
  const data = m.encodeErrorContexts([{ errorId: 0, errorContextData: Buffer.alloc(3) }]);
  throwsInvalidParameter(() => m.decodeErrorContexts(data, 2), 'ErrorContextCount 2 of 1');
  data.writeUInt32LE(4, 0);
  throwsInvalidParameter(() => m.decodeErrorContexts(data, 1), 'ErrorDataLength past the end');
});

test('SMB1 NEGOTIATE: anything malformed is a ProtocolViolation', () => {
  // Built from the MS-CIFS 2.2.4.52.1 layout: a 32-byte header, WordCount 0, ByteCount, "\x02NT LM 0.12\0".
  const dialect = Buffer.from('\x02NT LM 0.12\0', 'latin1');
  const good = Buffer.alloc(35 + dialect.length);
  good.writeUInt32LE(0x424d53ff, 0);
  good[4] = 0x72;
  good.writeUInt16LE(dialect.length, 33);
  dialect.copy(good, 35);
  assert.equal(decodeSmb1NegotiateRequest(good), ['NT LM 0.12']);
  const patched = (at: number, v: number): Buffer => {
    const b = Buffer.from(good);
    b[at] = v;
    return b;
  };
  throwsViolation(() => decodeSmb1NegotiateRequest(good.subarray(0, 34)), 'truncated header');
  throwsViolation(() => decodeSmb1NegotiateRequest(patched(0, 0xfe)), 'an SMB2 ProtocolId');
  throwsViolation(() => decodeSmb1NegotiateRequest(patched(4, 0x73)), 'SESSION_SETUP_ANDX');
  throwsViolation(() => decodeSmb1NegotiateRequest(patched(32, 1)), 'WordCount 1');
  throwsViolation(() => decodeSmb1NegotiateRequest(patched(33, 0xff)), 'ByteCount beyond');
  throwsViolation(() => decodeSmb1NegotiateRequest(patched(35, 0x01)), 'BufferFormat 1');
  throwsViolation(() => decodeSmb1NegotiateRequest(good.subarray(0, good.length - 1)), 'no NUL');
});

test('decoders tell a truncated header-only message from a body', () => {
  const header = smb2Message(Command.ECHO, Buffer.alloc(0), false);
  for (const k of cases) throwsInvalidParameter(() => k.decode(header), `${k.name} with no body`);
});

test.run();
