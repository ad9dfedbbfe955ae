// Encoders of the MS-FSCC 2.4 file information classes a server returns for SMB2 QUERY_INFO with InfoType
// FILE. Each returns a Buffer of exactly the structure's size; cutting it to the client's OutputBufferLength
// (and answering STATUS_BUFFER_OVERFLOW, MS-SMB2 3.3.5.20.1) is the handler's job.
// Times are FILETIMEs (LARGE_INTEGER on the wire, so they are written signed); sizes and offsets are
// LARGE_INTEGER too; IDs are unsigned.

import type { FileTime } from './filetime.ts';
import { writeFileId128 } from './file-id.ts';

const utf16Length = (s: string): number => s.length * 2;

/** MS-FSCC 2.4 FILE_BASIC_INFORMATION, 40 bytes (4 trailing reserved). */
export interface FileBasicInformation {
  creationTime: FileTime;
  lastAccessTime: FileTime;
  lastWriteTime: FileTime;
  changeTime: FileTime;
  fileAttributes: number;
}
export const FILE_BASIC_INFORMATION_SIZE = 40;

function writeBasic(buf: Buffer, o: number, info: FileBasicInformation): void {
  buf.writeBigInt64LE(info.creationTime, o);
  buf.writeBigInt64LE(info.lastAccessTime, o + 8);
  buf.writeBigInt64LE(info.lastWriteTime, o + 16);
  buf.writeBigInt64LE(info.changeTime, o + 24);
  buf.writeUInt32LE(info.fileAttributes >>> 0, o + 32);
}

export function encodeFileBasicInformation(info: FileBasicInformation): Buffer {
  const buf = Buffer.alloc(FILE_BASIC_INFORMATION_SIZE);
  writeBasic(buf, 0, info);
  return buf;
}

/** MS-FSCC 2.4 FILE_STANDARD_INFORMATION, 24 bytes (2 trailing reserved). */
export interface FileStandardInformation {
  allocationSize: bigint;
  endOfFile: bigint;
  numberOfLinks: number;
  deletePending: boolean;
  directory: boolean;
}
export const FILE_STANDARD_INFORMATION_SIZE = 24;

function writeStandard(buf: Buffer, o: number, info: FileStandardInformation): void {
  buf.writeBigInt64LE(info.allocationSize, o);
  buf.writeBigInt64LE(info.endOfFile, o + 8);
  buf.writeUInt32LE(info.numberOfLinks >>> 0, o + 16);
  buf[o + 20] = info.deletePending ? 1 : 0;
  buf[o + 21] = info.directory ? 1 : 0;
}

export function encodeFileStandardInformation(info: FileStandardInformation): Buffer {
  const buf = Buffer.alloc(FILE_STANDARD_INFORMATION_SIZE);
  writeStandard(buf, 0, info);
  return buf;
}

/** MS-FSCC 2.4 FILE_INTERNAL_INFORMATION: the 64-bit file ID (2.1.9). */
export interface FileInternalInformation {
  indexNumber: bigint;
}
export function encodeFileInternalInformation(info: FileInternalInformation): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64LE(info.indexNumber);
  return buf;
}

/** MS-FSCC 2.4 FILE_EA_INFORMATION */
export interface FileEaInformation {
  eaSize: number;
}
export function encodeFileEaInformation(info: FileEaInformation): Buffer {
  return u32(info.eaSize);
}

/** MS-FSCC 2.4 FILE_ACCESS_INFORMATION: the access mask granted to the open. */
export interface FileAccessInformation {
  accessFlags: number;
}
export function encodeFileAccessInformation(info: FileAccessInformation): Buffer {
  return u32(info.accessFlags);
}

/** MS-FSCC 2.4 FILE_POSITION_INFORMATION */
export interface FilePositionInformation {
  currentByteOffset: bigint;
}
export function encodeFilePositionInformation(info: FilePositionInformation): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigInt64LE(info.currentByteOffset);
  return buf;
}

