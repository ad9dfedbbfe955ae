// Encodings of the metadata fields (store.ts). Each starts with a version byte so the format can grow. A value
// that does not decode (written by something else, or cut short) reads as absent: one damaged field must not
// make the object unreadable, and the next change rewrites it.

import type { ExtendedAttribute, FileTime } from '../../types.ts';

const VERSION = 1;

/** What DOS semantics add to a POSIX object; absent fields fall back to what POSIX reports. */
export interface DosInfo {
  /** MS-FSCC 2.6 attributes kept beside the mode bits (READONLY of files lives in the mode, DIRECTORY in the type). */
  attributes?: number;
  creationTime?: FileTime;
}

const HAS_ATTRIBUTES = 0x01;
const HAS_CREATION_TIME = 0x02;
const DOS_LENGTH = 14;

/** version u8, presence flags u8, attributes u32le, creation time i64le. */
export function encodeDosInfo(info: DosInfo): Buffer {
  const out = Buffer.alloc(DOS_LENGTH);
  out[0] = VERSION;
  out[1] = (info.attributes !== undefined ? HAS_ATTRIBUTES : 0) | (info.creationTime !== undefined ? HAS_CREATION_TIME : 0);
  out.writeUInt32LE(info.attributes ?? 0, 2);
  out.writeBigInt64LE(info.creationTime ?? 0n, 6);
  return out;
}

export function decodeDosInfo(value: Buffer | undefined): DosInfo {
  if (value === undefined || value.length !== DOS_LENGTH || value[0] !== VERSION) return {};
  const flags = value[1]!;
  const info: DosInfo = {};
  if ((flags & HAS_ATTRIBUTES) !== 0) info.attributes = value.readUInt32LE(2);
  if ((flags & HAS_CREATION_TIME) !== 0) info.creationTime = value.readBigInt64LE(6);
  return info;
}

/** version u8, then per EA: flags u8, name length u8, value length u16le, ASCII name, value. */
export function encodeExtendedAttributes(eas: readonly ExtendedAttribute[]): Buffer {
  const parts: Buffer[] = [Buffer.of(VERSION)];
  for (const ea of eas) {
    const header = Buffer.alloc(4);
    header[0] = ea.flags;
    header[1] = ea.name.length;
    header.writeUInt16LE(ea.value.length, 2);
    parts.push(header, Buffer.from(ea.name, 'latin1'), ea.value);
  }
  return Buffer.concat(parts);
}

export function decodeExtendedAttributes(value: Buffer | undefined): ExtendedAttribute[] {
  if (value === undefined || value.length === 0 || value[0] !== VERSION) return [];
  const eas: ExtendedAttribute[] = [];
  let at = 1;
  while (at < value.length) {
    if (at + 4 > value.length) return [];
    const flags = value[at]!;
    const nameLength = value[at + 1]!;
    const valueLength = value.readUInt16LE(at + 2);
    const end = at + 4 + nameLength + valueLength;
    if (end > value.length) return [];
    const name = value.toString('latin1', at + 4, at + 4 + nameLength);
    eas.push({ name, flags, value: Buffer.from(value.subarray(at + 4 + nameLength, end)) });
    at = end;
  }
  return eas;
}
