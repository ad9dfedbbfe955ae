// Directory entries of the MS-FSCC 2.4 classes SMB2 QUERY_DIRECTORY can ask for (MS-SMB2 2.2.33), and a
// writer that packs them into one output buffer: every entry starts on an 8-byte boundary, zero padding
// between entries, each NextEntryOffset points at the next entry and the last one's is 0, with nothing
// after the last entry (MS-FSCC 2.4, e.g. FileBothDirectoryInformation).
//
// All classes but FileNamesInformation share the first 64 bytes: NextEntryOffset, FileIndex, the four
// times, EndOfFile, AllocationSize, FileAttributes, FileNameLength. What follows differs per class and is
// described by one Layout each, from the MS-FSCC structure diagrams.

import { FileAttributes } from '../constants.ts';
import { NtStatus, NtStatusError } from '../status.ts';
import type { FileTime } from './filetime.ts';
import { FileInformationClass as C } from './info-class.ts';
import { fileId128, writeFileId128 } from './file-id.ts';

export interface DirectoryEntryInfo {
  fileIndex: number;
  creationTime: FileTime;
  lastAccessTime: FileTime;
  lastWriteTime: FileTime;
  changeTime: FileTime;
  endOfFile: bigint;
  allocationSize: bigint;
  fileAttributes: number;
  eaSize: number;
  /** The 64-bit file ID (MS-FSCC 2.1.9); the 128-bit one is fileId128(fileId, volumeSerialNumber). */
  fileId: bigint;
  fileName: string;
  /** 8.3 name for the *Both* classes, at most 12 characters; absent or empty when there is none. */
  shortName?: string;
  /** Meaningful when fileAttributes has FILE_ATTRIBUTE_REPARSE_POINT. */
  reparsePointTag?: number;
  /** High half of the 128-bit file ID (see file-id.ts). */
  volumeSerialNumber?: bigint;
}

interface Layout {
  /** FieldOffset(FileName). */
  fixed: number;
  eaSize?: number;
  /** The classes without a ReparsePointTag field carry the tag in EaSize for reparse points (MS-FSA 2.1.5.6.3). */
  eaSizeCarriesReparseTag?: boolean;
  reparsePointTag?: number;
  /** ShortNameLength (1 byte), Reserved (1 byte), ShortName (24 bytes). */
  shortName?: number;
  fileId64?: number;
  fileId128?: number;
}

const layouts = new Map<number, Layout>([
  // FILE_DIRECTORY_INFORMATION
  [C.FileDirectoryInformation, { fixed: 64 }],
  // FILE_FULL_DIR_INFORMATION
  [C.FileFullDirectoryInformation, { fixed: 68, eaSize: 64, eaSizeCarriesReparseTag: true }],
  // FILE_BOTH_DIR_INFORMATION
  [C.FileBothDirectoryInformation, { fixed: 94, eaSize: 64, eaSizeCarriesReparseTag: true, shortName: 68 }],
  // FILE_NAMES_INFORMATION: NextEntryOffset, FileIndex, FileNameLength, FileName
  [C.FileNamesInformation, { fixed: 12 }],
  // FILE_ID_BOTH_DIR_INFORMATION: ShortName, Reserved2 (2 bytes), FileId
  [
    C.FileIdBothDirectoryInformation,
    { fixed: 104, eaSize: 64, eaSizeCarriesReparseTag: true, shortName: 68, fileId64: 96 },
  ],
  // FILE_ID_FULL_DIR_INFORMATION: EaSize, Reserved (4 bytes), FileId
  [C.FileIdFullDirectoryInformation, { fixed: 80, eaSize: 64, eaSizeCarriesReparseTag: true, fileId64: 72 }],
  // FILE_ID_EXTD_DIR_INFORMATION: EaSize, ReparsePointTag, FileId (128-bit)
  [C.FileIdExtdDirectoryInformation, { fixed: 88, eaSize: 64, reparsePointTag: 68, fileId128: 72 }],
  // FILE_ID_64_EXTD_DIR_INFORMATION: EaSize, ReparsePointTag, FileId (64-bit)
  [C.FileId64ExtdDirectoryInformation, { fixed: 80, eaSize: 64, reparsePointTag: 68, fileId64: 72 }],
  // FILE_ID_64_EXTD_BOTH_DIR_INFORMATION: ... FileId (64-bit), ShortNameLength, Reserved1, ShortName
  [
    C.FileId64ExtdBothDirectoryInformation,
    { fixed: 106, eaSize: 64, reparsePointTag: 68, fileId64: 72, shortName: 80 },
  ],
  // FILE_ID_ALL_EXTD_DIR_INFORMATION: ... FileId (64-bit), FileId128
  [C.FileIdAllExtdDirectoryInformation, { fixed: 96, eaSize: 64, reparsePointTag: 68, fileId64: 72, fileId128: 80 }],
  // FILE_ID_ALL_EXTD_BOTH_DIR_INFORMATION: ... FileId, FileId128, ShortNameLength, Reserved1, ShortName
  [
    C.FileIdAllExtdBothDirectoryInformation,
    { fixed: 122, eaSize: 64, reparsePointTag: 68, fileId64: 72, fileId128: 80, shortName: 96 },
  ],
]);

const SHORT_NAME_MAX_CHARS = 12;

export function isDirectoryInfoClass(infoClass: number): boolean {
  return layouts.has(infoClass);
}

