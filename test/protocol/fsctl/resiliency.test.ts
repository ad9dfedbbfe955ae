import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeNetworkResiliencyRequest, encodeNetworkResiliencyRequest } from '../../../src/protocol/fsctl/resiliency.ts';
import { NtStatusError } from '../../../src/protocol/status.ts';

// Captured with tshark on loopback while smbtorture 4.17.12 ran smb2.lock.replay_broken_windows (SMB 2.1)
// against Samba 4.17.12: the input of its FSCTL_LMR_REQUEST_RESILIENCY, a one-second timeout.
const REQUEST = Buffer.from('e803000000000000', 'hex');

test('NETWORK_RESILIENCY_REQUEST: Timeout in milliseconds, then 4 reserved bytes', () => {
  const r = decodeNetworkResiliencyRequest(REQUEST);
  assert.equal(r, { timeout: 1000 });
  assert.ok(encodeNetworkResiliencyRequest(r).equals(REQUEST));
});

test('a shorter input is INVALID_PARAMETER (MS-SMB2 3.3.5.15.9)', () => {
  assert.throws(() => decodeNetworkResiliencyRequest(REQUEST.subarray(0, 7)), (e: unknown) => e instanceof NtStatusError);
});

test.run();
