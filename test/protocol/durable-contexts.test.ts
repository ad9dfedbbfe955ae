import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodeDurableHandleReconnect,
  decodeDurableHandleReconnectV2,
  decodeDurableHandleRequestV2,
  decodeDurableHandleResponseV2,
  encodeDurableHandleReconnect,
  encodeDurableHandleReconnectV2,
  encodeDurableHandleRequestV2,
  encodeDurableHandleResponse,
  encodeDurableHandleResponseV2,
} from '../../src/protocol/durable-contexts.ts';
import { Dialect } from '../../src/protocol/constants.ts';
import { decodeAppInstanceId, encodeAppInstanceId } from '../../src/protocol/app-instance-contexts.ts';
import { CreateContextName } from '../../src/protocol/create-contexts.ts';
import { NtStatusError } from '../../src/protocol/status.ts';
import { durableRequestOf } from '../../src/server/durable/request.ts';

// Captured with tshark on loopback while smbtorture 4.17.12 ran smb2.durable-open.reopen2-lease,
// smb2.durable-v2-open.reopen2 / reopen2-lease-v2 and smb2.replay.replay-dhv2-oplock1 against Samba 4.17.12:
// the data of the durable-handle create contexts of CREATE requests and responses.
const DHNQ_REQUEST = Buffer.from('00000000000000000000000000000000', 'hex');
const DHNQ_RESPONSE = Buffer.from('0000000000000000', 'hex');
const DHNC_REQUEST = Buffer.from('99d5279d00000000d74511cb00000000', 'hex');
const DH2Q_REQUEST = Buffer.from('ffffffff000000000000000000000000512fd3476036f74f85ee3765298499e7', 'hex');
const DH2Q_RESPONSE = Buffer.from('e093040000000000', 'hex');
const DH2C_REQUEST = Buffer.from('a4b99905000000008a8ec1f400000000512fd3476036f74f85ee3765298499e700000000', 'hex');
const DH2C_REQUEST_V1_OPEN = Buffer.from('99d5279d00000000b3691bf0000000000000000000000000000000000000000000000000', 'hex');
const CREATE_GUID = Buffer.from('512fd3476036f74f85ee3765298499e7', 'hex');
// smb2.durable-v2-open.app-instance, the same way: the SMB2_CREATE_APP_INSTANCE_ID context's data.
const APP_INSTANCE_ID = Buffer.from('14000000af17232c9a543a4a841fdbc1342ae488', 'hex');

test('DHnQ: 16 reserved bytes asked, 8 reserved bytes answered', () => {
  assert.is(DHNQ_REQUEST.length, 16);
  assert.ok(encodeDurableHandleResponse().equals(DHNQ_RESPONSE));
});

test('DHnC carries the FileId of the open to reconnect', () => {
  const r = decodeDurableHandleReconnect(DHNC_REQUEST);
  assert.is(r.persistentFileId, 0x9d27d599n);
  assert.is(r.volatileFileId, 0xcb1145d7n);
  assert.ok(encodeDurableHandleReconnect(r).equals(DHNC_REQUEST));
});

test('DH2Q asks for a timeout with its CreateGuid; Samba answers five minutes for UINT32_MAX', () => {
  const r = decodeDurableHandleRequestV2(DH2Q_REQUEST);
  assert.is(r.timeout, 0xffffffff);
  assert.is(r.flags, 0);
  assert.ok(r.createGuid.equals(CREATE_GUID));
  assert.ok(encodeDurableHandleRequestV2(r).equals(DH2Q_REQUEST));
  const response = decodeDurableHandleResponseV2(DH2Q_RESPONSE);
  assert.equal(response, { timeout: 300_000, flags: 0 });
  assert.ok(encodeDurableHandleResponseV2(response).equals(DH2Q_RESPONSE));
});

test('DH2C names the FileId and the CreateGuid (all zeros to reconnect an open made with DHnQ)', () => {
  const r = decodeDurableHandleReconnectV2(DH2C_REQUEST);
  assert.is(r.persistentFileId, 0x0599b9a4n);
  assert.is(r.volatileFileId, 0xf4c18e8an);
  assert.ok(r.createGuid.equals(CREATE_GUID));
  assert.is(r.flags, 0);
  assert.ok(encodeDurableHandleReconnectV2(r).equals(DH2C_REQUEST));
  assert.ok(decodeDurableHandleReconnectV2(DH2C_REQUEST_V1_OPEN).createGuid.equals(Buffer.alloc(16)));
});

test('APP_INSTANCE_ID: StructureSize 20, then the 16-byte AppInstanceId', () => {
  const r = decodeAppInstanceId(APP_INSTANCE_ID);
  assert.ok(r.appInstanceId.equals(Buffer.from('af17232c9a543a4a841fdbc1342ae488', 'hex')));
  assert.ok(encodeAppInstanceId(r).equals(APP_INSTANCE_ID));
  assert.throws(() => decodeAppInstanceId(APP_INSTANCE_ID.subarray(0, 19)), (e: unknown) => e instanceof NtStatusError);
});

test('a context shorter than its structure is INVALID_PARAMETER', () => {
  assert.throws(() => decodeDurableHandleRequestV2(DH2Q_REQUEST.subarray(0, 31)), (e: unknown) => e instanceof NtStatusError);
  assert.throws(() => decodeDurableHandleReconnectV2(DH2C_REQUEST.subarray(0, 35)), (e: unknown) => e instanceof NtStatusError);
});

const ctx = (name: string, data: Buffer) => ({ name, data });

test('which durable request a CREATE makes, and the combinations MS-SMB2 3.3.5.9.7 / 3.3.5.9.10 refuse', () => {
  const dhnq = ctx(CreateContextName.DURABLE_HANDLE_REQUEST, DHNQ_REQUEST);
  const dhnc = ctx(CreateContextName.DURABLE_HANDLE_RECONNECT, DHNC_REQUEST);
  const dh2q = ctx(CreateContextName.DURABLE_HANDLE_REQUEST_V2, DH2Q_REQUEST);
  const dh2c = ctx(CreateContextName.DURABLE_HANDLE_RECONNECT_V2, DH2C_REQUEST);
  assert.is(durableRequestOf([], Dialect.SMB3_1_1).kind, 'none');
  assert.equal(durableRequestOf([dhnq], Dialect.SMB2_0_2), { kind: 'request', version: 1 });
  // DHnC with DHnQ: the request is ignored.
  assert.is(durableRequestOf([dhnc, dhnq], Dialect.SMB3_1_1).kind, 'reconnect');
  const v2 = durableRequestOf([dh2q], Dialect.SMB3_0);
  assert.ok(v2.kind === 'request' && v2.version === 2 && v2.timeout === 0xffffffff && v2.createGuid.equals(CREATE_GUID));
  // Before SMB 3.0 the version 2 contexts mean nothing.
  assert.is(durableRequestOf([dh2q], Dialect.SMB2_1).kind, 'none');
  for (const pair of [[dh2c, dhnq], [dhnc, dh2q], [dhnc, dh2c], [dh2c, dh2q]]) {
    assert.throws(() => durableRequestOf(pair, Dialect.SMB3_1_1), (e: unknown) => e instanceof NtStatusError);
  }
});

test.run();
