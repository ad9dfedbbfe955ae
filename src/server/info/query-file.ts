// QUERY_INFO SMB2_0_INFO_FILE (MS-SMB2 3.3.5.20.1): one entry per MS-FSCC 2.4 class, mapping the
// driver's FileStat and the open's state to the class's structure.

import { AccessMask, FileAttributes } from '../../protocol/constants.ts';
import { FileInformationClass as C } from '../../protocol/fscc/info-class.ts';
import * as fi from '../../protocol/fscc/file-info.ts';
import type { FileStat } from '../../ios/types.ts';
import type { Open } from '../state/open.ts';

export interface FileQueryContext {
  open: Open;
  stat: FileStat;
  volumeSerialNumber: number;
}

/** MS-FSCC 2.4.45: the share-relative path with a leading backslash, as Windows reports it. */
const nameOf = (open: Open): string => '\\' + open.path.join('\\');
const attributesOf = (stat: FileStat): number => stat.attributes || FileAttributes.NORMAL;

const basic = ({ stat }: FileQueryContext): fi.FileBasicInformation => ({
  creationTime: stat.creationTime,
  lastAccessTime: stat.lastAccessTime,
  lastWriteTime: stat.lastWriteTime,
  changeTime: stat.changeTime,
  fileAttributes: attributesOf(stat),
});

const standard = ({ stat, open }: FileQueryContext): fi.FileStandardInformation => ({
  allocationSize: stat.isDirectory ? 0n : stat.allocationSize,
  endOfFile: stat.isDirectory ? 0n : stat.size,
  numberOfLinks: stat.numberOfLinks,
  deletePending: open.object?.deletePending ?? false,
  directory: stat.isDirectory,
});

/** MS-FSCC 2.4.26 FileModeInformation keeps only the mode bits the open was created with. */
const position = ({ open }: FileQueryContext) => ({ currentByteOffset: open.currentByteOffset });

/** A query of one class: the access MS-FSA 2.1.5.11 requires of the open, and the encoder. */
export interface FileQueryEntry {
  requiredAccess: number;
  encode(q: FileQueryContext): Buffer;
}

const READ_ATTRIBUTES = AccessMask.FILE_READ_ATTRIBUTES;

export const fileQueryTable: ReadonlyMap<number, FileQueryEntry> = new Map<number, FileQueryEntry>([
  [C.FileBasicInformation, { requiredAccess: READ_ATTRIBUTES, encode: (q) => fi.encodeFileBasicInformation(basic(q)) }],
  [C.FileStandardInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileStandardInformation(standard(q)) }],
  [C.FileInternalInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileInternalInformation({ indexNumber: q.stat.fileId }) }],
  [C.FileEaInformation, { requiredAccess: 0, encode: () => fi.encodeFileEaInformation({ eaSize: 0 }) }],
  [C.FileAccessInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileAccessInformation({ accessFlags: q.open.grantedAccess }) }],
  [C.FileNameInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileNameInformation({ fileName: nameOf(q.open) }) }],
  [C.FilePositionInformation, { requiredAccess: 0, encode: (q) => fi.encodeFilePositionInformation(position(q)) }],
  [C.FileModeInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileModeInformation({ mode: q.open.mode }) }],
  [C.FileAlignmentInformation, { requiredAccess: 0, encode: () => fi.encodeFileAlignmentInformation({ alignmentRequirement: 0 }) }],
  [
    C.FileAllInformation,
    {
      requiredAccess: READ_ATTRIBUTES,
      encode: (q) =>
      fi.encodeFileAllInformation({
        basicInformation: basic(q),
        standardInformation: standard(q),
        internalInformation: { indexNumber: q.stat.fileId },
        eaInformation: { eaSize: 0 },
        accessInformation: { accessFlags: q.open.grantedAccess },
        positionInformation: position(q),
        modeInformation: { mode: q.open.mode },
        alignmentInformation: { alignmentRequirement: 0 },
        nameInformation: { fileName: nameOf(q.open) },
      }),
    },
  ],
  [
    C.FileNetworkOpenInformation,
    {
      requiredAccess: READ_ATTRIBUTES,
      encode: (q) =>
      fi.encodeFileNetworkOpenInformation({
        ...basic(q),
        allocationSize: q.stat.isDirectory ? 0n : q.stat.allocationSize,
        endOfFile: q.stat.isDirectory ? 0n : q.stat.size,
      }),
    },
  ],
  [C.FileAttributeTagInformation, { requiredAccess: READ_ATTRIBUTES, encode: (q) => fi.encodeFileAttributeTagInformation({ fileAttributes: attributesOf(q.stat), reparseTag: 0 }) }],
  [
    C.FileStreamInformation,
    {
      requiredAccess: 0,
      // MS-FSCC 2.4.49: a file has its unnamed data stream; a directory has no streams at all.
      encode: (q) =>
      fi.encodeFileStreamInformation(
        q.stat.isDirectory ? [] : [{ streamName: '::$DATA', streamSize: q.stat.size, streamAllocationSize: q.stat.allocationSize }],
      ),
    },
  ],
  [
    C.FileCompressionInformation,
    {
      requiredAccess: 0,
      encode: (q) =>
      fi.encodeFileCompressionInformation({
        compressedFileSize: q.stat.isDirectory ? 0n : q.stat.size,
        compressionFormat: fi.CompressionFormat.COMPRESSION_FORMAT_NONE,
        compressionUnitShift: 0,
        chunkShift: 0,
        clusterShift: 0,
      }),
    },
  ],
  [C.FileNormalizedNameInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileNormalizedNameInformation({ fileName: q.open.path.join('\\') }) }],
  [C.FileIdInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileIdInformation({ volumeSerialNumber: BigInt(q.volumeSerialNumber), fileId: q.stat.fileId }) }],
]);
