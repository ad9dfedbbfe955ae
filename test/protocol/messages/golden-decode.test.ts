// Decodes every message of test/fixtures/golden/messages.json (smbclient, impacket and smbtorture talking
// to Samba smbd 4.17; see its README) with the codec of its command, and checks that encoding the decoded
// value gives a message that decodes to the same value. Where our encoders follow the same conventions as
// the peer that produced the bytes, the re-encoded body must be byte-identical; the exceptions are listed.

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { align8 } from '../../../src/protocol/wire.ts';
import { Command, Dialect } from '../../../src/protocol/constants.ts';
import { decodeHeader } from '../../../src/protocol/header.ts';
import * as m from '../../../src/protocol/messages/index.ts';
import { decodeSmb1NegotiateRequest } from '../../../src/protocol/smb1-negotiate.ts';
import { NtStatus } from '../../../src/protocol/status.ts';

interface Golden {
  client: string;
  dialect: string;
  direction: 'request' | 'response';
  command: string;
  status: string;
  hex: string;
}

const golden: Golden[] = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/messages.json', import.meta.url), 'utf8'),
);

type Codec = { decode: (message: Buffer) => unknown; encode: (v: never) => Buffer };
const codec = (decode: (message: Buffer) => unknown, encode: (v: never) => Buffer): Codec => ({ decode, encode });

const requests: Record<string, Codec> = {
  NEGOTIATE: codec(m.decodeNegotiateRequest, m.encodeNegotiateRequest),
  SESSION_SETUP: codec(m.decodeSessionSetupRequest, m.encodeSessionSetupRequest),
  LOGOFF: codec(m.decodeLogoffRequest, m.encodeLogoffRequest),
  TREE_CONNECT: codec(m.decodeTreeConnectRequest, m.encodeTreeConnectRequest),
  TREE_DISCONNECT: codec(m.decodeTreeDisconnectRequest, m.encodeTreeDisconnectRequest),
  CREATE: codec(m.decodeCreateRequest, m.encodeCreateRequest),
  CLOSE: codec(m.decodeCloseRequest, m.encodeCloseRequest),
  FLUSH: codec(m.decodeFlushRequest, m.encodeFlushRequest),
  READ: codec(m.decodeReadRequest, m.encodeReadRequest),
  WRITE: codec(m.decodeWriteRequest, m.encodeWriteRequest),
  LOCK: codec(m.decodeLockRequest, m.encodeLockRequest),
  IOCTL: codec(m.decodeIoctlRequest, m.encodeIoctlRequest),
  CANCEL: codec(m.decodeCancelRequest, m.encodeCancelRequest),
  ECHO: codec(m.decodeEchoRequest, m.encodeEchoRequest),
  QUERY_DIRECTORY: codec(m.decodeQueryDirectoryRequest, m.encodeQueryDirectoryRequest),
  CHANGE_NOTIFY: codec(m.decodeChangeNotifyRequest, m.encodeChangeNotifyRequest),
  QUERY_INFO: codec(m.decodeQueryInfoRequest, m.encodeQueryInfoRequest),
  SET_INFO: codec(m.decodeSetInfoRequest, m.encodeSetInfoRequest),
  OPLOCK_BREAK: codec(m.decodeOplockBreakRequest, m.encodeOplockBreakRequest),
};

