// MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION: the change records a CHANGE_NOTIFY response carries (MS-SMB2 2.2.36).
// Each record's FileName is padded to a 4-byte boundary counted from the record's start, and NextEntryOffset
// is 0 on the last one; the last record is padded too, as Windows and Samba send it.

import { NtStatus, NtStatusError } from '../status.ts';
import { utf16 } from '../wire.ts';

/** MS-FSCC 2.7.1 Action. */
export const FileAction = {
  FILE_ACTION_ADDED: 0x00000001,
  FILE_ACTION_REMOVED: 0x00000002,
  FILE_ACTION_MODIFIED: 0x00000003,
  FILE_ACTION_RENAMED_OLD_NAME: 0x00000004,
  FILE_ACTION_RENAMED_NEW_NAME: 0x00000005,
  FILE_ACTION_ADDED_STREAM: 0x00000006,
  FILE_ACTION_REMOVED_STREAM: 0x00000007,
  FILE_ACTION_MODIFIED_STREAM: 0x00000008,
} as const;

export interface FileNotifyInformation {
  action: number;
  /** Relative to the watched directory, components separated by "\"; "file:stream" for stream actions. */
  fileName: string;
}

/** NextEntryOffset, Action and FileNameLength. */
const HEADER = 12;
const align4 = (n: number): number => (n + 3) & ~3;

/** Bytes one record takes in the list, padding included. */
export function fileNotifyInformationSize(entry: FileNotifyInformation): number {
  return align4(HEADER + entry.fileName.length * 2);
}

export function encodeFileNotifyInformation(entries: readonly FileNotifyInformation[]): Buffer {
  let total = 0;
  for (const e of entries) total += fileNotifyInformationSize(e);
  const out = Buffer.alloc(total);
  let pos = 0;
  entries.forEach((e, i) => {
    const size = fileNotifyInformationSize(e);
    out.writeUInt32LE(i === entries.length - 1 ? 0 : size, pos);
    out.writeUInt32LE(e.action, pos + 4);
    out.writeUInt32LE(e.fileName.length * 2, pos + 8);
    out.write(e.fileName, pos + HEADER, 'utf16le');
    pos += size;
  });
  return out;
}

/** Decodes a record list; a record that overruns the buffer or a misaligned offset is STATUS_INVALID_PARAMETER. */
export function decodeFileNotifyInformation(buf: Buffer): FileNotifyInformation[] {
  const out: FileNotifyInformation[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (buf.length - pos < HEADER) throw new NtStatusError(NtStatus.INVALID_PARAMETER, `record at ${pos} is truncated`);
    const next = buf.readUInt32LE(pos);
    const nameLength = buf.readUInt32LE(pos + 8);
    if (nameLength % 2 !== 0 || nameLength > buf.length - pos - HEADER) throw new NtStatusError(NtStatus.INVALID_PARAMETER, `FileNameLength ${nameLength} at ${pos}`);
    out.push({ action: buf.readUInt32LE(pos + 4), fileName: utf16.decode(buf.subarray(pos + HEADER, pos + HEADER + nameLength)) });
    if (next === 0) break;
    if (next % 4 !== 0 || next < HEADER + nameLength || next > buf.length - pos) throw new NtStatusError(NtStatus.INVALID_PARAMETER, `NextEntryOffset ${next} at ${pos}`);
    pos += next;
  }
  return out;
}
