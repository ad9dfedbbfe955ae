// Layouts of the QUERY_INFO file-system encoders against the MS-FSCC 2.5 structure diagrams.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DeviceCharacteristics,
  DeviceType,
  FileSystemAttributes,
  SectorSizeInfoFlags,
  SSINFO_OFFSET_UNKNOWN,
  encodeFileFsAttributeInformation,
  encodeFileFsControlInformation,
  encodeFileFsDeviceInformation,
  encodeFileFsFullSizeInformation,
  encodeFileFsObjectIdInformation,
  encodeFileFsSectorSizeInformation,
  encodeFileFsSizeInformation,
  encodeFileFsVolumeInformation,
} from '../../../src/protocol/fscc/fs-info.ts';

test('FileFsVolumeInformation: 18 fixed bytes, SupportsObjects at 16, reserved byte 17, label at 18', () => {
  const b = encodeFileFsVolumeInformation({
    volumeCreationTime: 0x01da6ef987f73c50n,
    volumeSerialNumber: 0xd4563c3d,
    supportsObjects: true,
    volumeLabel: 'share',
  });
  assert.is(b.length, 28);
  assert.is(b.readBigInt64LE(0), 0x01da6ef987f73c50n);
  assert.is(b.readUInt32LE(8), 0xd4563c3d);
  assert.is(b.readUInt32LE(12), 10);
  assert.is(b[16], 1);
  assert.is(b[17], 0);
  assert.is(b.toString('utf16le', 18), 'share');
});

test('FileFsSizeInformation: 24 bytes', () => {
  const b = encodeFileFsSizeInformation({
    totalAllocationUnits: 1000n,
    availableAllocationUnits: 10n,
    sectorsPerAllocationUnit: 8,
    bytesPerSector: 512,
  });
  assert.equal(b, Buffer.from('e803000000000000' + '0a00000000000000' + '08000000' + '00020000', 'hex'));
});

test('FileFsFullSizeInformation: 32 bytes, caller then actual available units', () => {
  const b = encodeFileFsFullSizeInformation({
    totalAllocationUnits: 1000n,
    callerAvailableAllocationUnits: 10n,
    actualAvailableAllocationUnits: 20n,
    sectorsPerAllocationUnit: 8,
    bytesPerSector: 4096,
  });
  assert.equal(b, Buffer.from('e803000000000000' + '0a00000000000000' + '1400000000000000' + '08000000' + '00100000', 'hex'));
});

test('FileFsDeviceInformation: DeviceType then Characteristics', () => {
  const b = encodeFileFsDeviceInformation({
    deviceType: DeviceType.FILE_DEVICE_DISK,
    characteristics: DeviceCharacteristics.FILE_REMOTE_DEVICE | DeviceCharacteristics.FILE_DEVICE_IS_MOUNTED,
  });
  assert.equal(b, Buffer.from('07000000' + '30000000', 'hex'));
});

test('FileFsAttributeInformation: 12 fixed bytes then the name; attribute flag values', () => {
  const attrs =
    FileSystemAttributes.FILE_CASE_SENSITIVE_SEARCH |
    FileSystemAttributes.FILE_CASE_PRESERVED_NAMES |
    FileSystemAttributes.FILE_UNICODE_ON_DISK |
    FileSystemAttributes.FILE_PERSISTENT_ACLS |
    FileSystemAttributes.FILE_SUPPORTS_SPARSE_FILES |
    FileSystemAttributes.FILE_NAMED_STREAMS |
    FileSystemAttributes.FILE_SUPPORTS_OBJECT_IDS;
  assert.is(attrs, 0x0005004f);
  const b = encodeFileFsAttributeInformation({
    fileSystemAttributes: attrs,
    maximumComponentNameLength: 255,
    fileSystemName: 'NTFS',
  });
  assert.equal(b, Buffer.concat([Buffer.from('4f000500' + 'ff000000' + '08000000', 'hex'), Buffer.from('NTFS', 'utf16le')]));
});

test('FileFsControlInformation: 48 bytes with 4 trailing padding bytes', () => {
  const b = encodeFileFsControlInformation({
    freeSpaceStartFiltering: 0n,
    freeSpaceThreshold: 0n,
    freeSpaceStopFiltering: 0n,
    defaultQuotaThreshold: 0xffffffffffffffffn,
    defaultQuotaLimit: 0x100000n,
    fileSystemControlFlags: 0x0201,
  });
  assert.is(b.length, 48);
  assert.equal(b.subarray(0, 24), Buffer.alloc(24));
  assert.is(b.readBigUInt64LE(24), 0xffffffffffffffffn);
  assert.is(b.readBigUInt64LE(32), 0x100000n);
  assert.is(b.readUInt32LE(40), 0x201);
  assert.is(b.readUInt32LE(44), 0);
});

test('FileFsObjectIdInformation: 16-byte ObjectId + 48-byte ExtendedInfo, sizes enforced', () => {
  const objectId = Buffer.alloc(16, 0xab);
  const extendedInfo = Buffer.alloc(48, 0xcd);
  const b = encodeFileFsObjectIdInformation({ objectId, extendedInfo });
  assert.is(b.length, 64);
  assert.equal(b.subarray(0, 16), objectId);
  assert.equal(b.subarray(16), extendedInfo);
  assert.throws(() => encodeFileFsObjectIdInformation({ objectId: Buffer.alloc(15), extendedInfo }), RangeError);
  assert.throws(() => encodeFileFsObjectIdInformation({ objectId, extendedInfo: Buffer.alloc(47) }), RangeError);
});

test('FileFsSectorSizeInformation: seven ULONGs, 28 bytes', () => {
  const b = encodeFileFsSectorSizeInformation({
    logicalBytesPerSector: 512,
    physicalBytesPerSectorForAtomicity: 4096,
    physicalBytesPerSectorForPerformance: 4096,
    fileSystemEffectivePhysicalBytesPerSectorForAtomicity: 4096,
    flags: SectorSizeInfoFlags.SSINFO_FLAGS_ALIGNED_DEVICE | SectorSizeInfoFlags.SSINFO_FLAGS_NO_SEEK_PENALTY,
    byteOffsetForSectorAlignment: 0,
    byteOffsetForPartitionAlignment: SSINFO_OFFSET_UNKNOWN,
  });
  assert.equal(b, Buffer.from('00020000' + '00100000'.repeat(3) + '05000000' + '00000000' + 'ffffffff', 'hex'));
});

test.run();