/** MS-FSCC 2.4 FILE_MODE_INFORMATION */
export interface FileModeInformation {
  mode: number;
}
export function encodeFileModeInformation(info: FileModeInformation): Buffer {
  return u32(info.mode);
}

/** MS-FSCC 2.4 FILE_ALIGNMENT_INFORMATION; 0 is FILE_BYTE_ALIGNMENT. */
export interface FileAlignmentInformation {
  alignmentRequirement: number;
}
export function encodeFileAlignmentInformation(info: FileAlignmentInformation): Buffer {
  return u32(info.alignmentRequirement);
}

function u32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt32LE(value >>> 0);
  return buf;
}

/**
 * MS-FSCC 2.1.7 FILE_NAME_INFORMATION: FileNameLength then the UTF-16LE name, no terminator. The same shape
 * answers FileNameInformation (9), FileAlternateNameInformation (21, the 8.3 name) and
 * FileNormalizedNameInformation (48).
 */
export interface FileNameInformation {
  fileName: string;
}
export function encodeFileNameInformation(info: FileNameInformation): Buffer {
  const buf = Buffer.alloc(4 + utf16Length(info.fileName));
  writeName(buf, 0, info.fileName);
  return buf;
}
export const encodeFileAlternateNameInformation = encodeFileNameInformation;
export const encodeFileNormalizedNameInformation = encodeFileNameInformation;

function writeName(buf: Buffer, o: number, name: string): void {
  buf.writeUInt32LE(utf16Length(name), o);
  buf.write(name, o + 4, 'utf16le');
}

/** MS-FSCC 2.4 FILE_ALL_INFORMATION: the fixed classes back to back (96 bytes), then FILE_NAME_INFORMATION. */
export interface FileAllInformation {
  basicInformation: FileBasicInformation;
  standardInformation: FileStandardInformation;
  internalInformation: FileInternalInformation;
  eaInformation: FileEaInformation;
  accessInformation: FileAccessInformation;
  positionInformation: FilePositionInformation;
  modeInformation: FileModeInformation;
  alignmentInformation: FileAlignmentInformation;
  nameInformation: FileNameInformation;
}
/** Offset of NameInformation inside FILE_ALL_INFORMATION. */
export const FILE_ALL_INFORMATION_NAME_OFFSET = 96;

export function encodeFileAllInformation(info: FileAllInformation): Buffer {
  const o = FILE_ALL_INFORMATION_NAME_OFFSET;
  const buf = Buffer.alloc(o + 4 + utf16Length(info.nameInformation.fileName));
  writeBasic(buf, 0, info.basicInformation);
  writeStandard(buf, 40, info.standardInformation);
  buf.writeBigUInt64LE(info.internalInformation.indexNumber, 64);
  buf.writeUInt32LE(info.eaInformation.eaSize >>> 0, 72);
  buf.writeUInt32LE(info.accessInformation.accessFlags >>> 0, 76);
  buf.writeBigInt64LE(info.positionInformation.currentByteOffset, 80);
  buf.writeUInt32LE(info.modeInformation.mode >>> 0, 88);
  buf.writeUInt32LE(info.alignmentInformation.alignmentRequirement >>> 0, 92);
  writeName(buf, o, info.nameInformation.fileName);
  return buf;
}

/** One stream of MS-FSCC 2.4 FILE_STREAM_INFORMATION; streamName as on the wire, e.g. "::$DATA". */
export interface FileStreamEntry {
  streamName: string;
  streamSize: bigint;
  streamAllocationSize: bigint;
}

/**
 * MS-FSCC 2.4 FileStreamInformation: one entry per stream, each starting on an 8-byte boundary (zero
 * padding), NextEntryOffset 0 on the last, nothing after it. No streams (a directory without named
 * streams) gives an empty buffer.
 */
