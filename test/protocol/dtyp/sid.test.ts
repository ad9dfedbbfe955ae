import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalSid, decodeSid, encodeSid, sidLength, SidFormatError } from '../../../src/protocol/dtyp/sid.ts';
import { NtStatus, NtStatusError } from '../../../src/protocol/status.ts';

// String/binary pairs produced by impacket's LDAP_SID (fromCanonical/getData); the domain SID is the one the
// Samba 4.17 peer gave its user tuser.
const vectors: [string, string][] = [
  ['S-1-1-0', '010100000000000100000000'],
  ['S-1-5-32-544', '01020000000000052000000020020000'],
  ['S-1-3-4', '010100000000000304000000'],
  ['S-1-22-1-0', '01020000000000160100000000000000'],
  ['S-1-5-21-1763946002-3230925171-2390222700-1000', '01050000000000051500000012ae2369730194c06ce7778ee8030000'],
  ['S-1-5', '0100000000000005'],
];

test('SIDs encode and decode as impacket does', () => {
  for (const [text, hex] of vectors) {
    assert.is(encodeSid(text).toString('hex'), hex, text);
    const bytes = Buffer.from(hex, 'hex');
    assert.equal(decodeSid(bytes, 0), { sid: text, length: bytes.length });
    assert.is(sidLength(text), bytes.length);
  }
});

test('MS-DTYP 2.4.2.1: authorities of 2^32 and above are written in hex and read back', () => {
  const sid = 'S-1-0x000100000000-7';
  const bytes = encodeSid(sid);
  assert.is(bytes.subarray(2, 8).toString('hex'), '000100000000');
  assert.is(canonicalSid('S-1-4294967295-7'), 'S-1-4294967295-7', '2^32 - 1 stays decimal');
  assert.is(decodeSid(bytes, 0).sid, sid);
  assert.is(canonicalSid('s-1-0x5-32-544'), 'S-1-5-32-544', 'small hex authorities become decimal');
  assert.is(canonicalSid('S-1-0xffffffffffff'), 'S-1-0xFFFFFFFFFFFF');
});

test('malformed SID strings are SidFormatErrors', () => {
  for (const bad of ['', 'S-1', 'S-2-5', 'X-1-5', 'S-1-5-', 'S-1-5-abc', 'S-1-5-4294967296', 'S-1-0x1000000000000', 'S-1-5-01', `S-1-5${'-1'.repeat(16)}`]) {
    assert.throws(() => canonicalSid(bad), (e: unknown) => e instanceof SidFormatError, bad);
  }
});

test('malformed binary SIDs are INVALID_SECURITY_DESCR, never a read past the end', () => {
  const invalid = (e: unknown) => e instanceof NtStatusError && e.status === NtStatus.INVALID_SECURITY_DESCR;
  assert.throws(() => decodeSid(Buffer.from('0101000000000001', 'hex'), 0), invalid, 'truncated sub-authority');
  assert.throws(() => decodeSid(Buffer.from('0201000000000001000000000', 'hex'), 0), invalid, 'revision 2');
  assert.throws(() => decodeSid(Buffer.from('0110000000000001' + '00'.repeat(64), 'hex'), 0), invalid, '16 sub-authorities');
  // The limit is the caller's, not the buffer's: a SID must fit the structure that holds it.
  assert.throws(() => decodeSid(Buffer.from('010100000000000100000000', 'hex'), 0, 10), invalid, 'past the end given');
});

test.run();
