// Encoders of the MS-FSCC 2.5 file system information classes a server returns for SMB2 QUERY_INFO with
// InfoType FILESYSTEM. Each returns a Buffer of exactly the structure's size; truncation to the client's
// OutputBufferLength is the handler's job.

import type { FileTime } from './filetime.ts';

const utf16Length = (s: string): number => s.length * 2;

/** MS-FSCC 2.5.9 FILE_FS_VOLUME_INFORMATION: 18 fixed bytes (a reserved byte after SupportsObjects), then the label. */
export interface FileFsVolumeInformation {
  volumeCreationTime: FileTime;
  volumeSerialNumber: number;
  supportsObjects: boolean;
  volumeLabel: string;
}
export function encodeFileFsVolumeInformation(info: FileFsVolumeInformation): Buffer {
  const buf = Buffer.alloc(18 + utf16Length(info.volumeLabel));
  buf.writeBigInt64LE(info.volumeCreationTime, 0);
  buf.writeUInt32LE(info.volumeSerialNumber >>> 0, 8);
  buf.writeUInt32LE(utf16Length(info.volumeLabel), 12);
  buf[16] = info.supportsObjects ? 1 : 0;
  buf.write(info.volumeLabel, 18, 'utf16le');
  return buf;
}

/** MS-FSCC 2.5.8 FILE_FS_SIZE_INFORMATION, 24 bytes; the units are allocation units (clusters). */
export interface FileFsSizeInformation {
  totalAllocationUnits: bigint;
  availableAllocationUnits: bigint;
  sectorsPerAllocationUnit: number;
  bytesPerSector: number;
}
export function encodeFileFsSizeInformation(info: FileFsSizeInformation): Buffer {
  const buf = Buffer.alloc(24);
  buf.writeBigInt64LE(info.totalAllocationUnits, 0);
  buf.writeBigInt64LE(info.availableAllocationUnits, 8);
  buf.writeUInt32LE(info.sectorsPerAllocationUnit >>> 0, 16);
  buf.writeUInt32LE(info.bytesPerSector >>> 0, 20);
  return buf;
}

/** MS-FSCC 2.5.3 FILE_FS_DEVICE_INFORMATION DeviceType values a file server reports */
export const DeviceType = {
  FILE_DEVICE_CD_ROM: 0x00000002,
  FILE_DEVICE_DISK: 0x00000007,
} as const;

/** MS-FSCC 2.5.3 FILE_FS_DEVICE_INFORMATION Characteristics */
export const DeviceCharacteristics = {
  FILE_REMOVABLE_MEDIA: 0x00000001,
  FILE_READ_ONLY_DEVICE: 0x00000002,
  FILE_FLOPPY_DISKETTE: 0x00000004,
  FILE_WRITE_ONCE_MEDIA: 0x00000008,
  FILE_REMOTE_DEVICE: 0x00000010,
  FILE_DEVICE_IS_MOUNTED: 0x00000020,
  FILE_VIRTUAL_VOLUME: 0x00000040,
  FILE_DEVICE_SECURE_OPEN: 0x00000100,
  FILE_CHARACTERISTIC_TS_DEVICE: 0x00001000,
  FILE_CHARACTERISTIC_WEBDAV_DEVICE: 0x00002000,
  FILE_DEVICE_ALLOW_APPCONTAINER_TRAVERSAL: 0x00020000,
  FILE_PORTABLE_DEVICE: 0x00040000,
} as const;

/** MS-FSCC 2.5.3 FILE_FS_DEVICE_INFORMATION, 8 bytes. */
export interface FileFsDeviceInformation {
  deviceType: number;
  characteristics: number;
}
export function encodeFileFsDeviceInformation(info: FileFsDeviceInformation): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeUInt32LE(info.deviceType >>> 0, 0);
  buf.writeUInt32LE(info.characteristics >>> 0, 4);
  return buf;
}

