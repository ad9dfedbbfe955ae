// QUERY_INFO SMB2_0_INFO_FILESYSTEM (MS-SMB2 3.3.5.20.2): MS-FSCC 2.5 classes from the driver's statfs
// and capabilities. Advertised attributes follow what the driver really supports.

import { createHash } from 'node:crypto';
import { FsInformationClass as C } from '../../protocol/fscc/info-class.ts';
import * as fs from '../../protocol/fscc/fs-info.ts';
import type { DriverCapabilities, FsStat } from '../../ios/types.ts';

export interface FsQueryContext {
  fsStat: FsStat;
  capabilities: DriverCapabilities;
  readOnly: boolean;
}

const A = fs.FileSystemAttributes;
const NO_QUOTA = 0xffff_ffff_ffff_ffffn;

function fileSystemAttributes({ capabilities: c, readOnly }: FsQueryContext): number {
  // FILE_CASE_SENSITIVE_SEARCH says the file system can search by exact case when asked, as NTFS (and
  // Samba) report; lookups stay case-insensitive (create/resolve.ts), which is what SMB clients ask for.
  let attrs = A.FILE_UNICODE_ON_DISK | A.FILE_CASE_SENSITIVE_SEARCH;
  if (c.casePreserving) attrs |= A.FILE_CASE_PRESERVED_NAMES;
  if (c.securityDescriptors) attrs |= A.FILE_PERSISTENT_ACLS;
  if (c.sparseFiles) attrs |= A.FILE_SUPPORTS_SPARSE_FILES;
  if (c.namedStreams) attrs |= A.FILE_NAMED_STREAMS;
  if (c.hardLinks) attrs |= A.FILE_SUPPORTS_HARD_LINKS;
  if (c.extendedAttributes) attrs |= A.FILE_SUPPORTS_EXTENDED_ATTRIBUTES;
  if (readOnly) attrs |= A.FILE_READ_ONLY_VOLUME;
  return attrs;
}

/**
 * MS-FSCC 2.5.6 ObjectId: a GUID for the volume. Drivers report none, so it is derived (as a name-based UUID,
 * RFC 4122 4.3) from what identifies the volume: its serial number and creation time. ExtendedInfo stays zero.
 */
function volumeObjectId({ fsStat }: FsQueryContext): Buffer {
  const id = createHash('sha1').update(`volume ${fsStat.volumeSerialNumber} ${fsStat.volumeCreationTime}`).digest().subarray(0, 16);
  id[6] = (id[6]! & 0x0f) | 0x50;
  id[8] = (id[8]! & 0x3f) | 0x80;
  return id;
}

function units({ fsStat }: FsQueryContext) {
  const unit = BigInt(fsStat.bytesPerSector * fsStat.sectorsPerAllocationUnit);
  return {
    total: fsStat.totalBytes / unit,
    callerAvailable: fsStat.availableBytes / unit,
    actualAvailable: fsStat.freeBytes / unit,
  };
}

export const fsQueryTable: ReadonlyMap<number, (q: FsQueryContext) => Buffer> = new Map<number, (q: FsQueryContext) => Buffer>([
  [
    C.FileFsVolumeInformation,
    (q) =>
      fs.encodeFileFsVolumeInformation({
        volumeCreationTime: q.fsStat.volumeCreationTime,
        volumeSerialNumber: q.fsStat.volumeSerialNumber,
        supportsObjects: false,
        volumeLabel: q.fsStat.volumeLabel,
      }),
  ],
  [
    C.FileFsSizeInformation,
    (q) =>
      fs.encodeFileFsSizeInformation({
        totalAllocationUnits: units(q).total,
        availableAllocationUnits: units(q).callerAvailable,
        sectorsPerAllocationUnit: q.fsStat.sectorsPerAllocationUnit,
        bytesPerSector: q.fsStat.bytesPerSector,
      }),
  ],
  [
    C.FileFsDeviceInformation,
    (q) =>
      fs.encodeFileFsDeviceInformation({
        deviceType: fs.DeviceType.FILE_DEVICE_DISK,
        characteristics: q.readOnly ? fs.DeviceCharacteristics.FILE_READ_ONLY_DEVICE : 0,
      }),
  ],
  [
    C.FileFsAttributeInformation,
    (q) =>
      fs.encodeFileFsAttributeInformation({
        fileSystemAttributes: fileSystemAttributes(q),
        maximumComponentNameLength: q.capabilities.maxNameLength,
        fileSystemName: q.fsStat.fileSystemName,
      }),
  ],
  [
    C.FileFsControlInformation,
    // MS-FSCC 2.5.2: no quotas are tracked or enforced; thresholds and limits of 2^64-1 mean "none".
    () =>
      fs.encodeFileFsControlInformation({
        freeSpaceStartFiltering: 0n,
        freeSpaceThreshold: 0n,
        freeSpaceStopFiltering: 0n,
        defaultQuotaThreshold: NO_QUOTA,
        defaultQuotaLimit: NO_QUOTA,
        fileSystemControlFlags: 0,
      }),
  ],
  [
    C.FileFsFullSizeInformation,
    (q) =>
      fs.encodeFileFsFullSizeInformation({
        totalAllocationUnits: units(q).total,
        callerAvailableAllocationUnits: units(q).callerAvailable,
        actualAvailableAllocationUnits: units(q).actualAvailable,
        sectorsPerAllocationUnit: q.fsStat.sectorsPerAllocationUnit,
        bytesPerSector: q.fsStat.bytesPerSector,
      }),
  ],
  [C.FileFsObjectIdInformation, (q) => fs.encodeFileFsObjectIdInformation({ objectId: volumeObjectId(q), extendedInfo: Buffer.alloc(48) })],
  [
    C.FileFsSectorSizeInformation,
    (q) =>
      fs.encodeFileFsSectorSizeInformation({
        logicalBytesPerSector: q.fsStat.bytesPerSector,
        physicalBytesPerSectorForAtomicity: q.fsStat.bytesPerSector,
        physicalBytesPerSectorForPerformance: q.fsStat.bytesPerSector,
        fileSystemEffectivePhysicalBytesPerSectorForAtomicity: q.fsStat.bytesPerSector,
        flags: fs.SectorSizeInfoFlags.SSINFO_FLAGS_ALIGNED_DEVICE | fs.SectorSizeInfoFlags.SSINFO_FLAGS_PARTITION_ALIGNED_ON_DEVICE,
        byteOffsetForSectorAlignment: 0,
        byteOffsetForPartitionAlignment: 0,
      }),
  ],
]);
