// QUERY_INFO SMB2_0_INFO_FILE (MS-SMB2 3.3.5.20.1): one entry per MS-FSCC 2.4 class, mapping the
// driver's FileStat and the open's state to the class's structure.

import { AccessMask, Dialect, FileAttributes } from '../../protocol/constants.ts';
import { fullEaListSize } from '../../protocol/fscc/ea.ts';
import { FileInformationClass as C } from '../../protocol/fscc/info-class.ts';
import * as fi from '../../protocol/fscc/file-info.ts';
import { networkOpenInformation } from './network-open.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { ClientContext, FileStat } from '../../ios/types.ts';
import type { Open } from '../state/open.ts';
import type { FittedOutput } from './fit.ts';
import { extendedAttributesOf, queryFullEa, type EaQuery } from './query-ea.ts';
import { alternateNameOf } from './short-names.ts';

export interface FileQueryContext {
  open: Open;
  /** The open's object as clients see it (write-time.ts reportedStat). */
  stat: FileStat;
  ctx: ClientContext;
  volumeSerialNumber: number;
  /** Connection.Dialect (MS-SMB2 3.3.1.7). */
  dialect: number;
  /** The request's EA query fields (FileFullEaInformation). */
  query: EaQuery;
}

/** The stream an open reads and writes, '' for the file or directory itself. */
const streamOf = (open: Open): string => open.object?.stream ?? '';
const streamSuffix = (open: Open): string => (streamOf(open) ? `:${streamOf(open)}` : '');

/** MS-FSCC 2.4.45: the share-relative path with a leading backslash (and ":stream" for a stream), as Windows reports it. */
const nameOf = (open: Open): string => '\\' + open.path.join('\\') + streamSuffix(open);
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
  // A delete-pending file has no name left once it closes (smb2.setinfo expects 0 links).
  numberOfLinks: deletePending(open) ? Math.max(0, stat.numberOfLinks - 1) : stat.numberOfLinks,
  deletePending: deletePending(open),
  directory: stat.isDirectory,
});

const deletePending = (open: Open): boolean => (open.object?.deletePending ?? false) || (open.object?.file?.deletePending ?? false);

/** MS-FSCC 2.4.26 FileModeInformation keeps only the mode bits the open was created with. */
const position = ({ open }: FileQueryContext) => ({ currentByteOffset: open.currentByteOffset });

/** MS-FSCC 2.4.12 EaSize: the file's EAs as a FILE_FULL_EA_INFORMATION list; 0 without EA support. */
async function eaSize({ open, ctx }: FileQueryContext): Promise<number> {
  try {
    return fullEaListSize(await extendedAttributesOf(open, ctx));
  } catch (error) {
    if (error instanceof NtStatusError && error.status === NtStatus.EAS_NOT_SUPPORTED) return 0;
    throw error;
  }
}

/** MS-FSCC 2.4.49: a file has its unnamed data stream ("::$DATA"); directories have named streams only. */
async function streams(q: FileQueryContext): Promise<fi.FileStreamEntry[]> {
  const { open, ctx } = q;
  const driver = open.treeConnect.share.driver!;
  const named = driver.capabilities.namedStreams && open.handle!.listStreams ? await open.handle!.listStreams(ctx) : [];
  // Through a stream's open, the unnamed stream's size is the file's.
  const file = streamOf(open) ? await driver.lookup(ctx, open.path) : q.stat;
  const out: fi.FileStreamEntry[] = [];
  if (file && !file.isDirectory) out.push({ streamName: '::$DATA', streamSize: file.size, streamAllocationSize: file.allocationSize });
  for (const s of named) out.push({ streamName: `:${s.name}:$DATA`, streamSize: s.size, streamAllocationSize: s.allocationSize });
  return out;
}

/** MS-SMB2 3.3.5.20.1: FileNormalizedNameInformation is for SMB 3.1.1; the root's normalized name is empty. */
function normalizedName({ open, dialect }: FileQueryContext): Buffer {
  if (dialect < Dialect.SMB3_1_1) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'FileNormalizedNameInformation needs SMB 3.1.1');
  return fi.encodeFileNormalizedNameInformation({ fileName: open.path.join('\\') + streamSuffix(open) });
}

