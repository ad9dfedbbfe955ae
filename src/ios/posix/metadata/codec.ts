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
  /** A ChangeTime that stands in for the POSIX ctime while the object is as it was when the time was stored. */
  changeTime?: StoredChangeTime;
  /** Size of the stored EAs as a FILE_FULL_EA_INFORMATION list (MS-FSCC 2.4.12 EaSize); absent when there are none. */
  eaSize?: number;
}

export interface StoredChangeTime {
  time: FileTime;
  basis: ChangeBasis;
}

/** The POSIX state an object had when its ChangeTime was stored (../change-time.ts). */
export interface ChangeBasis {
  mtimeNs: bigint;
  size: bigint;
  mode: number;
  nlink: number;
}

const HAS_ATTRIBUTES = 0x01;
const HAS_CREATION_TIME = 0x02;
const HAS_CHANGE_TIME = 0x04;
const HAS_EA_SIZE = 0x08;
const KNOWN_FLAGS = HAS_ATTRIBUTES | HAS_CREATION_TIME | HAS_CHANGE_TIME | HAS_EA_SIZE;
/** version, flags, attributes, creation time: always present. */
const DOS_FIXED_LENGTH = 14;
/** change time i64, mtime seconds i64 and nanoseconds u32 (ns alone overflow 64 bits after 2262), size u64, mode u32, link count u32. */
const CHANGE_TIME_LENGTH = 36;
const NS_PER_SECOND = 1_000_000_000n;
const EA_SIZE_LENGTH = 4;

function dosLength(flags: number): number {
  return DOS_FIXED_LENGTH + ((flags & HAS_CHANGE_TIME) !== 0 ? CHANGE_TIME_LENGTH : 0) + ((flags & HAS_EA_SIZE) !== 0 ? EA_SIZE_LENGTH : 0);
}

/**
 * version u8, presence flags u8, attributes u32le, creation time i64le; with a stored change time: the time
 * i64le, then its basis (mtime seconds i64le and nanoseconds u32le, size u64le, mode u32le, link count u32le);
 * with an EA size: u32le.
 */
export function encodeDosInfo(info: DosInfo): Buffer {
  const flags =
    (info.attributes !== undefined ? HAS_ATTRIBUTES : 0) |
    (info.creationTime !== undefined ? HAS_CREATION_TIME : 0) |
    (info.changeTime !== undefined ? HAS_CHANGE_TIME : 0) |
    (info.eaSize !== undefined ? HAS_EA_SIZE : 0);
  const out = Buffer.alloc(dosLength(flags));
  out[0] = VERSION;
  out[1] = flags;
  out.writeUInt32LE(info.attributes ?? 0, 2);
  out.writeBigInt64LE(info.creationTime ?? 0n, 6);
  let at = DOS_FIXED_LENGTH;
  if (info.changeTime !== undefined) {
    const { time, basis } = info.changeTime;
    const nanoseconds = ((basis.mtimeNs % NS_PER_SECOND) + NS_PER_SECOND) % NS_PER_SECOND;
    out.writeBigInt64LE(time, at);
    out.writeBigInt64LE((basis.mtimeNs - nanoseconds) / NS_PER_SECOND, at + 8);
    out.writeUInt32LE(Number(nanoseconds), at + 16);
    out.writeBigUInt64LE(basis.size, at + 20);
    out.writeUInt32LE(basis.mode, at + 28);
    out.writeUInt32LE(basis.nlink, at + 32);
    at += CHANGE_TIME_LENGTH;
  }
  if (info.eaSize !== undefined) out.writeUInt32LE(info.eaSize, at);
  return out;
}

export function decodeDosInfo(value: Buffer | undefined): DosInfo {
  if (value === undefined || value.length < DOS_FIXED_LENGTH || value[0] !== VERSION) return {};
  const flags = value[1]!;
  if ((flags & ~KNOWN_FLAGS) !== 0 || value.length !== dosLength(flags)) return {};
  const info: DosInfo = {};
  if ((flags & HAS_ATTRIBUTES) !== 0) info.attributes = value.readUInt32LE(2);
  if ((flags & HAS_CREATION_TIME) !== 0) info.creationTime = value.readBigInt64LE(6);
  let at = DOS_FIXED_LENGTH;
  if ((flags & HAS_CHANGE_TIME) !== 0) {
    info.changeTime = {
      time: value.readBigInt64LE(at),
      basis: {
        mtimeNs: value.readBigInt64LE(at + 8) * NS_PER_SECOND + BigInt(value.readUInt32LE(at + 16)),
        size: value.readBigUInt64LE(at + 20),
        mode: value.readUInt32LE(at + 28),
        nlink: value.readUInt32LE(at + 32),
      },
    };
    at += CHANGE_TIME_LENGTH;
  }
  if ((flags & HAS_EA_SIZE) !== 0) info.eaSize = value.readUInt32LE(at);
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
