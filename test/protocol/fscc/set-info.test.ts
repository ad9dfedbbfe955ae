// SET_INFO decoders: layouts per MS-FSCC 2.4, the length and value checks, and a seeded fuzz run showing that
// any input either decodes or fails with an NtStatusError. Byte vectors sent by a real client (smbclient)
// are checked in samba-vectors.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NtStatus, NtStatusError } from '../../../src/protocol/status.ts';
import {
  BasicInformationTime,
  DispositionFlags,
  FileMode,
  decodeFileAllocationInformation,
  decodeFileBasicInformation,
  decodeFileDispositionInformation,
  decodeFileDispositionInformationEx,
  decodeFileEndOfFileInformation,
  decodeFileLinkInformation,
  decodeFileModeInformation,
  decodeFilePositionInformation,
  decodeFileRenameInformation,
  decodeFileShortNameInformation,
  decodeFileValidDataLengthInformation,
} from '../../../src/protocol/fscc/set-info.ts';

function fails(fn: () => unknown, status: number): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, NtStatusError);
    assert.is((e as NtStatusError).status, status);
    return;
  }
  assert.unreachable('expected NtStatusError');
}

function rename(name: string, opts: { replace?: number; root?: bigint; length?: number; pad?: number } = {}): Buffer {
  const nameBytes = Buffer.from(name, 'utf16le');
  const b = Buffer.alloc(20 + nameBytes.length + (opts.pad ?? 0));
  b[0] = opts.replace ?? 0;
  b.fill(0xee, 1, 8); // Reserved: any value, ignored
  b.writeBigUInt64LE(opts.root ?? 0n, 8);
  b.writeUInt32LE(opts.length ?? nameBytes.length, 16);
  nameBytes.copy(b, 20);
  return b;
}

test('FileBasicInformation: four signed times and attributes; -1 and -2 allowed, shorter than 40 refused', () => {
  const b = Buffer.alloc(40);
  b.writeBigInt64LE(0x01d0000000000001n, 0);
  b.writeBigInt64LE(BasicInformationTime.SUSPEND_UPDATES, 8);
  b.writeBigInt64LE(BasicInformationTime.RESUME_UPDATES, 16);
  b.writeBigInt64LE(BasicInformationTime.UNCHANGED, 24);
  b.writeUInt32LE(0x21, 32);
  assert.equal(decodeFileBasicInformation(b), {
    creationTime: 0x01d0000000000001n,
    lastAccessTime: -1n,
    lastWriteTime: -2n,
    changeTime: 0n,
    fileAttributes: 0x21,
  });
  fails(() => decodeFileBasicInformation(b.subarray(0, 36)), NtStatus.INFO_LENGTH_MISMATCH);
  const bad = Buffer.from(b);
  bad.writeBigInt64LE(-3n, 16);
  fails(() => decodeFileBasicInformation(bad), NtStatus.INVALID_PARAMETER);
});

test('FileRenameInformation (TYPE_2): ReplaceIfExists, name after 20 bytes; padding after the name ignored', () => {
  assert.equal(decodeFileRenameInformation(rename('dir\\new name.txt', { replace: 1, pad: 6 })), {
    replaceIfExists: true,
    fileName: 'dir\\new name.txt',
  });
  assert.equal(decodeFileLinkInformation(rename('x')), { replaceIfExists: false, fileName: 'x' });
});

test('FileRenameInformation: short buffer, bad FileNameLength and RootDirectory', () => {
  fails(() => decodeFileRenameInformation(rename('abc').subarray(0, 19)), NtStatus.INFO_LENGTH_MISMATCH);
  fails(() => decodeFileRenameInformation(rename('abc', { length: 8 })), NtStatus.INVALID_PARAMETER);
  fails(() => decodeFileRenameInformation(rename('abc', { length: 5 })), NtStatus.INVALID_PARAMETER);
  fails(() => decodeFileRenameInformation(rename('')), NtStatus.INVALID_PARAMETER);
  fails(() => decodeFileRenameInformation(rename('abc', { length: 0xffffffff })), NtStatus.INVALID_PARAMETER);
  fails(() => decodeFileLinkInformation(rename('abc', { root: 1n })), NtStatus.INVALID_PARAMETER);
});

test('FileDispositionInformation: one boolean byte', () => {
  assert.equal(decodeFileDispositionInformation(Buffer.from([1])), { deletePending: true });
  assert.equal(decodeFileDispositionInformation(Buffer.from([0, 0, 0, 0])), { deletePending: false });
  fails(() => decodeFileDispositionInformation(Buffer.alloc(0)), NtStatus.INFO_LENGTH_MISMATCH);
});

