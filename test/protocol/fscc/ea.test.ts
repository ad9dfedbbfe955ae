import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NtStatus, NtStatusError } from '../../../src/protocol/status.ts';
import { decodeFullEaList, decodeGetEaList, encodeFullEaList, encodeGetEaList, fullEaListSize, isValidEaName } from '../../../src/protocol/fscc/ea.ts';

// The SMB2_CREATE_EA_BUFFER ("ExtA") data smbtorture 4.17 sent in the CREATE of smb2.getinfo.qfile_buffercheck
// (EAONE=VALUE1, SECONDEA=ValueTwo), captured with tshark on loopback. Samba pads the last entry too (48
// bytes); MS-FSCC 2.4.15 requires no padding after the last entry, which is what we send (45 bytes).
const SMBTORTURE_EXTA = Buffer.from(
  '140000000005060045414f4e450056414c55453100000000000808005345434f4e4445410056616c756554776f000000',
  'hex',
);

const statusOf = (f: () => unknown): number | undefined => {
  try {
    f();
    return undefined;
  } catch (error) {
    assert.instance(error, NtStatusError);
    return (error as NtStatusError).status;
  }
};

test("smbtorture's FILE_FULL_EA_INFORMATION list decodes, and encodes back without the trailing padding", () => {
  const eas = decodeFullEaList(SMBTORTURE_EXTA);
  assert.equal(
    eas.map((e) => [e.flags, e.name, e.value.toString('latin1')]),
    [
      [0, 'EAONE', 'VALUE1'],
      [0, 'SECONDEA', 'ValueTwo'],
    ],
  );
  assert.equal(encodeFullEaList(eas), SMBTORTURE_EXTA.subarray(0, 45));
  // What FileEaInformation reports for these two EAs (Samba's estimate_ea_size for SMB2 gives the same).
  assert.is(fullEaListSize(eas), 45);
  assert.equal(decodeFullEaList(Buffer.alloc(0)), []);
});

test('malformed FILE_FULL_EA_INFORMATION lists are STATUS_EA_LIST_INCONSISTENT', () => {
  const one = Buffer.from(SMBTORTURE_EXTA.subarray(0, 20));
  one.writeUInt32LE(0, 0);
  assert.is(decodeFullEaList(one).length, 1);
  const truncated = one.subarray(0, 19);
  assert.is(statusOf(() => decodeFullEaList(truncated)), NtStatus.EA_LIST_INCONSISTENT, 'value runs past the buffer');
  const noNul = Buffer.from(one);
  noNul[13] = 0x41;
  assert.is(statusOf(() => decodeFullEaList(noNul)), NtStatus.EA_LIST_INCONSISTENT, 'name not NUL-terminated');
  const misaligned = Buffer.from(SMBTORTURE_EXTA);
  misaligned.writeUInt32LE(18, 0);
  assert.is(statusOf(() => decodeFullEaList(misaligned)), NtStatus.EA_LIST_INCONSISTENT, 'NextEntryOffset not a multiple of 4');
  const overrun = Buffer.from(SMBTORTURE_EXTA);
  overrun.writeUInt32LE(52, 0);
  assert.is(statusOf(() => decodeFullEaList(overrun)), NtStatus.EA_LIST_INCONSISTENT, 'NextEntryOffset past the end');
  const shortEntry = Buffer.from(SMBTORTURE_EXTA);
  shortEntry.writeUInt32LE(16, 0);
  assert.is(statusOf(() => decodeFullEaList(shortEntry)), NtStatus.EA_LIST_INCONSISTENT, 'entry longer than its NextEntryOffset');
  assert.is(statusOf(() => decodeFullEaList(Buffer.alloc(3))), NtStatus.EA_LIST_INCONSISTENT, 'shorter than a header');
});

test('invalid EA names and flags are STATUS_INVALID_EA_NAME', () => {
  for (const name of ['A*B', 'A:B', 'A\\B', 'A[1]', 'a\x01', 'é']) assert.not.ok(isValidEaName(name), JSON.stringify(name));
  for (const name of ['EAONE', 'user.comment', 'A B', 'x'.repeat(255)]) assert.ok(isValidEaName(name), name);
  const badName = encodeFullEaList([{ flags: 0, name: 'A*B', value: Buffer.from('v') }]);
  assert.is(statusOf(() => decodeFullEaList(badName)), NtStatus.INVALID_EA_NAME);
  const badFlags = encodeFullEaList([{ flags: 0x01, name: 'AB', value: Buffer.from('v') }]);
  assert.is(statusOf(() => decodeFullEaList(badFlags)), NtStatus.INVALID_EA_NAME);
  assert.is(decodeFullEaList(encodeFullEaList([{ flags: 0x80, name: 'AB', value: Buffer.alloc(0) }]))[0]!.flags, 0x80);
});

// MS-FSCC 2.4.15.1 FILE_GET_EA_INFORMATION: none of the installed clients sends one (smbtorture queries all
// EAs), so this list is laid out by hand from the structure diagram: NextEntryOffset, EaNameLength, EaName, NUL.
test('FILE_GET_EA_INFORMATION lists', () => {
  const list = Buffer.from('0c0000000545414f4e450000' + '00000000085345434f4e44454100', 'hex');
  assert.equal(decodeGetEaList(list), ['EAONE', 'SECONDEA']);
  assert.equal(encodeGetEaList(['EAONE', 'SECONDEA']), list);
  assert.equal(decodeGetEaList(Buffer.alloc(0)), []);
  assert.is(statusOf(() => decodeGetEaList(list.subarray(0, 20))), NtStatus.EA_LIST_INCONSISTENT);
  assert.is(statusOf(() => decodeGetEaList(encodeGetEaList(['A?']))), NtStatus.INVALID_EA_NAME);
});

test.run();
