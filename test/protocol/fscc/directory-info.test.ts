// Directory entry layouts per MS-FSCC 2.4 (field offsets of each class), EaSize/ReparsePointTag rules of
// MS-FSA 2.1.5.6.3, and the packing rules of DirectoryListingWriter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FileAttributes } from '../../../src/protocol/constants.ts';
import { NtStatus, NtStatusError } from '../../../src/protocol/status.ts';
import {
  DirectoryListingWriter,
  directoryEntrySize,
  encodeDirectoryEntry,
  isDirectoryInfoClass,
  type DirectoryEntryInfo,
} from '../../../src/protocol/fscc/directory-info.ts';
import { FileInformationClass as C } from '../../../src/protocol/fscc/info-class.ts';

const entry: DirectoryEntryInfo = {
  fileIndex: 7,
  creationTime: 0x01d0000000000001n,
  lastAccessTime: 0x01d0000000000002n,
  lastWriteTime: 0x01d0000000000003n,
  changeTime: 0x01d0000000000004n,
  endOfFile: 0x1111n,
  allocationSize: 0x2000n,
  fileAttributes: FileAttributes.ARCHIVE,
  eaSize: 0x44,
  fileId: 0x0102030405060708n,
  fileName: 'report 2024.docx',
  shortName: 'REPORT~1.DOC',
  reparsePointTag: 0xa000000c,
  volumeSerialNumber: 0xd4563c3dn,
};
const nameBytes = entry.fileName.length * 2;

function commonPart(b: Buffer): void {
  assert.is(b.readUInt32LE(0), 0, 'NextEntryOffset');
  assert.is(b.readUInt32LE(4), 7, 'FileIndex');
  assert.is(b.readBigInt64LE(8), entry.creationTime);
  assert.is(b.readBigInt64LE(16), entry.lastAccessTime);
  assert.is(b.readBigInt64LE(24), entry.lastWriteTime);
  assert.is(b.readBigInt64LE(32), entry.changeTime);
  assert.is(b.readBigInt64LE(40), entry.endOfFile);
  assert.is(b.readBigInt64LE(48), entry.allocationSize);
  assert.is(b.readUInt32LE(56), entry.fileAttributes);
  assert.is(b.readUInt32LE(60), nameBytes, 'FileNameLength');
}
const nameAt = (b: Buffer, o: number): string => b.toString('utf16le', o);
function shortNameAt(b: Buffer, o: number): string {
  return b.toString('utf16le', o + 2, o + 2 + b[o]!);
}
const id128 = (b: Buffer, o: number): bigint => b.readBigUInt64LE(o) | (b.readBigUInt64LE(o + 8) << 64n);

// [class, FieldOffset(FileName)] from the MS-FSCC diagrams
const fixedSizes: [number, number][] = [
  [C.FileDirectoryInformation, 64],
  [C.FileFullDirectoryInformation, 68],
  [C.FileBothDirectoryInformation, 94],
  [C.FileNamesInformation, 12],
  [C.FileIdBothDirectoryInformation, 104],
  [C.FileIdFullDirectoryInformation, 80],
  [C.FileIdExtdDirectoryInformation, 88],
  [C.FileId64ExtdDirectoryInformation, 80],
  [C.FileId64ExtdBothDirectoryInformation, 106],
  [C.FileIdAllExtdDirectoryInformation, 96],
  [C.FileIdAllExtdBothDirectoryInformation, 122],
];

test('entry sizes: FieldOffset(FileName) + FileNameLength for every QUERY_DIRECTORY class', () => {
  for (const [cls, fixed] of fixedSizes) {
    assert.ok(isDirectoryInfoClass(cls));
    assert.is(directoryEntrySize(cls, entry), fixed + nameBytes, `class ${cls}`);
    assert.is(encodeDirectoryEntry(cls, entry).length, fixed + nameBytes, `class ${cls}`);
    assert.is(nameAt(encodeDirectoryEntry(cls, entry), fixed), entry.fileName, `class ${cls}`);
  }
  for (const cls of [0, 4, 18, 63, 100]) assert.not.ok(isDirectoryInfoClass(cls));
});

test('FileDirectoryInformation and FileFullDirectoryInformation', () => {
  const d = encodeDirectoryEntry(C.FileDirectoryInformation, entry);
  commonPart(d);
  const f = encodeDirectoryEntry(C.FileFullDirectoryInformation, entry);
  commonPart(f);
  assert.is(f.readUInt32LE(64), 0x44, 'EaSize');
});