test('FileDispositionInformationEx: Flags; undefined bits refused', () => {
  const flags = DispositionFlags.FILE_DISPOSITION_DELETE | DispositionFlags.FILE_DISPOSITION_POSIX_SEMANTICS;
  assert.equal(decodeFileDispositionInformationEx(Buffer.from([flags, 0, 0, 0])), { flags });
  fails(() => decodeFileDispositionInformationEx(Buffer.from([0x20, 0, 0, 0])), NtStatus.INVALID_PARAMETER);
  fails(() => decodeFileDispositionInformationEx(Buffer.alloc(3)), NtStatus.INFO_LENGTH_MISMATCH);
});

test('8-byte LARGE_INTEGER classes: value read, negative refused, short refused', () => {
  const cases: [(b: Buffer) => unknown, string][] = [
    [decodeFilePositionInformation, 'currentByteOffset'],
    [decodeFileAllocationInformation, 'allocationSize'],
    [decodeFileEndOfFileInformation, 'endOfFile'],
    [decodeFileValidDataLengthInformation, 'validDataLength'],
  ];
  for (const [decode, field] of cases) {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(0x123456789n);
    assert.equal(decode(b), { [field]: 0x123456789n });
    b.writeBigInt64LE(-1n);
    fails(() => decode(b), NtStatus.INVALID_PARAMETER);
    fails(() => decode(Buffer.alloc(7)), NtStatus.INFO_LENGTH_MISMATCH);
  }
});

test('FileModeInformation: only the settable flags (MS-FSA 2.1.5.15.7), not both synchronous ones', () => {
  const mode = FileMode.FILE_WRITE_THROUGH | FileMode.FILE_SYNCHRONOUS_IO_NONALERT;
  assert.equal(decodeFileModeInformation(Buffer.from([mode, 0, 0, 0])), { mode });
  const noBuffering = Buffer.from([FileMode.FILE_NO_INTERMEDIATE_BUFFERING, 0, 0, 0]);
  fails(() => decodeFileModeInformation(noBuffering), NtStatus.INVALID_PARAMETER);
  fails(() => decodeFileModeInformation(Buffer.from([0, 0x10, 0, 0])), NtStatus.INVALID_PARAMETER); // DELETE_ON_CLOSE
  fails(() => decodeFileModeInformation(Buffer.from([0x30, 0, 0, 0])), NtStatus.INVALID_PARAMETER);
  fails(() => decodeFileModeInformation(Buffer.alloc(2)), NtStatus.INFO_LENGTH_MISMATCH);
});

test('FileShortNameInformation: FILE_NAME_INFORMATION', () => {
  const name = Buffer.from('LONGFI~1.TXT', 'utf16le');
  const b = Buffer.concat([Buffer.from([name.length, 0, 0, 0]), name]);
  assert.equal(decodeFileShortNameInformation(b), { fileName: 'LONGFI~1.TXT' });
  fails(() => decodeFileShortNameInformation(b.subarray(0, 10)), NtStatus.INVALID_PARAMETER);
  fails(() => decodeFileShortNameInformation(Buffer.alloc(3)), NtStatus.INFO_LENGTH_MISMATCH);
  fails(() => decodeFileShortNameInformation(Buffer.alloc(4)), NtStatus.INVALID_PARAMETER);
});

test('fuzz (seeded): every decoder either decodes or throws NtStatusError', () => {
  let seed = 0x5eed1234;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const decoders = [
    decodeFileBasicInformation,
    decodeFileRenameInformation,
    decodeFileLinkInformation,
    decodeFileDispositionInformation,
    decodeFileDispositionInformationEx,
    decodeFilePositionInformation,
    decodeFileModeInformation,
    decodeFileAllocationInformation,
    decodeFileEndOfFileInformation,
    decodeFileValidDataLengthInformation,
    decodeFileShortNameInformation,
  ];
  let decoded = 0;
  let refused = 0;
  for (let i = 0; i < 20000; i++) {
    const b = Buffer.alloc(Math.floor(rand() * 64));
    for (let j = 0; j < b.length; j++) b[j] = rand() < 0.5 ? 0 : Math.floor(rand() * 256);
    // small name lengths now and then, so the rename/short-name paths decode too
    if (b.length >= 20 && rand() < 0.3) b.writeUInt32LE(2 * Math.floor(rand() * 4), 16);
    if (b.length >= 4 && rand() < 0.3) b.writeUInt32LE(2 * Math.floor(rand() * 4), 0);
    const decode = decoders[i % decoders.length]!;
    try {
      decode(b);
      decoded++;
    } catch (e) {
      if (!(e instanceof NtStatusError)) throw e;
      refused++;
    }
  }
  assert.ok(decoded > 1000 && refused > 1000, `decoded ${decoded}, refused ${refused}`);
});

test.run();
