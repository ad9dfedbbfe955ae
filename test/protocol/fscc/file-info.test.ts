// Layouts of the QUERY_INFO encoders against the MS-FSCC 2.4 structure diagrams: sizes and field offsets.
// Field values are distinct per field so a value landing at the wrong offset is caught.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  encodeFileAccessInformation,
  encodeFileAlignmentInformation,
  encodeFileAllInformation,
  encodeFileAlternateNameInformation,
  encodeFileAttributeTagInformation,
  encodeFileBasicInformation,
  encodeFileCompressionInformation,
  encodeFileEaInformation,
  encodeFileIdInformation,
  encodeFileInternalInformation,
  encodeFileModeInformation,
  encodeFileNameInformation,
  encodeFileNetworkOpenInformation,
  encodeFileNormalizedNameInformation,
  encodeFilePositionInformation,
  encodeFileStandardInformation,
  encodeFileStreamInformation,
  CompressionFormat,
} from '../../../src/protocol/fscc/file-info.ts';
import { fileId128 } from '../../../src/protocol/fscc/file-id.ts';

const times = {
  creationTime: 0x01d0000000000001n,
  lastAccessTime: 0x01d0000000000002n,
  lastWriteTime: 0x01d0000000000003n,
  changeTime: 0x01d0000000000004n,
};
const basic = { ...times, fileAttributes: 0x00000820 };
const standard = { allocationSize: 0x2000n, endOfFile: 0x1234n, numberOfLinks: 3, deletePending: true, directory: false };

test('FileBasicInformation: 40 bytes, four times then FileAttributes, 4 reserved bytes zero', () => {
  const b = encodeFileBasicInformation(basic);
  assert.is(b.length, 40);
  assert.is(b.readBigInt64LE(0), times.creationTime);
  assert.is(b.readBigInt64LE(8), times.lastAccessTime);
  assert.is(b.readBigInt64LE(16), times.lastWriteTime);
  assert.is(b.readBigInt64LE(24), times.changeTime);
  assert.is(b.readUInt32LE(32), 0x820);
  assert.is(b.readUInt32LE(36), 0);
});

test('FileStandardInformation: 24 bytes, DeletePending at 20, Directory at 21', () => {
  const b = encodeFileStandardInformation(standard);
  assert.is(b.length, 24);
  assert.is(b.readBigInt64LE(0), 0x2000n);
  assert.is(b.readBigInt64LE(8), 0x1234n);
  assert.is(b.readUInt32LE(16), 3);
  assert.is(b[20], 1);
  assert.is(b[21], 0);
  assert.is(b.readUInt16LE(22), 0);
  assert.is(encodeFileStandardInformation({ ...standard, deletePending: false, directory: true })[21], 1);
});

test('the small fixed classes', () => {
  assert.equal(encodeFileInternalInformation({ indexNumber: 0x1122334455667788n }), Buffer.from('8877665544332211', 'hex'));
  assert.equal(encodeFileEaInformation({ eaSize: 0x1234 }), Buffer.from('34120000', 'hex'));
  assert.equal(encodeFileAccessInformation({ accessFlags: 0x001f01ff }), Buffer.from('ff011f00', 'hex'));
  assert.equal(encodeFilePositionInformation({ currentByteOffset: 0x10n }), Buffer.from('1000000000000000', 'hex'));
  assert.equal(encodeFileModeInformation({ mode: 0x20 }), Buffer.from('20000000', 'hex'));
  assert.equal(encodeFileAlignmentInformation({ alignmentRequirement: 0x1ff }), Buffer.from('ff010000', 'hex'));
  assert.equal(encodeFileAttributeTagInformation({ fileAttributes: 0x400, reparseTag: 0xa000000c }),
    Buffer.from('00040000' + '0c0000a0', 'hex'));
});

test('FileNameInformation family: FileNameLength in bytes, then UTF-16LE, no terminator', () => {
  const b = encodeFileNameInformation({ fileName: '\\dir\\é.txt' });
  assert.is(b.length, 4 + 20);
  assert.is(b.readUInt32LE(0), 20);
  assert.is(b.toString('utf16le', 4), '\\dir\\é.txt');
  assert.equal(encodeFileAlternateNameInformation({ fileName: 'LONGFI~1.TXT' }).subarray(4).toString('utf16le'), 'LONGFI~1.TXT');
  assert.equal(encodeFileNormalizedNameInformation({ fileName: '' }), Buffer.alloc(4));
});