test('FileBothDirectoryInformation: EaSize@64, ShortNameLength@68, Reserved@69, ShortName[24]@70', () => {
  const b = encodeDirectoryEntry(C.FileBothDirectoryInformation, entry);
  commonPart(b);
  assert.is(b.readUInt32LE(64), 0x44);
  assert.is(b[68], 24);
  assert.is(b[69], 0);
  assert.is(shortNameAt(b, 68), 'REPORT~1.DOC');
  const short = encodeDirectoryEntry(C.FileBothDirectoryInformation, { ...entry, shortName: 'AB' });
  assert.is(short[68], 4);
  assert.equal(short.subarray(74, 94), Buffer.alloc(20), 'rest of ShortName zero');
  assert.is(encodeDirectoryEntry(C.FileBothDirectoryInformation, { ...entry, shortName: undefined })[68], 0);
  assert.throws(() => encodeDirectoryEntry(C.FileBothDirectoryInformation, { ...entry, shortName: 'ABCDEFGHI.TXT' }), RangeError);
});

test('FileIdBothDirectoryInformation: Reserved2@94, FileId@96', () => {
  const b = encodeDirectoryEntry(C.FileIdBothDirectoryInformation, entry);
  commonPart(b);
  assert.is(shortNameAt(b, 68), 'REPORT~1.DOC');
  assert.is(b.readUInt16LE(94), 0);
  assert.is(b.readBigUInt64LE(96), entry.fileId);
});

test('FileIdFullDirectoryInformation: EaSize@64, Reserved@68, FileId@72', () => {
  const b = encodeDirectoryEntry(C.FileIdFullDirectoryInformation, entry);
  commonPart(b);
  assert.is(b.readUInt32LE(64), 0x44);
  assert.is(b.readUInt32LE(68), 0);
  assert.is(b.readBigUInt64LE(72), entry.fileId);
});

test('FileNamesInformation: NextEntryOffset, FileIndex, FileNameLength, FileName', () => {
  const b = encodeDirectoryEntry(C.FileNamesInformation, entry);
  assert.is(b.readUInt32LE(4), 7);
  assert.is(b.readUInt32LE(8), nameBytes);
  assert.is(nameAt(b, 12), entry.fileName);
});

test('the Extd classes: EaSize@64, ReparsePointTag@68, then the IDs', () => {
  const x = encodeDirectoryEntry(C.FileIdExtdDirectoryInformation, entry);
  commonPart(x);
  assert.is(x.readUInt32LE(64), 0x44);
  assert.is(x.readUInt32LE(68), 0xa000000c);
  assert.is(id128(x, 72), (0xd4563c3dn << 64n) | entry.fileId);

  const x64 = encodeDirectoryEntry(C.FileId64ExtdDirectoryInformation, entry);
  commonPart(x64);
  assert.is(x64.readBigUInt64LE(72), entry.fileId);

  const x64b = encodeDirectoryEntry(C.FileId64ExtdBothDirectoryInformation, entry);
  commonPart(x64b);
  assert.is(x64b.readBigUInt64LE(72), entry.fileId);
  assert.is(shortNameAt(x64b, 80), 'REPORT~1.DOC');
  assert.is(x64b[81], 0);

  const all = encodeDirectoryEntry(C.FileIdAllExtdDirectoryInformation, entry);
  commonPart(all);
  assert.is(all.readBigUInt64LE(72), entry.fileId);
  assert.is(id128(all, 80), (0xd4563c3dn << 64n) | entry.fileId);

  const allb = encodeDirectoryEntry(C.FileIdAllExtdBothDirectoryInformation, entry);
  commonPart(allb);
  assert.is(id128(allb, 80), (0xd4563c3dn << 64n) | entry.fileId);
  assert.is(shortNameAt(allb, 96), 'REPORT~1.DOC');

  const noVolume = encodeDirectoryEntry(C.FileIdExtdDirectoryInformation, { ...entry, volumeSerialNumber: undefined });
  assert.is(id128(noVolume, 72), entry.fileId);
});

