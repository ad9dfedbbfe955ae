// Decoders of the MS-FSCC 2.4 file information classes a client sends in SMB2 SET_INFO with InfoType FILE.
// The buffer is the request's input buffer, already cut to InputBufferLength. A buffer shorter than the
// structure fails with STATUS_INFO_LENGTH_MISMATCH (MS-FSA 2.1.5.15: "If InputBufferSize is less than the
// size ... of the structure"); bytes past it are ignored, as clients pad. A length or value inside the
// structure that cannot be right fails with STATUS_INVALID_PARAMETER. Checks that need the open's state
// (access, current mode, directory-ness) are the handler's.

import { NtStatus, NtStatusError } from '../status.ts';
import type { FileTime } from './filetime.ts';

function need(buf: Buffer, size: number, what: string): void {
  if (buf.length < size)
    throw new NtStatusError(NtStatus.INFO_LENGTH_MISMATCH, `${what}: ${buf.length} bytes, need ${size}`);
}

const invalid = (message: string): NtStatusError => new NtStatusError(NtStatus.INVALID_PARAMETER, message);

function nonNegative(value: bigint, what: string): bigint {
  if (value < 0n) throw invalid(`${what} is negative: ${value}`);
  return value;
}

/** MS-FSCC 2.4 FileBasicInformation time values with a meaning of their own when setting. */
export const BasicInformationTime = {
  /** Leave this time unchanged. */
  UNCHANGED: 0n,
  /** Leave it unchanged and stop updating it for the rest of this open. */
  SUSPEND_UPDATES: -1n,
  /** Resume updates stopped by SUSPEND_UPDATES. */
  RESUME_UPDATES: -2n,
} as const;

/**
 * MS-FSCC 2.4 FILE_BASIC_INFORMATION (40 bytes, the last 4 reserved). Times are signed: 0, -1 and -2 are
 * the BasicInformationTime requests; other negative values are refused here. FileAttributes 0 means
 * "unchanged" (the handler applies MS-FSA 2.1.5.15.2's attribute rules).
 */
export interface SetFileBasicInformation {
  creationTime: FileTime;
  lastAccessTime: FileTime;
  lastWriteTime: FileTime;
  changeTime: FileTime;
  fileAttributes: number;
}
export function decodeFileBasicInformation(buf: Buffer): SetFileBasicInformation {
  need(buf, 40, 'FileBasicInformation');
  const time = (o: number, what: string): FileTime => {
    const t = buf.readBigInt64LE(o);
    if (t < -2n) throw invalid(`FileBasicInformation ${what} is ${t}`);
    return t;
  };
  return {
    creationTime: time(0, 'CreationTime'),
    lastAccessTime: time(8, 'LastAccessTime'),
    lastWriteTime: time(16, 'LastWriteTime'),
    changeTime: time(24, 'ChangeTime'),
    fileAttributes: buf.readUInt32LE(32),
  };
}

/**
 * MS-FSCC 2.4.42.2 FILE_RENAME_INFORMATION_TYPE_2 (and FILE_LINK_INFORMATION_TYPE_2, same layout):
 * ReplaceIfExists (1), Reserved (7), RootDirectory (8, MUST be zero over the network), FileNameLength (4),
 * FileName. An empty, odd-length or overrunning name, or a RootDirectory, is STATUS_INVALID_PARAMETER
 * (the error table of MS-FSCC FileRenameInformation).
 */
export interface SetFileRenameInformation {
  replaceIfExists: boolean;
  fileName: string;
}
export type SetFileLinkInformation = SetFileRenameInformation;

function decodeRenameType2(buf: Buffer, what: string): SetFileRenameInformation {
  need(buf, 20, what);
  if (buf.readBigUInt64LE(8) !== 0n) throw invalid(`${what}: RootDirectory is not zero`);
  const fileNameLength = buf.readUInt32LE(16);
  if (fileNameLength === 0 || fileNameLength % 2 !== 0 || fileNameLength > buf.length - 20)
    throw invalid(`${what}: FileNameLength ${fileNameLength} with ${buf.length - 20} bytes of name`);
  return { replaceIfExists: buf[0] !== 0, fileName: buf.toString('utf16le', 20, 20 + fileNameLength) };
}

export function decodeFileRenameInformation(buf: Buffer): SetFileRenameInformation {
  return decodeRenameType2(buf, 'FileRenameInformation');
}

export function decodeFileLinkInformation(buf: Buffer): SetFileLinkInformation {
  return decodeRenameType2(buf, 'FileLinkInformation');
}

/** MS-FSCC 2.4 FILE_DISPOSITION_INFORMATION: DeletePending (1 byte boolean). */
export interface SetFileDispositionInformation {
  deletePending: boolean;
}
export function decodeFileDispositionInformation(buf: Buffer): SetFileDispositionInformation {
  need(buf, 1, 'FileDispositionInformation');
  return { deletePending: buf[0] !== 0 };
}

/** MS-FSCC 2.4 FILE_DISPOSITION_INFORMATION_EX Flags */
export const DispositionFlags = {
  FILE_DISPOSITION_DO_NOT_DELETE: 0x00000000,
  FILE_DISPOSITION_DELETE: 0x00000001,
  FILE_DISPOSITION_POSIX_SEMANTICS: 0x00000002,
  FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK: 0x00000004,
  FILE_DISPOSITION_ON_CLOSE: 0x00000008,
  FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE: 0x00000010,
} as const;
const DISPOSITION_FLAGS_KNOWN = 0x1f;

