// Information class numbers of MS-FSCC: the FileInfoClass of SMB2 QUERY_INFO / SET_INFO with InfoType FILE
// and the FileInformationClass of QUERY_DIRECTORY (MS-FSCC 2.4), and the FileInfoClass of QUERY_INFO /
// SET_INFO with InfoType FILESYSTEM (MS-FSCC 2.5). Classes the spec marks LOCAL never arrive over SMB2 and
// are listed so that a server can tell "known but not remotable" from "unknown".

/** MS-FSCC 2.4 File Information Classes */
export const FileInformationClass = {
  FileDirectoryInformation: 1,
  FileFullDirectoryInformation: 2,
  FileBothDirectoryInformation: 3,
  FileBasicInformation: 4,
  FileStandardInformation: 5,
  FileInternalInformation: 6,
  FileEaInformation: 7,
  FileAccessInformation: 8,
  FileNameInformation: 9,
  FileRenameInformation: 10,
  FileLinkInformation: 11,
  FileNamesInformation: 12,
  FileDispositionInformation: 13,
  FilePositionInformation: 14,
  FileFullEaInformation: 15,
  FileModeInformation: 16,
  FileAlignmentInformation: 17,
  FileAllInformation: 18,
  FileAllocationInformation: 19,
  FileEndOfFileInformation: 20,
  FileAlternateNameInformation: 21,
  FileStreamInformation: 22,
  FilePipeInformation: 23,
  FilePipeLocalInformation: 24,
  FilePipeRemoteInformation: 25,
  FileMailslotQueryInformation: 26,
  FileMailslotSetInformation: 27,
  FileCompressionInformation: 28,
  FileObjectIdInformation: 29,
  FileMoveClusterInformation: 31,
  FileQuotaInformation: 32,
  FileReparsePointInformation: 33,
  FileNetworkOpenInformation: 34,
  FileAttributeTagInformation: 35,
  FileTrackingInformation: 36,
  FileIdBothDirectoryInformation: 37,
  FileIdFullDirectoryInformation: 38,
  FileValidDataLengthInformation: 39,
  FileShortNameInformation: 40,
  FileSfioReserveInformation: 44,
  FileSfioVolumeInformation: 45,
  FileHardLinkInformation: 46,
  FileNormalizedNameInformation: 48,
  FileIdGlobalTxDirectoryInformation: 50,
  FileStandardLinkInformation: 54,
  FileIdInformation: 59,
  FileIdExtdDirectoryInformation: 60,
  FileDispositionInformationEx: 64,
  FileId64ExtdDirectoryInformation: 78,
  FileId64ExtdBothDirectoryInformation: 79,
  FileIdAllExtdDirectoryInformation: 80,
  FileIdAllExtdBothDirectoryInformation: 81,
} as const;

export type FileInformationClassValue = (typeof FileInformationClass)[keyof typeof FileInformationClass];

/** MS-FSCC 2.5 File System Information Classes */
export const FsInformationClass = {
  FileFsVolumeInformation: 1,
  FileFsLabelInformation: 2,
  FileFsSizeInformation: 3,
  FileFsDeviceInformation: 4,
  FileFsAttributeInformation: 5,
  FileFsControlInformation: 6,
  FileFsFullSizeInformation: 7,
  FileFsObjectIdInformation: 8,
  FileFsDriverPathInformation: 9,
  FileFsVolumeFlagsInformation: 10,
  FileFsSectorSizeInformation: 11,
} as const;

export type FsInformationClassValue = (typeof FsInformationClass)[keyof typeof FsInformationClass];

const fileClassNames = new Map<number, string>(Object.entries(FileInformationClass).map(([k, v]) => [v, k]));
const fsClassNames = new Map<number, string>(Object.entries(FsInformationClass).map(([k, v]) => [v, k]));

/** "FileBasicInformation" for logs; "FileInformationClass(99)" for numbers the table does not name. */
export function fileInformationClassName(infoClass: number): string {
  return fileClassNames.get(infoClass) ?? `FileInformationClass(${infoClass})`;
}

/** "FileFsSizeInformation" for logs; "FsInformationClass(99)" for numbers the table does not name. */
export function fsInformationClassName(infoClass: number): string {
  return fsClassNames.get(infoClass) ?? `FsInformationClass(${infoClass})`;
}