/** MS-FSCC 2.5.1 FILE_FS_ATTRIBUTE_INFORMATION FileSystemAttributes */
export const FileSystemAttributes = {
  FILE_CASE_SENSITIVE_SEARCH: 0x00000001,
  FILE_CASE_PRESERVED_NAMES: 0x00000002,
  FILE_UNICODE_ON_DISK: 0x00000004,
  FILE_PERSISTENT_ACLS: 0x00000008,
  FILE_FILE_COMPRESSION: 0x00000010,
  FILE_VOLUME_QUOTAS: 0x00000020,
  FILE_SUPPORTS_SPARSE_FILES: 0x00000040,
  FILE_SUPPORTS_REPARSE_POINTS: 0x00000080,
  FILE_SUPPORTS_REMOTE_STORAGE: 0x00000100,
  FILE_VOLUME_IS_COMPRESSED: 0x00008000,
  FILE_SUPPORTS_OBJECT_IDS: 0x00010000,
  FILE_SUPPORTS_ENCRYPTION: 0x00020000,
  FILE_NAMED_STREAMS: 0x00040000,
  FILE_READ_ONLY_VOLUME: 0x00080000,
  FILE_SEQUENTIAL_WRITE_ONCE: 0x00100000,
  FILE_SUPPORTS_TRANSACTIONS: 0x00200000,
  FILE_SUPPORTS_HARD_LINKS: 0x00400000,
  FILE_SUPPORTS_EXTENDED_ATTRIBUTES: 0x00800000,
  FILE_SUPPORTS_OPEN_BY_FILE_ID: 0x01000000,
  FILE_SUPPORTS_USN_JOURNAL: 0x02000000,
  FILE_SUPPORT_INTEGRITY_STREAMS: 0x04000000,
  FILE_SUPPORTS_BLOCK_REFCOUNTING: 0x08000000,
  FILE_SUPPORTS_SPARSE_VDL: 0x10000000,
} as const;

/** MS-FSCC 2.5.1 FILE_FS_ATTRIBUTE_INFORMATION: 12 fixed bytes, then the file system name (e.g. "NTFS"). */
export interface FileFsAttributeInformation {
  fileSystemAttributes: number;
  maximumComponentNameLength: number;
  fileSystemName: string;
}
export function encodeFileFsAttributeInformation(info: FileFsAttributeInformation): Buffer {
  const buf = Buffer.alloc(12 + utf16Length(info.fileSystemName));
  buf.writeUInt32LE(info.fileSystemAttributes >>> 0, 0);
  buf.writeInt32LE(info.maximumComponentNameLength, 4);
  buf.writeUInt32LE(utf16Length(info.fileSystemName), 8);
  buf.write(info.fileSystemName, 12, 'utf16le');
  return buf;
}

/** MS-FSCC 2.5.2 FILE_FS_CONTROL_INFORMATION FileSystemControlFlags */
export const FileSystemControlFlags = {
  FILE_VC_QUOTA_TRACK: 0x00000001,
  FILE_VC_QUOTA_ENFORCE: 0x00000002,
  FILE_VC_CONTENT_INDEX_DISABLED: 0x00000008,
  FILE_VC_LOG_QUOTA_THRESHOLD: 0x00000010,
  FILE_VC_LOG_QUOTA_LIMIT: 0x00000020,
  FILE_VC_LOG_VOLUME_THRESHOLD: 0x00000040,
  FILE_VC_LOG_VOLUME_LIMIT: 0x00000080,
  FILE_VC_QUOTAS_INCOMPLETE: 0x00000100,
  FILE_VC_QUOTAS_REBUILDING: 0x00000200,
} as const;

/**
 * MS-FSCC 2.5.2 FILE_FS_CONTROL_INFORMATION, 48 bytes (4 trailing padding). The three content-indexing
 * fields SHOULD be 0; a quota threshold or limit of 2^64-1 means "none".
 */
export interface FileFsControlInformation {
  freeSpaceStartFiltering: bigint;
  freeSpaceThreshold: bigint;
  freeSpaceStopFiltering: bigint;
  defaultQuotaThreshold: bigint;
  defaultQuotaLimit: bigint;
  fileSystemControlFlags: number;
}
export function encodeFileFsControlInformation(info: FileFsControlInformation): Buffer {
  const buf = Buffer.alloc(48);
  buf.writeBigInt64LE(info.freeSpaceStartFiltering, 0);
  buf.writeBigInt64LE(info.freeSpaceThreshold, 8);
  buf.writeBigInt64LE(info.freeSpaceStopFiltering, 16);
  buf.writeBigUInt64LE(info.defaultQuotaThreshold, 24);
  buf.writeBigUInt64LE(info.defaultQuotaLimit, 32);
  buf.writeUInt32LE(info.fileSystemControlFlags >>> 0, 40);
  return buf;
}