/** MS-FSCC 2.4 FILE_DISPOSITION_INFORMATION_EX: Flags (4 bytes); undefined bits are refused. */
export interface SetFileDispositionInformationEx {
  flags: number;
}
export function decodeFileDispositionInformationEx(buf: Buffer): SetFileDispositionInformationEx {
  need(buf, 4, 'FileDispositionInformationEx');
  const flags = buf.readUInt32LE(0);
  if ((flags & ~DISPOSITION_FLAGS_KNOWN) !== 0)
    throw invalid(`FileDispositionInformationEx: undefined flags 0x${flags.toString(16)}`);
  return { flags };
}

/** MS-FSCC 2.4 FILE_POSITION_INFORMATION: CurrentByteOffset, a LARGE_INTEGER that cannot be negative. */
export interface SetFilePositionInformation {
  currentByteOffset: bigint;
}
export function decodeFilePositionInformation(buf: Buffer): SetFilePositionInformation {
  need(buf, 8, 'FilePositionInformation');
  return { currentByteOffset: nonNegative(buf.readBigInt64LE(0), 'CurrentByteOffset') };
}

/** MS-FSCC 2.4 FileModeInformation Mode flags */
export const FileMode = {
  FILE_WRITE_THROUGH: 0x00000002,
  FILE_SEQUENTIAL_ONLY: 0x00000004,
  FILE_NO_INTERMEDIATE_BUFFERING: 0x00000008,
  FILE_SYNCHRONOUS_IO_ALERT: 0x00000010,
  FILE_SYNCHRONOUS_IO_NONALERT: 0x00000020,
  FILE_DELETE_ON_CLOSE: 0x00001000,
} as const;

/**
 * MS-FSCC 2.4 FILE_MODE_INFORMATION. MS-FSA 2.1.5.15.7: only WRITE_THROUGH, SEQUENTIAL_ONLY and the two
 * SYNCHRONOUS_IO flags may be set, and not both SYNCHRONOUS_IO flags; anything else is
 * STATUS_INVALID_PARAMETER. Comparing the synchronous flags with the open's mode is the handler's job.
 */
export interface SetFileModeInformation {
  mode: number;
}
const MODE_SETTABLE =
  FileMode.FILE_WRITE_THROUGH |
  FileMode.FILE_SEQUENTIAL_ONLY |
  FileMode.FILE_SYNCHRONOUS_IO_ALERT |
  FileMode.FILE_SYNCHRONOUS_IO_NONALERT;
const MODE_SYNC = FileMode.FILE_SYNCHRONOUS_IO_ALERT | FileMode.FILE_SYNCHRONOUS_IO_NONALERT;

export function decodeFileModeInformation(buf: Buffer): SetFileModeInformation {
  need(buf, 4, 'FileModeInformation');
  const mode = buf.readUInt32LE(0);
  if ((mode & ~MODE_SETTABLE) !== 0) throw invalid(`FileModeInformation: Mode 0x${mode.toString(16)} not settable`);
  if ((mode & MODE_SYNC) === MODE_SYNC) throw invalid('FileModeInformation: both SYNCHRONOUS_IO flags set');
  return { mode };
}

/** MS-FSCC 2.4 FILE_ALLOCATION_INFORMATION: AllocationSize, non-negative. */
export interface SetFileAllocationInformation {
  allocationSize: bigint;
}
export function decodeFileAllocationInformation(buf: Buffer): SetFileAllocationInformation {
  need(buf, 8, 'FileAllocationInformation');
  return { allocationSize: nonNegative(buf.readBigInt64LE(0), 'AllocationSize') };
}

/** MS-FSCC 2.4 FILE_END_OF_FILE_INFORMATION: EndOfFile, non-negative. */
export interface SetFileEndOfFileInformation {
  endOfFile: bigint;
}
export function decodeFileEndOfFileInformation(buf: Buffer): SetFileEndOfFileInformation {
  need(buf, 8, 'FileEndOfFileInformation');
  return { endOfFile: nonNegative(buf.readBigInt64LE(0), 'EndOfFile') };
}

/** MS-FSCC 2.4 FILE_VALID_DATA_LENGTH_INFORMATION: ValidDataLength, non-negative. */
export interface SetFileValidDataLengthInformation {
  validDataLength: bigint;
}
export function decodeFileValidDataLengthInformation(buf: Buffer): SetFileValidDataLengthInformation {
  need(buf, 8, 'FileValidDataLengthInformation');
  return { validDataLength: nonNegative(buf.readBigInt64LE(0), 'ValidDataLength') };
}

/**
 * MS-FSCC 2.4 FileShortNameInformation: a FILE_NAME_INFORMATION (2.1.7) carrying the new 8.3 name. Whether
 * the name is a valid 8.3 name (names.ts is8dot3Name) is for the handler to decide.
 */
export interface SetFileShortNameInformation {
  fileName: string;
}
export function decodeFileShortNameInformation(buf: Buffer): SetFileShortNameInformation {
  need(buf, 4, 'FileShortNameInformation');
  const fileNameLength = buf.readUInt32LE(0);
  if (fileNameLength === 0 || fileNameLength % 2 !== 0 || fileNameLength > buf.length - 4)
    throw invalid(`FileShortNameInformation: FileNameLength ${fileNameLength} with ${buf.length - 4} bytes of name`);
  return { fileName: buf.toString('utf16le', 4, 4 + fileNameLength) };
}