export function encodeFileStreamInformation(streams: readonly FileStreamEntry[]): Buffer {
  const starts: number[] = [];
  let end = 0;
  for (const s of streams) {
    const start = (end + 7) & ~7;
    starts.push(start);
    end = start + 24 + utf16Length(s.streamName);
  }
  const buf = Buffer.alloc(end);
  streams.forEach((s, i) => {
    const o = starts[i]!;
    buf.writeUInt32LE(i + 1 < streams.length ? starts[i + 1]! - o : 0, o);
    buf.writeUInt32LE(utf16Length(s.streamName), o + 4);
    buf.writeBigInt64LE(s.streamSize, o + 8);
    buf.writeBigInt64LE(s.streamAllocationSize, o + 16);
    buf.write(s.streamName, o + 24, 'utf16le');
  });
  return buf;
}

/** MS-FSCC 2.4 FILE_COMPRESSION_INFORMATION, 16 bytes (3 trailing reserved). */
export interface FileCompressionInformation {
  compressedFileSize: bigint;
  compressionFormat: number;
  compressionUnitShift: number;
  chunkShift: number;
  clusterShift: number;
}
/** MS-FSCC 2.4 FILE_COMPRESSION_INFORMATION CompressionFormat values */
export const CompressionFormat = {
  COMPRESSION_FORMAT_NONE: 0x0000,
  COMPRESSION_FORMAT_LZNT1: 0x0002,
} as const;

export function encodeFileCompressionInformation(info: FileCompressionInformation): Buffer {
  const buf = Buffer.alloc(16);
  buf.writeBigInt64LE(info.compressedFileSize, 0);
  buf.writeUInt16LE(info.compressionFormat, 8);
  buf.writeUInt8(info.compressionUnitShift, 10);
  buf.writeUInt8(info.chunkShift, 11);
  buf.writeUInt8(info.clusterShift, 12);
  return buf;
}

/** MS-FSCC 2.4 FILE_NETWORK_OPEN_INFORMATION, 56 bytes (4 trailing reserved). */
export interface FileNetworkOpenInformation {
  creationTime: FileTime;
  lastAccessTime: FileTime;
  lastWriteTime: FileTime;
  changeTime: FileTime;
  allocationSize: bigint;
  endOfFile: bigint;
  fileAttributes: number;
}
export function encodeFileNetworkOpenInformation(info: FileNetworkOpenInformation): Buffer {
  const buf = Buffer.alloc(56);
  buf.writeBigInt64LE(info.creationTime, 0);
  buf.writeBigInt64LE(info.lastAccessTime, 8);
  buf.writeBigInt64LE(info.lastWriteTime, 16);
  buf.writeBigInt64LE(info.changeTime, 24);
  buf.writeBigInt64LE(info.allocationSize, 32);
  buf.writeBigInt64LE(info.endOfFile, 40);
  buf.writeUInt32LE(info.fileAttributes >>> 0, 48);
  return buf;
}

/** MS-FSCC 2.4 FILE_ATTRIBUTE_TAG_INFORMATION; reparseTag 0 unless FILE_ATTRIBUTE_REPARSE_POINT is set. */
export interface FileAttributeTagInformation {
  fileAttributes: number;
  reparseTag: number;
}
export function encodeFileAttributeTagInformation(info: FileAttributeTagInformation): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeUInt32LE(info.fileAttributes >>> 0, 0);
  buf.writeUInt32LE(info.reparseTag >>> 0, 4);
  return buf;
}

/** MS-FSCC 2.4 FILE_ID_INFORMATION: VolumeSerialNumber (8 bytes), then the 128-bit FileId (see fileId128). */
export interface FileIdInformation {
  volumeSerialNumber: bigint;
  fileId: bigint;
}
export function encodeFileIdInformation(info: FileIdInformation): Buffer {
  const buf = Buffer.alloc(24);
  buf.writeBigUInt64LE(info.volumeSerialNumber, 0);
  writeFileId128(buf, 8, info.fileId);
  return buf;
}
