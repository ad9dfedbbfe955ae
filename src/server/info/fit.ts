// Fitting QUERY_INFO output into OutputBufferLength (MS-SMB2 3.3.5.20.1 / 3.3.5.20.2). Windows refuses a
// buffer smaller than the class's structure (its C sizeof, FileName[1] and padding included) with
// STATUS_INFO_LENGTH_MISMATCH before looking at the data; a class whose size grows with a name or list then
// returns what fits with STATUS_BUFFER_OVERFLOW; a fixed-size class never needs more than its minimum.
// The minimums are those smbtorture's smb2.getinfo qfile_buffercheck / qfs_buffercheck measure.

import { InfoType } from '../../protocol/constants.ts';
import { FileInformationClass as C, FsInformationClass as F } from '../../protocol/fscc/info-class.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';

interface SizeRule {
  minimum: number;
  /** The structure grows with a name or list, so a shorter buffer gets part of it. */
  variable: boolean;
}

const fixed = (minimum: number): SizeRule => ({ minimum, variable: false });
const variable = (minimum: number): SizeRule => ({ minimum, variable: true });

const fileRules = new Map<number, SizeRule>([
  [C.FileBasicInformation, fixed(40)],
  [C.FileStandardInformation, fixed(24)],
  [C.FileInternalInformation, fixed(8)],
  [C.FileEaInformation, fixed(4)],
  [C.FileAccessInformation, fixed(4)],
  [C.FileNameInformation, variable(8)],
  [C.FilePositionInformation, fixed(8)],
  [C.FileModeInformation, fixed(4)],
  [C.FileAlignmentInformation, fixed(4)],
  [C.FileAllInformation, variable(104)],
  [C.FileAlternateNameInformation, variable(8)],
  [C.FileStreamInformation, variable(32)],
  [C.FileCompressionInformation, fixed(16)],
  [C.FileNetworkOpenInformation, fixed(56)],
  [C.FileAttributeTagInformation, fixed(8)],
  [C.FileNormalizedNameInformation, variable(8)],
  [C.FileIdInformation, fixed(24)],
]);

const fsRules = new Map<number, SizeRule>([
  [F.FileFsVolumeInformation, variable(24)],
  [F.FileFsSizeInformation, fixed(24)],
  [F.FileFsDeviceInformation, fixed(8)],
  [F.FileFsAttributeInformation, variable(16)],
  [F.FileFsControlInformation, fixed(48)],
  [F.FileFsFullSizeInformation, fixed(32)],
  [F.FileFsObjectIdInformation, fixed(64)],
  [F.FileFsSectorSizeInformation, fixed(28)],
]);

export interface FittedOutput {
  status: number;
  data: Buffer;
}

/** The bytes and status to answer with; throws NtStatusError(INFO_LENGTH_MISMATCH) for too small a buffer. */
export function fitQueryOutput(data: Buffer, outputBufferLength: number, infoType: number, infoClass: number): FittedOutput {
  const rule = (infoType === InfoType.FILE ? fileRules : infoType === InfoType.FILESYSTEM ? fsRules : undefined)?.get(infoClass);
  if (rule && outputBufferLength < rule.minimum) throw new NtStatusError(NtStatus.INFO_LENGTH_MISMATCH);
  if (data.length <= outputBufferLength) return { status: NtStatus.SUCCESS, data };
  if (!rule?.variable) throw new NtStatusError(NtStatus.INFO_LENGTH_MISMATCH);
  return { status: NtStatus.BUFFER_OVERFLOW, data: data.subarray(0, outputBufferLength) };
}
