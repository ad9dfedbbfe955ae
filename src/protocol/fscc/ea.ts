// Extended attribute lists of MS-FSCC 2.4.15: FILE_FULL_EA_INFORMATION (the EAs themselves, carried by
// QUERY_INFO / SET_INFO FileFullEaInformation and the ExtA create context) and FILE_GET_EA_INFORMATION (2.4.15.1,
// the names a query asks for). Entries of both lists start on 4-byte boundaries; NextEntryOffset 0 ends a list.

import { NtStatus, NtStatusError } from '../status.ts';

/** One FILE_FULL_EA_INFORMATION entry. */
export interface FullEaEntry {
  /** 0 or FILE_NEED_EA. */
  flags: number;
  /** 1 to 255 ASCII characters. */
  name: string;
  /** Up to 65535 bytes; an empty value in a set request removes the EA (MS-FSA 2.1.5.15.5). */
  value: Buffer;
}

/** MS-FSCC 2.4.15 Flags: the file cannot be understood without its EAs. */
export const FILE_NEED_EA = 0x80;

const FULL_EA_HEADER = 8;
const GET_EA_HEADER = 5;
const MAX_NAME_LENGTH = 255;
const MAX_VALUE_LENGTH = 0xffff;
/** Characters an EA name cannot hold besides control characters (MS-FSCC 2.4.15 EaName, the FAT set). */
const EA_NAME_FORBIDDEN = '"*+,/:;<=>?[\\]|';

const inconsistent = (what: string): NtStatusError => new NtStatusError(NtStatus.EA_LIST_INCONSISTENT, what);
const align4 = (n: number): number => (n + 3) & ~3;

/** MS-FSCC 2.4.15: printable ASCII, 1 to 255 characters, none of the FAT-reserved ones. */
export function isValidEaName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || EA_NAME_FORBIDDEN.includes(name[i]!)) return false;
  }
  return true;
}

/** Walks a chained list: yields each entry's start and end (the next start or the buffer end). */
function* entries(buf: Buffer, header: number): Generator<{ start: number; end: number }> {
  let pos = 0;
  for (;;) {
    if (buf.length - pos < header) throw inconsistent(`entry at ${pos} is truncated`);
    const next = buf.readUInt32LE(pos);
    if (next === 0) {
      yield { start: pos, end: buf.length };
      return;
    }
    if (next % 4 !== 0 || next > buf.length - pos) throw inconsistent(`NextEntryOffset ${next} at ${pos}`);
    yield { start: pos, end: pos + next };
    pos += next;
  }
}

/**
 * Decodes a FILE_FULL_EA_INFORMATION list as clients send it (SET_INFO, ExtA). Entries that overrun their
 * space, names without their NUL, or misaligned offsets are STATUS_EA_LIST_INCONSISTENT (the checks of
 * IoCheckEaBufferValidity); a well-formed entry with an invalid name or flags is STATUS_INVALID_EA_NAME
 * (MS-FSA 2.1.5.15.5). An empty buffer is an empty list.
 */
export function decodeFullEaList(buf: Buffer): FullEaEntry[] {
  if (buf.length === 0) return [];
  const out: FullEaEntry[] = [];
  for (const { start, end } of entries(buf, FULL_EA_HEADER)) {
    const flags = buf[start + 4]!;
    const nameLength = buf[start + 5]!;
    const valueLength = buf.readUInt16LE(start + 6);
    const nameStart = start + FULL_EA_HEADER;
    const valueStart = nameStart + nameLength + 1;
    if (valueStart + valueLength > end) throw inconsistent(`entry at ${start} overruns its space`);
    if (buf[nameStart + nameLength] !== 0) throw inconsistent(`name of the entry at ${start} is not NUL-terminated`);
    const name = buf.toString('latin1', nameStart, nameStart + nameLength);
    if (!isValidEaName(name) || (flags & ~FILE_NEED_EA) !== 0) throw new NtStatusError(NtStatus.INVALID_EA_NAME, JSON.stringify(name));
    out.push({ flags, name, value: Buffer.from(buf.subarray(valueStart, valueStart + valueLength)) });
  }
  return out;
}

