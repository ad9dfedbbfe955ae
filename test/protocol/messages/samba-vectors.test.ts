// Messages the golden capture lacks, recorded on loopback (tshark) from Samba smbd 4.17.12-Debian started by
// /work/shared/tools/samba-peer:
//   - the lease break exchange of `smbtorture //127.0.0.1/share smb2.lease.break` (smbtorture 4.17.12):
//     Samba's Lease Break Notification, smbtorture's Lease Break Acknowledgment, Samba's Lease Break Response;
//   - Samba's CREATE response to an impacket 0.10.0 (SMB 2.1) CREATE of an existing file that carried the
//     QFid and MxAc create contexts: the response carries MxAc (2.2.14.2.5) and QFid (2.2.14.2.9).
// Each is a whole SMB2 message (header included), without the Direct TCP framing.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodeCreateContexts,
  decodeQueryMaximalAccessResponse,
  decodeQueryOnDiskIdResponse,
  encodeCreateContexts,
} from '../../../src/protocol/create-contexts.ts';
import { decodeHeader } from '../../../src/protocol/header.ts';
import * as m from '../../../src/protocol/messages/index.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const LEASE_BREAK_NOTIFICATION = hex(`
  fe534d424000000000000000120000000100000000000000ffffffffffffffff0000000000000000000000000000000000000000
  000000000000000000000000 2c000000010000000df0dde0fe0fdcbaf20f221f01f02345050000000100000000000000000000
  0000000000`);
const LEASE_BREAK_ACKNOWLEDGMENT = hex(`
  fe534d42400001000000000012000200100000000000000047000000000000000000000024ca527af9ebb2a80000000000000000
  00000000000000000000000024000000000000000df0dde0fe0fdcbaf20f221f01f02345010000000000000000000000`);
const LEASE_BREAK_RESPONSE = hex(`
  fe534d42400001000000000012000200110000000000000047000000000000000000000024ca527af9ebb2a80000000000000000
  00000000000000000000000024000000000000000df0dde0fe0fdcbaf20f221f01f02345010000000000000000000000`);
const CREATE_RESPONSE = hex(`
  fe534d42400001000000000005007f0001000000000000000400000000000000000000002ece27b3da03d4d60000000000000000
  000000000000000000000000 5900000001000000b4959f95c979dd01b4959f95c979dd01b4959f95c979dd01b4959f95c979dd01
  001000000000000003000000000000008000000000000000b8da943b000000006fe11c28000000009800000058000000
  200000001000040000001800080000004d78416300000000000000009f011f0000000000
  1000040000001800200000005146696400000000a1c520000000000000fe00000000000000000000000000000000000000000000`);

const LEASE_KEY = '0df0dde0fe0fdcbaf20f221f01f02345';

test('Samba Lease Break Notification: 44 bytes, ACK_REQUIRED, RH to R', () => {
  assert.is(decodeHeader(LEASE_BREAK_NOTIFICATION).messageId, 0xffffffffffffffffn);
  const n = m.decodeOplockBreakResponse(LEASE_BREAK_NOTIFICATION);
  assert.is(n.type, 'LEASE_BREAK_NOTIFICATION');
  if (n.type !== 'LEASE_BREAK_NOTIFICATION') return;
  assert.is(n.flags, m.LeaseBreakFlags.NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED);
  assert.is(n.leaseKey.toString('hex'), LEASE_KEY);
  assert.is(n.currentLeaseState, 0x05); // READ | WRITE caching
  assert.is(n.newLeaseState, 0x01);
  assert.is(m.encodeOplockBreakResponse(n).toString('hex'), LEASE_BREAK_NOTIFICATION.subarray(64).toString('hex'));
});

test('smbtorture Lease Break Acknowledgment and Samba Lease Break Response: 36 bytes each', () => {
  const ack = m.decodeOplockBreakRequest(LEASE_BREAK_ACKNOWLEDGMENT);
  assert.equal(
    { ...ack, leaseKey: ack.type === 'LEASE_BREAK_ACKNOWLEDGMENT' ? ack.leaseKey.toString('hex') : '' },
    { type: 'LEASE_BREAK_ACKNOWLEDGMENT', flags: 0, leaseKey: LEASE_KEY, leaseState: 1, leaseDuration: 0n },
  );
  const resp = m.decodeOplockBreakResponse(LEASE_BREAK_RESPONSE);
  assert.is(resp.type, 'LEASE_BREAK_RESPONSE');
  assert.is(m.encodeOplockBreakRequest(ack).toString('hex'), LEASE_BREAK_ACKNOWLEDGMENT.subarray(64).toString('hex'));
  assert.is(m.encodeOplockBreakResponse(resp).toString('hex'), LEASE_BREAK_RESPONSE.subarray(64).toString('hex'));
});

test('Samba CREATE response with MxAc and QFid contexts: decode, and our encoders give the same bytes', () => {
  const r = m.decodeCreateResponse(CREATE_RESPONSE);
  assert.is(r.createAction, 1);
  assert.is(r.endofFile, 3n);
  assert.is(r.persistentFileId, 0x3b94dab8n);
  const contexts = decodeCreateContexts(r.createContexts);
  assert.equal(
    contexts.map((c) => c.name),
    ['MxAc', 'QFid'],
  );
  assert.equal(decodeQueryMaximalAccessResponse(contexts[0].data), { queryStatus: 0, maximalAccess: 0x001f019f });
  // Samba fills DiskFileId with the inode number and VolumeId with the device number.
  assert.equal(decodeQueryOnDiskIdResponse(contexts[1].data), { diskFileId: 0x20c5a1n, volumeId: 0xfe00n });
  assert.is(encodeCreateContexts(contexts).toString('hex'), r.createContexts.toString('hex'));
  assert.is(m.encodeCreateResponse(r).toString('hex'), CREATE_RESPONSE.subarray(64).toString('hex'));
});

test.run();