function layoutOf(infoClass: number): Layout {
  const layout = layouts.get(infoClass);
  if (!layout) throw new NtStatusError(NtStatus.INVALID_INFO_CLASS, `not a directory information class: ${infoClass}`);
  return layout;
}

/** Size of one entry without alignment padding; throws NtStatusError(INVALID_INFO_CLASS) for other classes. */
export function directoryEntrySize(infoClass: number, entry: DirectoryEntryInfo): number {
  return layoutOf(infoClass).fixed + entry.fileName.length * 2;
}

function writeEntry(buf: Buffer, o: number, infoClass: number, layout: Layout, e: DirectoryEntryInfo): void {
  const nameLength = e.fileName.length * 2;
  buf.writeUInt32LE(0, o);
  buf.writeUInt32LE(e.fileIndex >>> 0, o + 4);
  if (infoClass === C.FileNamesInformation) {
    buf.writeUInt32LE(nameLength, o + 8);
  } else {
    buf.writeBigInt64LE(e.creationTime, o + 8);
    buf.writeBigInt64LE(e.lastAccessTime, o + 16);
    buf.writeBigInt64LE(e.lastWriteTime, o + 24);
    buf.writeBigInt64LE(e.changeTime, o + 32);
    buf.writeBigInt64LE(e.endOfFile, o + 40);
    buf.writeBigInt64LE(e.allocationSize, o + 48);
    buf.writeUInt32LE(e.fileAttributes >>> 0, o + 56);
    buf.writeUInt32LE(nameLength, o + 60);
  }
  if (layout.eaSize !== undefined) {
    const isReparse = (e.fileAttributes & FileAttributes.REPARSE_POINT) !== 0;
    const value = layout.eaSizeCarriesReparseTag && isReparse ? (e.reparsePointTag ?? 0) : e.eaSize;
    buf.writeUInt32LE(value >>> 0, o + layout.eaSize);
  }
  if (layout.reparsePointTag !== undefined)
    buf.writeUInt32LE((e.reparsePointTag ?? 0) >>> 0, o + layout.reparsePointTag);
  if (layout.shortName !== undefined) {
    const shortName = e.shortName ?? '';
    if (shortName.length > SHORT_NAME_MAX_CHARS)
      throw new RangeError(`short name longer than 12 characters: ${shortName}`);
    buf[o + layout.shortName] = shortName.length * 2;
    buf.write(shortName, o + layout.shortName + 2, 'utf16le');
  }
  if (layout.fileId64 !== undefined) buf.writeBigUInt64LE(e.fileId, o + layout.fileId64);
  if (layout.fileId128 !== undefined)
    writeFileId128(buf, o + layout.fileId128, fileId128(e.fileId, e.volumeSerialNumber));
  buf.write(e.fileName, o + layout.fixed, 'utf16le');
}

/** One entry on its own: NextEntryOffset 0, no padding. */
export function encodeDirectoryEntry(infoClass: number, entry: DirectoryEntryInfo): Buffer {
  const layout = layoutOf(infoClass);
  const buf = Buffer.alloc(layout.fixed + entry.fileName.length * 2);
  writeEntry(buf, 0, infoClass, layout, entry);
  return buf;
}

const INITIAL_CAPACITY = 4096;

/**
 * Packs entries of one class into at most maxOutputLength bytes (the request's OutputBufferLength). Memory
 * grows with what is written, not with maxOutputLength, so a large client-chosen limit costs nothing.
 */
export class DirectoryListingWriter {
  readonly infoClass: number;
  readonly maxOutputLength: number;
  readonly #layout: Layout;
  #buf: Buffer;
  #used = 0;
  #lastStart = -1;
  #count = 0;
  #finished = false;

  /** Throws NtStatusError(INVALID_INFO_CLASS) for a class that is not a directory class. */
  constructor(infoClass: number, maxOutputLength: number) {
    if (!Number.isSafeInteger(maxOutputLength) || maxOutputLength < 0)
      throw new RangeError(`maxOutputLength must be a non-negative integer, got ${maxOutputLength}`);
    this.#layout = layoutOf(infoClass);
    this.infoClass = infoClass;
    this.maxOutputLength = maxOutputLength;
    this.#buf = Buffer.alloc(Math.min(maxOutputLength, INITIAL_CAPACITY));
  }

  get count(): number {
    return this.#count;
  }

  /** Appends the entry if it fits (with the padding before it); false, and nothing written, if it does not. */
  tryAppend(entry: DirectoryEntryInfo): boolean {
    if (this.#finished) throw new Error('DirectoryListingWriter: tryAppend after finish');
    const start = (this.#used + 7) & ~7;
    const end = start + this.#layout.fixed + entry.fileName.length * 2;
    if (end > this.maxOutputLength) return false;
    if (end > this.#buf.length) {
      const grown = Buffer.alloc(Math.min(this.maxOutputLength, Math.max(end, this.#buf.length * 2)));
      this.#buf.copy(grown, 0, 0, this.#used);
      this.#buf = grown;
    }
    writeEntry(this.#buf, start, this.infoClass, this.#layout, entry);
    if (this.#lastStart >= 0) this.#buf.writeUInt32LE(start - this.#lastStart, this.#lastStart);
    this.#lastStart = start;
    this.#used = end;
    this.#count++;
    return true;
  }

  /** The packed entries: the last NextEntryOffset is 0 and no padding follows it. Ends the writer. */
  finish(): Buffer {
    this.#finished = true;
    return this.#buf.subarray(0, this.#used);
  }
}
