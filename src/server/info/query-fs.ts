// QUERY_INFO SMB2_0_INFO_FILESYSTEM (MS-SMB2 3.3.5.20.2): MS-FSCC 2.5 classes from the driver's statfs
// and capabilities. Advertised attributes follow what the driver really supports.

import { FsInformationClass as C } from '../../protocol/fscc/info-class.ts';
import * as fs from '../../protocol/fscc/fs-info.ts';
import type { DriverCapabilities, FsStat } from '../../ios/types.ts';

export interface FsQueryContext {
  fsStat: FsStat;
  capabilities: DriverCapabilities;
  readOnly: boolean;
}

const A = fs.FileSystemAttributes;

function fileSystemAttributes({ capabilities: c, readOnly }: FsQueryContext): number {
  let attrs = A.FILE_UNICODE_ON_DISK;
  // FILE_CASE_SENSITIVE_SEARCH stays clear: SMB clients expect NTFS's case-insensitive lookups.
  if (c.casePreserving) attrs |= A.FILE_CASE_PRESERVED_NAMES;
  if (c.securityDescriptors) attrs |= A.FILE_PERSISTENT_ACLS;
  if (c.sparseFiles) attrs |= A.FILE_SUPPORTS_SPARSE_FILES;
  if (c.namedStreams) attrs |= A.FILE_NAMED_STREAMS;
  if (c.hardLinks) attrs |= A.FILE_SUPPORTS_HARD_LINKS;
  if (c.extendedAttributes) attrs |= A.FILE_SUPPORTS_EXTENDED_ATTRIBUTES;
  if (readOnly) attrs |= A.FILE_READ_ONLY_VOLUME;
  return attrs;
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