/** Bytes one entry takes, without the padding that aligns the next one. */
export function fullEaEntrySize(entry: FullEaEntry): number {
  return FULL_EA_HEADER + entry.name.length + 1 + entry.value.length;
}

/**
 * The length of the list as FILE_FULL_EA_INFORMATION, entries padded to 4 bytes except the last: what
 * FileEaInformation and the directory classes report as EaSize.
 */
export function fullEaListSize(list: readonly FullEaEntry[]): number {
  let size = 0;
  list.forEach((e, i) => {
    size += i + 1 < list.length ? align4(fullEaEntrySize(e)) : fullEaEntrySize(e);
  });
  return size;
}

/** Encodes entries as a FILE_FULL_EA_INFORMATION list (fullEaListSize bytes). Throws RangeError for entries the format cannot hold. */
export function encodeFullEaList(list: readonly FullEaEntry[]): Buffer {
  const buf = Buffer.alloc(fullEaListSize(list));
  let pos = 0;
  list.forEach((e, i) => {
    if (e.name.length === 0 || e.name.length > MAX_NAME_LENGTH) throw new RangeError(`EA name length ${e.name.length}`);
    if (e.value.length > MAX_VALUE_LENGTH) throw new RangeError(`EA value length ${e.value.length}`);
    const size = fullEaEntrySize(e);
    const last = i + 1 === list.length;
    buf.writeUInt32LE(last ? 0 : align4(size), pos);
    buf[pos + 4] = e.flags;
    buf[pos + 5] = e.name.length;
    buf.writeUInt16LE(e.value.length, pos + 6);
    buf.write(e.name, pos + FULL_EA_HEADER, 'latin1');
    e.value.copy(buf, pos + FULL_EA_HEADER + e.name.length + 1);
    pos += last ? size : align4(size);
  });
  return buf;
}

/**
 * Decodes a FILE_GET_EA_INFORMATION list (MS-FSCC 2.4.15.1): NextEntryOffset, EaNameLength, EaName and its
 * NUL. Malformed lists are STATUS_EA_LIST_INCONSISTENT, invalid names STATUS_INVALID_EA_NAME.
 */
export function decodeGetEaList(buf: Buffer): string[] {
  if (buf.length === 0) return [];
  const names: string[] = [];
  for (const { start, end } of entries(buf, GET_EA_HEADER)) {
    const nameLength = buf[start + 4]!;
    const nameStart = start + GET_EA_HEADER;
    if (nameStart + nameLength + 1 > end) throw inconsistent(`entry at ${start} overruns its space`);
    if (buf[nameStart + nameLength] !== 0) throw inconsistent(`name of the entry at ${start} is not NUL-terminated`);
    const name = buf.toString('latin1', nameStart, nameStart + nameLength);
    if (!isValidEaName(name)) throw new NtStatusError(NtStatus.INVALID_EA_NAME, JSON.stringify(name));
    names.push(name);
  }
  return names;
}

/** Encodes names as a FILE_GET_EA_INFORMATION list (what a client sends; used to build test requests). */
export function encodeGetEaList(names: readonly string[]): Buffer {
  const sizes = names.map((n) => GET_EA_HEADER + n.length + 1);
  const total = sizes.reduce((sum, s, i) => sum + (i + 1 < sizes.length ? align4(s) : s), 0);
  const buf = Buffer.alloc(total);
  let pos = 0;
  names.forEach((name, i) => {
    const last = i + 1 === names.length;
    buf.writeUInt32LE(last ? 0 : align4(sizes[i]!), pos);
    buf[pos + 4] = name.length;
    buf.write(name, pos + GET_EA_HEADER, 'latin1');
    pos += align4(sizes[i]!);
  });
  return buf;
}
