import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AceFlags, AceType, decodeAce, encodeAce, sidAce } from '../../../src/protocol/dtyp/ace.ts';
import { decodeAcl, encodeAcl } from '../../../src/protocol/dtyp/acl.ts';
import { decodeSecurityDescriptor, encodeSecurityDescriptor, SdControl } from '../../../src/protocol/dtyp/security-descriptor.ts';
import { NtStatus, NtStatusError } from '../../../src/protocol/status.ts';
import { queried, smbcaclsSet } from '../../fixtures/dtyp/samba-descriptors.ts';
import { xorshift32 } from '../../helpers/xorshift.ts';

const hex = (s: string) => Buffer.from(s, 'hex');
const invalid = (e: unknown) => e instanceof NtStatusError && e.status === NtStatus.INVALID_SECURITY_DESCR;
const TUSER = 'S-1-5-21-1895383079-1956227014-3008385001-1000';
const TUSER_GROUP = 'S-1-5-21-1895383079-1956227014-3008385001-513';

test('every descriptor Samba sent or smbcacls built round-trips byte for byte', () => {
  for (const [name, vector] of [...Object.entries(queried), ...Object.entries(smbcaclsSet)]) {
    assert.is(encodeSecurityDescriptor(decodeSecurityDescriptor(hex(vector))).toString('hex'), vector, name);
  }
});

test('a file descriptor from Samba decodes to its owner, group and three ALLOW ACEs', () => {
  const sd = decodeSecurityDescriptor(hex(queried.file7));
  assert.is(sd.control, SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT);
  assert.is(sd.owner, TUSER);
  assert.is(sd.group, TUSER_GROUP);
  assert.is(sd.sacl, undefined);
  assert.equal(sd.dacl, {
    revision: 2,
    aces: [
      sidAce(AceType.ACCESS_ALLOWED, 0, 0x001f01ff, TUSER),
      sidAce(AceType.ACCESS_ALLOWED, 0, 0x001200a9, TUSER_GROUP),
      sidAce(AceType.ACCESS_ALLOWED, 0, 0x001200a9, 'S-1-1-0'),
    ],
  });
});

test('inheritance flags, CREATOR OWNER and DENY ACEs decode as smbcacls and Samba wrote them', () => {
  const dir = decodeSecurityDescriptor(hex(queried.dir7));
  const co = dir.dacl!.aces[1]!;
  assert.ok(co.kind === 'sid' && co.sid === 'S-1-3-0' && co.flags === (AceFlags.OBJECT_INHERIT | AceFlags.CONTAINER_INHERIT | AceFlags.INHERIT_ONLY));
  const deny = decodeSecurityDescriptor(hex(smbcaclsSet.denyEveryoneRead)).dacl!.aces[0]!;
  assert.equal(deny, sidAce(AceType.ACCESS_DENIED, 0, 0x00000001, 'S-1-1-0'));
});

test('parts absent from a query are absent from the decoded descriptor; a NULL DACL keeps DACL_PRESENT', () => {
  const owner = decodeSecurityDescriptor(hex(queried.file1));
  assert.equal(owner, { sbz1: 0, control: SdControl.SELF_RELATIVE, owner: TUSER });
  assert.equal(decodeSecurityDescriptor(hex(queried.file0)), { sbz1: 0, control: SdControl.SELF_RELATIVE });
  const nullDacl = decodeSecurityDescriptor(hex(queried.nullDacl7));
  assert.ok(nullDacl.control & SdControl.DACL_PRESENT);
  assert.is(nullDacl.dacl, undefined);
});

test('parts laid out in another order (DACL first, as Windows builds them) decode the same', () => {
  const samba = hex(queried.file7);
  const sd = decodeSecurityDescriptor(samba);
  const dacl = encodeAcl(sd.dacl!);
  const owner = samba.subarray(0x14, 0x30);
  const group = samba.subarray(0x30, 0x4c);
  const reordered = Buffer.concat([samba.subarray(0, 20), dacl, owner, group]);
  reordered.writeUInt32LE(20 + dacl.length, 4);
  reordered.writeUInt32LE(20 + dacl.length + owner.length, 8);
  reordered.writeUInt32LE(20, 16);
  assert.equal(decodeSecurityDescriptor(reordered), sd);
});