test('reparse points: EaSize carries the tag in classes without ReparsePointTag (MS-FSA 2.1.5.6.3)', () => {
  const reparse = { ...entry, fileAttributes: FileAttributes.REPARSE_POINT | FileAttributes.DIRECTORY };
  const withoutTagField = [
    C.FileFullDirectoryInformation,
    C.FileBothDirectoryInformation,
    C.FileIdBothDirectoryInformation,
    C.FileIdFullDirectoryInformation,
  ];
  for (const cls of withoutTagField)
    assert.is(encodeDirectoryEntry(cls, reparse).readUInt32LE(64), 0xa000000c, `class ${cls}`);
  const extd = encodeDirectoryEntry(C.FileIdExtdDirectoryInformation, reparse);
  assert.is(extd.readUInt32LE(64), 0x44);
  assert.is(extd.readUInt32LE(68), 0xa000000c);
});

test('unknown class: NtStatusError(INVALID_INFO_CLASS)', () => {
  const calls = [
    () => directoryEntrySize(4, entry),
    () => encodeDirectoryEntry(99, entry),
    () => new DirectoryListingWriter(18, 100),
  ];
  for (const fn of calls) {
    try {
      fn();
      assert.unreachable();
    } catch (e) {
      assert.instance(e, NtStatusError);
      assert.is((e as NtStatusError).status, NtStatus.INVALID_INFO_CLASS);
    }
  }
  assert.throws(() => new DirectoryListingWriter(C.FileDirectoryInformation, -1), RangeError);
});

const named = (fileName: string): DirectoryEntryInfo => ({ ...entry, fileName });

test('writer: entries 8-byte aligned with zero padding, NextEntryOffset chain, last 0, no trailing padding', () => {
  const w = new DirectoryListingWriter(C.FileNamesInformation, 1000);
  assert.ok(w.tryAppend(named('.'))); // 12 + 2 = 14 -> next at 16
  assert.ok(w.tryAppend(named('abc'))); // 12 + 6 = 18 -> next at 16 + 24 = 40
  assert.ok(w.tryAppend(named('z'))); // 14, ends at 54
  assert.is(w.count, 3);
  const b = w.finish();
  assert.is(b.length, 54);
  assert.is(b.readUInt32LE(0), 16);
  assert.equal(b.subarray(14, 16), Buffer.alloc(2));
  assert.is(b.readUInt32LE(16), 24);
  assert.is(nameAt(b.subarray(0, 14), 12), '.');
  assert.is(b.toString('utf16le', 28, 34), 'abc');
  assert.equal(b.subarray(34, 40), Buffer.alloc(6));
  assert.is(b.readUInt32LE(40), 0);
  assert.is(b.toString('utf16le', 52, 54), 'z');
  assert.throws(() => w.tryAppend(named('late')), /after finish/);
});

test('writer: refuses an entry that does not fit (padding counted) and keeps the rest intact', () => {
  // entry 1 ends at 14; entry 2 (12 + 4 bytes) would start at 16 and end at 32
  const exact = new DirectoryListingWriter(C.FileNamesInformation, 32);
  assert.ok(exact.tryAppend(named('.')));
  assert.ok(exact.tryAppend(named('ab')));
  assert.is(exact.finish().length, 32);

  const short = new DirectoryListingWriter(C.FileNamesInformation, 31);
  assert.ok(short.tryAppend(named('.')));
  assert.not.ok(short.tryAppend(named('ab')));
  assert.ok(short.tryAppend(named(''))); // 12 bytes at 16..28 still fits
  assert.is(short.count, 2);
  const b = short.finish();
  assert.is(b.length, 28);
  assert.is(b.readUInt32LE(0), 16);
  assert.is(b.readUInt32LE(16), 0);

  const none = new DirectoryListingWriter(C.FileIdBothDirectoryInformation, 100);
  assert.not.ok(none.tryAppend(named('abc')));
  assert.is(none.count, 0);
  assert.is(none.finish().length, 0);
});

test('writer: grows past its initial capacity, and matches entries encoded one by one', () => {
  const w = new DirectoryListingWriter(C.FileIdBothDirectoryInformation, 1 << 20);
  const entries = Array.from({ length: 500 }, (_, i) => named(`file-${i}-${'x'.repeat(i % 37)}.dat`));
  for (const e of entries) assert.ok(w.tryAppend(e));
  const b = w.finish();
  let o = 0;
  for (let i = 0; i < entries.length; i++) {
    const one = encodeDirectoryEntry(C.FileIdBothDirectoryInformation, entries[i]!);
    const next = b.readUInt32LE(o);
    assert.equal(b.subarray(o + 4, o + one.length), one.subarray(4));
    if (i === entries.length - 1) {
      assert.is(next, 0);
      assert.is(o + one.length, b.length);
    } else {
      assert.is(next, (one.length + 7) & ~7);
    }
    o += next;
  }
});

test.run();