/** MS-FSCC 2.5.5 FILE_FS_FULL_SIZE_INFORMATION, 32 bytes. */
export interface FileFsFullSizeInformation {
  totalAllocationUnits: bigint;
  callerAvailableAllocationUnits: bigint;
  actualAvailableAllocationUnits: bigint;
  sectorsPerAllocationUnit: number;
  bytesPerSector: number;
}
export function encodeFileFsFullSizeInformation(info: FileFsFullSizeInformation): Buffer {
  const buf = Buffer.alloc(32);
  buf.writeBigInt64LE(info.totalAllocationUnits, 0);
  buf.writeBigInt64LE(info.callerAvailableAllocationUnits, 8);
  buf.writeBigInt64LE(info.actualAvailableAllocationUnits, 16);
  buf.writeUInt32LE(info.sectorsPerAllocationUnit >>> 0, 24);
  buf.writeUInt32LE(info.bytesPerSector >>> 0, 28);
  return buf;
}

/** MS-FSCC 2.5.6 FILE_FS_OBJECTID_INFORMATION: ObjectId (a 16-byte GUID) and 48 bytes of ExtendedInfo. */
export interface FileFsObjectIdInformation {
  objectId: Buffer;
  extendedInfo: Buffer;
}
export function encodeFileFsObjectIdInformation(info: FileFsObjectIdInformation): Buffer {
  if (info.objectId.length !== 16) throw new RangeError(`ObjectId must be 16 bytes, got ${info.objectId.length}`);
  if (info.extendedInfo.length !== 48)
    throw new RangeError(`ExtendedInfo must be 48 bytes, got ${info.extendedInfo.length}`);
  return Buffer.concat([info.objectId, info.extendedInfo]);
}

/** MS-FSCC 2.5.7 FILE_FS_SECTOR_SIZE_INFORMATION Flags */
export const SectorSizeInfoFlags = {
  SSINFO_FLAGS_ALIGNED_DEVICE: 0x00000001,
  SSINFO_FLAGS_PARTITION_ALIGNED_ON_DEVICE: 0x00000002,
  SSINFO_FLAGS_NO_SEEK_PENALTY: 0x00000004,
  SSINFO_FLAGS_TRIM_ENABLED: 0x00000008,
} as const;
/** ByteOffsetFor*Alignment value when the alignment is not known. */
export const SSINFO_OFFSET_UNKNOWN = 0xffffffff;

/** MS-FSCC 2.5.7 FILE_FS_SECTOR_SIZE_INFORMATION, 28 bytes. */
export interface FileFsSectorSizeInformation {
  logicalBytesPerSector: number;
  physicalBytesPerSectorForAtomicity: number;
  physicalBytesPerSectorForPerformance: number;
  fileSystemEffectivePhysicalBytesPerSectorForAtomicity: number;
  flags: number;
  byteOffsetForSectorAlignment: number;
  byteOffsetForPartitionAlignment: number;
}
export function encodeFileFsSectorSizeInformation(info: FileFsSectorSizeInformation): Buffer {
  const buf = Buffer.alloc(28);
  buf.writeUInt32LE(info.logicalBytesPerSector >>> 0, 0);
  buf.writeUInt32LE(info.physicalBytesPerSectorForAtomicity >>> 0, 4);
  buf.writeUInt32LE(info.physicalBytesPerSectorForPerformance >>> 0, 8);
  buf.writeUInt32LE(info.fileSystemEffectivePhysicalBytesPerSectorForAtomicity >>> 0, 12);
  buf.writeUInt32LE(info.flags >>> 0, 16);
  buf.writeUInt32LE(info.byteOffsetForSectorAlignment >>> 0, 20);
  buf.writeUInt32LE(info.byteOffsetForPartitionAlignment >>> 0, 24);
  return buf;
}