test('object ACEs and callback application data survive unchanged', () => {
  // An ACCESS_ALLOWED_OBJECT ACE with ObjectType present (flags 1, a GUID) for Everyone, and an
  // ACCESS_ALLOWED_CALLBACK ACE whose condition follows the SID: both from the MS-DTYP 2.4.4.3 and 2.4.4.6 layouts.
  const objectAce = Buffer.concat([hex('05002800'), hex('00010000' + '01000000' + '00112233445566778899aabbccddeeff'), hex('010100000000000100000000')]);
  const { ace, size } = decodeAce(objectAce, 0, objectAce.length);
  assert.is(size, 40);
  assert.is(ace.kind, 'opaque');
  assert.is(encodeAce(ace).toString('hex'), objectAce.toString('hex'));
  const callback = Buffer.concat([hex('09001800'), hex('01000000'), hex('010100000000000100000000'), hex('61727478')]);
  const decoded = decodeAce(callback, 0, callback.length).ace;
  assert.ok(decoded.kind === 'sid' && decoded.applicationData.toString('latin1') === 'artx');
  assert.is(encodeAce(decoded).toString('hex'), callback.toString('hex'));
});

test('bad lengths and offsets are INVALID_SECURITY_DESCR', () => {
  const file = hex(queried.file7);
  assert.throws(() => decodeSecurityDescriptor(file.subarray(0, 19)), invalid, 'short header');
  const rev2 = Buffer.from(file);
  rev2[0] = 2;
  assert.throws(() => decodeSecurityDescriptor(rev2), invalid, 'revision 2');
  const far = Buffer.from(file);
  far.writeUInt32LE(file.length, 16);
  assert.throws(() => decodeSecurityDescriptor(far), invalid, 'DACL offset at the end');
  const inHeader = Buffer.from(file);
  inHeader.writeUInt32LE(8, 4);
  assert.throws(() => decodeSecurityDescriptor(inHeader), invalid, 'owner inside the header');
  const aclTooBig = Buffer.from(file);
  aclTooBig.writeUInt16LE(0x200, 0x4c + 2);
  assert.throws(() => decodeSecurityDescriptor(aclTooBig), invalid, 'AclSize past the buffer');
  const manyAces = Buffer.from(file);
  manyAces.writeUInt16LE(0xffff, 0x4c + 4);
  assert.throws(() => decodeSecurityDescriptor(manyAces), invalid, 'AceCount beyond AclSize');
  const aceTooBig = Buffer.from(file);
  aceTooBig.writeUInt16LE(0x64, 0x4c + 8 + 2);
  assert.throws(() => decodeSecurityDescriptor(aceTooBig), invalid, 'AceSize past AclSize');
  const sidTooLong = Buffer.from(file);
  sidTooLong[0x4c + 8 + 8 + 1] = 6;
  assert.throws(() => decodeSecurityDescriptor(sidTooLong), invalid, 'SID past its ACE');
  assert.throws(() => decodeAcl(hex('0300080000000000'), 0), invalid, 'ACL revision 3');
});

test('seeded fuzz: mutated descriptors decode or fail with INVALID_SECURITY_DESCR, nothing else', () => {
  const rng = xorshift32(0x5ec0de5);
  const seeds = [...Object.values(queried), ...Object.values(smbcaclsSet)].map(hex);
  for (let i = 0; i < 3000; i++) {
    const input = Buffer.from(rng.pick(seeds));
    const n = 1 + rng.below(6);
    for (let k = 0; k < n; k++) input[rng.below(input.length)] = rng.below(256);
    const cut = rng.chance(0.2) ? input.subarray(0, rng.below(input.length + 1)) : input;
    try {
      const sd = decodeSecurityDescriptor(cut);
      decodeSecurityDescriptor(encodeSecurityDescriptor(sd));
    } catch (error) {
      assert.ok(invalid(error), `iteration ${i}: ${String(error)}`);
    }
  }
});

test.run();