const responses: Record<string, Codec> = {
  NEGOTIATE: codec(m.decodeNegotiateResponse, m.encodeNegotiateResponse),
  SESSION_SETUP: codec(m.decodeSessionSetupResponse, m.encodeSessionSetupResponse),
  LOGOFF: codec(m.decodeLogoffResponse, m.encodeLogoffResponse),
  TREE_CONNECT: codec(m.decodeTreeConnectResponse, m.encodeTreeConnectResponse),
  TREE_DISCONNECT: codec(m.decodeTreeDisconnectResponse, m.encodeTreeDisconnectResponse),
  CREATE: codec(m.decodeCreateResponse, m.encodeCreateResponse),
  CLOSE: codec(m.decodeCloseResponse, m.encodeCloseResponse),
  FLUSH: codec(m.decodeFlushResponse, m.encodeFlushResponse),
  READ: codec(m.decodeReadResponse, m.encodeReadResponse),
  WRITE: codec(m.decodeWriteResponse, m.encodeWriteResponse),
  LOCK: codec(m.decodeLockResponse, m.encodeLockResponse),
  IOCTL: codec(m.decodeIoctlResponse, m.encodeIoctlResponse),
  ECHO: codec(m.decodeEchoResponse, m.encodeEchoResponse),
  QUERY_DIRECTORY: codec(m.decodeQueryDirectoryResponse, m.encodeQueryDirectoryResponse),
  CHANGE_NOTIFY: codec(m.decodeChangeNotifyResponse, m.encodeChangeNotifyResponse),
  QUERY_INFO: codec(m.decodeQueryInfoResponse, m.encodeQueryInfoResponse),
  SET_INFO: codec(m.decodeSetInfoResponse, m.encodeSetInfoResponse),
  OPLOCK_BREAK: codec(m.decodeOplockBreakResponse, m.encodeOplockBreakResponse),
};

const errorCodec = codec(m.decodeErrorResponse, m.encodeErrorResponse);

/** MS-SMB2 3.3.4.4: a failed request is answered with an ERROR body, except these statuses. */
function isErrorBody(g: Golden): boolean {
  const status = Number(g.status);
  if (g.direction === 'request' || status === NtStatus.SUCCESS) return false;
  if (g.command === 'SESSION_SETUP' && status === NtStatus.MORE_PROCESSING_REQUIRED) return false;
  return status !== NtStatus.BUFFER_OVERFLOW;
}

/**
 * Where our encoder and the peer differ on bytes nobody reads, so only the decoded values are compared:
 * - an empty buffer's offset: Samba points it at the Buffer field (CREATE NameOffset 0x78, IOCTL
 *   InputOffset/OutputOffset), we write 0 as impacket does;
 * - the one-byte Buffer of READ and QUERY_INFO requests with nothing in it (impacket sends '0');
 * - the byte Samba puts in an empty ErrorData (0x21 in interim responses), which we send as 0.
 */
function byteExactExpected(g: Golden): boolean {
  if (g.command === 'IOCTL' || isErrorBody(g)) return false;
  if (g.direction === 'request' && ['CREATE', 'READ', 'QUERY_INFO'].includes(g.command)) return false;
  return true;
}

for (const g of golden.filter((x) => x.command !== 'SMB_COM_NEGOTIATE')) {
  const message = Buffer.from(g.hex, 'hex');
  const codecFor = isErrorBody(g) ? errorCodec : (g.direction === 'request' ? requests : responses)[g.command];
  const what = `${g.client} ${g.dialect} ${g.command} ${g.direction} ${g.status} (${message.length} bytes)`;
  test(`${what}: decodes, and re-encodes to the same value`, () => {
    const value = codecFor.decode(message);
    const body = codecFor.encode(value as never);
    const again = Buffer.concat([message.subarray(0, 64), body]);
    assert.equal(codecFor.decode(again), value);
    if (!byteExactExpected(g)) return;
    // A compound member (and Samba's last compound response) is followed by zero padding to 8 bytes.
    const original = message.subarray(64);
    assert.is(body.toString('hex'), original.subarray(0, body.length).toString('hex'));
    assert.ok(original.length <= align8(64 + body.length) - 64, 'bytes left over after the body');
    assert.ok(original.subarray(body.length).every((b) => b === 0), 'non-zero padding after the body');
  });
}

const find = (pred: (g: Golden) => boolean): Buffer => Buffer.from(golden.find(pred)!.hex, 'hex');
const isRequest = (g: Golden): boolean => g.direction === 'request';

test('SMB1 multi-protocol NEGOTIATE from smbclient and impacket: the dialect strings', () => {
  const smb1 = golden.filter((g) => g.command === 'SMB_COM_NEGOTIATE');
  assert.is(smb1.length, 2);
  const lists = smb1.map((g) => decodeSmb1NegotiateRequest(Buffer.from(g.hex, 'hex')));
  for (const list of lists) assert.ok(list.includes('SMB 2.002') && list.includes('SMB 2.???'));
  assert.equal(lists.find((l) => l[0] === 'NT LM 0.12'), ['NT LM 0.12', 'SMB 2.002', 'SMB 2.???']);
});

