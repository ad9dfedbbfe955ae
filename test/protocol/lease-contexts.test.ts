import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeLeaseContext, encodeLeaseContext, LeaseFlags, LeaseState } from '../../src/protocol/lease-contexts.ts';
import { decodeOplockBreakRequest, encodeOplockBreakResponse } from '../../src/protocol/messages/oplock-break.ts';
import { NtStatusError } from '../../src/protocol/status.ts';

// Captured with tshark on loopback while smbtorture 4.17.12 ran smb2.lease.v2_epoch1 and smb2.lease.breaking1
// against Samba 4.17.12: the data of the "RqLs" create contexts, and the lease break bodies.
const KEY = Buffer.from('0df0dde0fe0fdcbaf20f221f01f02345', 'hex');
const V2_REQUEST = Buffer.from('0df0dde0fe0fdcbaf20f221f01f02345070000000000000000000000000000000000000000000000000000000000000011470000', 'hex');
const V2_RESPONSE = Buffer.from('0df0dde0fe0fdcbaf20f221f01f02345070000000000000000000000000000000000000000000000000000000000000012470000', 'hex');
const V1_REQUEST = Buffer.from('0df0dde0fe0fdcbaf20f221f01f0234507000000000000000000000000000000', 'hex');
const V1_RESPONSE_BREAKING = Buffer.from('0df0dde0fe0fdcbaf20f221f01f0234507000000020000000000000000000000', 'hex');
const BREAK_NOTIFICATION = Buffer.from('2c000000010000000df0dde0fe0fdcbaf20f221f01f023450700000003000000000000000000000000000000', 'hex');
const BREAK_ACK = Buffer.from('24000000000000000df0dde0fe0fdcbaf20f221f01f02345030000000000000000000000', 'hex');

test('a version 2 request decodes with its epoch; the response round-trips', () => {
  const request = decodeLeaseContext(V2_REQUEST, true);
  assert.is(request.version, 2);
  assert.ok(request.leaseKey.equals(KEY));
  assert.is(request.leaseState, LeaseState.READ_CACHING | LeaseState.HANDLE_CACHING | LeaseState.WRITE_CACHING);
  assert.is(request.leaseFlags, 0);
  assert.is(request.epoch, 0x4711);
  const response = decodeLeaseContext(V2_RESPONSE, true);
  assert.is(response.epoch, 0x4712);
  assert.ok(encodeLeaseContext(response).equals(V2_RESPONSE));
});

test('a version 1 request decodes; a response with a break in progress encodes as Samba sends it', () => {
  const request = decodeLeaseContext(V1_REQUEST, true);
  assert.is(request.version, 1);
  assert.is(request.leaseState, 7);
  assert.ok(encodeLeaseContext({ ...request, leaseFlags: LeaseFlags.BREAK_IN_PROGRESS }).equals(V1_RESPONSE_BREAKING));
});

test('before SMB 3.0 a 52-byte context is read as version 1', () => {
  const request = decodeLeaseContext(V2_REQUEST, false);
  assert.is(request.version, 1);
  assert.is(request.epoch, 0);
  assert.is(encodeLeaseContext(request).length, 32);
});

test('a context shorter than version 1 is INVALID_PARAMETER', () => {
  assert.throws(() => decodeLeaseContext(V1_REQUEST.subarray(0, 31), true), (e: unknown) => e instanceof NtStatusError);
});

test('the lease break notification and acknowledgment match the captured bodies', () => {
  const body = encodeOplockBreakResponse({
    type: 'LEASE_BREAK_NOTIFICATION',
    newEpoch: 0,
    flags: 1,
    leaseKey: KEY,
    currentLeaseState: 7,
    newLeaseState: 3,
    breakReason: 0,
    accessMaskHint: 0,
    shareMaskHint: 0,
  });
  assert.ok(body.equals(BREAK_NOTIFICATION));
  const message = Buffer.concat([Buffer.alloc(64), BREAK_ACK]);
  const ack = decodeOplockBreakRequest(message);
  assert.is(ack.type, 'LEASE_BREAK_ACKNOWLEDGMENT');
  if (ack.type === 'LEASE_BREAK_ACKNOWLEDGMENT') assert.is(ack.leaseState, 3);
});

test.run();