/** A query of one class: the access MS-FSA 2.1.5.11 requires of the open, and the encoder. */
export interface FileQueryEntry {
  requiredAccess: number;
  /** The full structure (fit.ts cuts it to the buffer), or output already fitted with its status. */
  encode(q: FileQueryContext): Buffer | Promise<Buffer | FittedOutput>;
}

const READ_ATTRIBUTES = AccessMask.FILE_READ_ATTRIBUTES;

export const fileQueryTable: ReadonlyMap<number, FileQueryEntry> = new Map<number, FileQueryEntry>([
  [C.FileBasicInformation, { requiredAccess: READ_ATTRIBUTES, encode: (q) => fi.encodeFileBasicInformation(basic(q)) }],
  [C.FileStandardInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileStandardInformation(standard(q)) }],
  [C.FileInternalInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileInternalInformation({ indexNumber: q.stat.fileId }) }],
  [C.FileEaInformation, { requiredAccess: 0, encode: async (q) => fi.encodeFileEaInformation({ eaSize: await eaSize(q) }) }],
  [C.FileAccessInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileAccessInformation({ accessFlags: q.open.grantedAccess }) }],
  [C.FileNameInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileNameInformation({ fileName: nameOf(q.open) }) }],
  [C.FilePositionInformation, { requiredAccess: 0, encode: (q) => fi.encodeFilePositionInformation(position(q)) }],
  [C.FileModeInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileModeInformation({ mode: q.open.mode }) }],
  [C.FileAlignmentInformation, { requiredAccess: 0, encode: () => fi.encodeFileAlignmentInformation({ alignmentRequirement: 0 }) }],
  [
    C.FileAllInformation,
    {
      requiredAccess: READ_ATTRIBUTES,
      encode: async (q) =>
        fi.encodeFileAllInformation({
          basicInformation: basic(q),
          standardInformation: standard(q),
          internalInformation: { indexNumber: q.stat.fileId },
          eaInformation: { eaSize: await eaSize(q) },
          accessInformation: { accessFlags: q.open.grantedAccess },
          positionInformation: position(q),
          modeInformation: { mode: q.open.mode },
          alignmentInformation: { alignmentRequirement: 0 },
          nameInformation: { fileName: nameOf(q.open) },
        }),
    },
  ],
  [
    C.FileAlternateNameInformation,
    {
      requiredAccess: 0,
      // MS-FSCC 2.4.5: the 8.3 name of the last component (short-names.ts); the root has none.
      encode: (q) => fi.encodeFileAlternateNameInformation({ fileName: q.open.path.length ? alternateNameOf(q.open.path[q.open.path.length - 1]!) : '' }),
    },
  ],
  [
    C.FileNetworkOpenInformation,
    {
      requiredAccess: READ_ATTRIBUTES,
      encode: (q) =>
        fi.encodeFileNetworkOpenInformation(networkOpenInformation(q.stat)),
    },
  ],
  [C.FileAttributeTagInformation, { requiredAccess: READ_ATTRIBUTES, encode: (q) => fi.encodeFileAttributeTagInformation({ fileAttributes: attributesOf(q.stat), reparseTag: 0 }) }],
  [C.FileStreamInformation, { requiredAccess: 0, encode: async (q) => fi.encodeFileStreamInformation(await streams(q)) }],
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
  [C.FileFullEaInformation, { requiredAccess: AccessMask.FILE_READ_EA, encode: (q) => queryFullEa(q.open, q.ctx, q.query) }],
  [C.FileNormalizedNameInformation, { requiredAccess: 0, encode: normalizedName }],
  [C.FileIdInformation, { requiredAccess: 0, encode: (q) => fi.encodeFileIdInformation({ volumeSerialNumber: BigInt(q.volumeSerialNumber), fileId: q.stat.fileId }) }],
]);