test('FileAllInformation: Basic@0 Standard@40 Internal@64 Ea@72 Access@76 Position@80 Mode@88 Alignment@92 Name@96', () => {
  const b = encodeFileAllInformation({
    basicInformation: basic,
    standardInformation: standard,
    internalInformation: { indexNumber: 0x77n },
    eaInformation: { eaSize: 0x88 },
    accessInformation: { accessFlags: 0x99 },
    positionInformation: { currentByteOffset: 0xaan },
    modeInformation: { mode: 0xbb },
    alignmentInformation: { alignmentRequirement: 0xcc },
    nameInformation: { fileName: '\\a.txt' },
  });
  assert.is(b.length, 100 + 12);
  assert.equal(b.subarray(0, 40), encodeFileBasicInformation(basic));
  assert.equal(b.subarray(40, 64), encodeFileStandardInformation(standard));
  assert.is(b.readBigUInt64LE(64), 0x77n);
  assert.is(b.readUInt32LE(72), 0x88);
  assert.is(b.readUInt32LE(76), 0x99);
  assert.is(b.readBigInt64LE(80), 0xaan);
  assert.is(b.readUInt32LE(88), 0xbb);
  assert.is(b.readUInt32LE(92), 0xcc);
  assert.is(b.readUInt32LE(96), 12);
  assert.is(b.toString('utf16le', 100), '\\a.txt');
});

test('FileStreamInformation: 24-byte header per entry, entries 8-byte aligned, last NextEntryOffset 0, no tail', () => {
  const b = encodeFileStreamInformation([
    { streamName: '::$DATA', streamSize: 18n, streamAllocationSize: 4096n },
    { streamName: ':s:$DATA', streamSize: 5n, streamAllocationSize: 8n },
  ]);
  // entry 1: 24 + 14 = 38 bytes, padded to 40
  assert.is(b.readUInt32LE(0), 40);
  assert.is(b.readUInt32LE(4), 14);
  assert.is(b.readBigInt64LE(8), 18n);
  assert.is(b.readBigInt64LE(16), 4096n);
  assert.is(b.toString('utf16le', 24, 38), '::$DATA');
  assert.equal(b.subarray(38, 40), Buffer.alloc(2));
  assert.is(b.readUInt32LE(40), 0);
  assert.is(b.readUInt32LE(44), 16);
  assert.is(b.toString('utf16le', 64), ':s:$DATA');
  assert.is(b.length, 40 + 24 + 16);
  assert.is(encodeFileStreamInformation([]).length, 0);
});

test('FileCompressionInformation: 16 bytes', () => {
  const b = encodeFileCompressionInformation({
    compressedFileSize: 0x1000n,
    compressionFormat: CompressionFormat.COMPRESSION_FORMAT_LZNT1,
    compressionUnitShift: 16,
    chunkShift: 12,
    clusterShift: 9,
  });
  assert.equal(b, Buffer.from('0010000000000000' + '0200' + '10' + '0c' + '09' + '000000', 'hex'));
});

test('FileNetworkOpenInformation: 56 bytes, sizes at 32/40, attributes at 48, 4 reserved', () => {
  const b = encodeFileNetworkOpenInformation({ ...times, allocationSize: 0x3000n, endOfFile: 0x2abn, fileAttributes: 0x20 });
  assert.is(b.length, 56);
  assert.is(b.readBigInt64LE(24), times.changeTime);
  assert.is(b.readBigInt64LE(32), 0x3000n);
  assert.is(b.readBigInt64LE(40), 0x2abn);
  assert.is(b.readUInt32LE(48), 0x20);
  assert.is(b.readUInt32LE(52), 0);
});

test('FileIdInformation: VolumeSerialNumber (8) then the 128-bit FileId (16), little-endian', () => {
  const b = encodeFileIdInformation({ volumeSerialNumber: 0xd4563c3dn, fileId: fileId128(0x20c18dn, 0xd4563c3dn) });
  assert.is(b.length, 24);
  assert.is(b.readBigUInt64LE(0), 0xd4563c3dn);
  assert.is(b.readBigUInt64LE(8), 0x20c18dn);
  assert.is(b.readBigUInt64LE(16), 0xd4563c3dn);
  assert.throws(() => encodeFileIdInformation({ volumeSerialNumber: 0n, fileId: 1n << 128n }), RangeError);
});

test('fileId128 refuses IDs outside 64 bits', () => {
  assert.is(fileId128(5n), 5n);
  assert.throws(() => fileId128(-1n), RangeError);
  assert.throws(() => fileId128(1n << 64n), RangeError);
  assert.throws(() => fileId128(1n, 1n << 64n), RangeError);
});

test.run();