test('smbclient 3.1.1 NEGOTIATE request: dialects and negotiate contexts', () => {
  const req = m.decodeNegotiateRequest(
    find((g) => g.client === 'smbclient' && g.dialect === 'SMB3_1_1' && g.command === 'NEGOTIATE' && isRequest(g)),
  );
  assert.equal(req.dialects, [0x0202, 0x0210, 0x0300, 0x0302, 0x0311]);
  const preauth = req.negotiateContexts.find((c) => c.type === 'PREAUTH_INTEGRITY_CAPABILITIES');
  assert.ok(preauth && preauth.hashAlgorithms[0] === 1 && preauth.salt.length === 32);
  const netname = req.negotiateContexts.find((c) => c.type === 'NETNAME_NEGOTIATE_CONTEXT_ID');
  assert.is(netname?.netName, '127.0.0.1');
  assert.ok(req.negotiateContexts.some((c) => c.type === 'ENCRYPTION_CAPABILITIES' && c.ciphers.includes(2)));
  assert.ok(req.negotiateContexts.some((c) => c.type === 'SIGNING_CAPABILITIES'));
});

test('Samba 3.1.1 NEGOTIATE response: the selected hash, cipher and signing algorithm', () => {
  const dialectOf = (g: Golden): number => Buffer.from(g.hex, 'hex').readUInt16LE(64 + 4);
  const resp = m.decodeNegotiateResponse(
    find((g) => g.command === 'NEGOTIATE' && !isRequest(g) && dialectOf(g) === Dialect.SMB3_1_1),
  );
  assert.is(resp.dialectRevision, Dialect.SMB3_1_1);
  assert.equal(resp.negotiateContexts.slice(1), [
    { type: 'ENCRYPTION_CAPABILITIES', ciphers: [2] }, // AES-128-GCM
    { type: 'SIGNING_CAPABILITIES', signingAlgorithms: [2] }, // AES-GMAC
  ]);
  const preauth = resp.negotiateContexts[0];
  assert.ok(preauth.type === 'PREAUTH_INTEGRITY_CAPABILITIES' && preauth.salt.length === 32);
  assert.ok(resp.securityBuffer.length > 0);
});

test('impacket LOCK and OPLOCK_BREAK: lock elements, and the oplock break notification and acknowledgment', () => {
  const lock = m.decodeLockRequest(find((g) => g.command === 'LOCK' && g.direction === 'request'));
  assert.is(lock.locks.length, 1);
  assert.is(lock.locks[0].length, 0x10n);
  const notification = golden
    .filter((g) => g.command === 'OPLOCK_BREAK' && !isRequest(g))
    .map((g) => Buffer.from(g.hex, 'hex'))
    .find((b) => decodeHeader(b).messageId === 0xffffffffffffffffn)!;
  assert.is(m.decodeOplockBreakResponse(notification).type, 'OPLOCK_BREAK');
  const ack = m.decodeOplockBreakRequest(find((g) => g.command === 'OPLOCK_BREAK' && g.direction === 'request'));
  assert.is(ack.type, 'OPLOCK_BREAK_ACKNOWLEDGMENT');
});

test('READ and WRITE from real clients: the data is a view at DataOffset', () => {
  const write = find((g) => g.command === 'WRITE' && g.direction === 'request');
  const w = m.decodeWriteRequest(write);
  assert.is(w.data.byteOffset - write.byteOffset, write.readUInt16LE(64 + 2));
  const read = find((g) => g.command === 'READ' && g.direction === 'response' && g.status === '0x00000000');
  const r = m.decodeReadResponse(read);
  assert.is(r.data.byteOffset - read.byteOffset, read[64 + 2]);
  assert.is(r.data.length, read.readUInt32LE(64 + 4));
});

test('every command of MS-SMB2 2.2.1.2 is in the capture', () => {
  const commands = new Set(golden.map((g) => g.command));
  for (const name of Object.keys(Command)) assert.ok(commands.has(name), name);
});

test.run();
