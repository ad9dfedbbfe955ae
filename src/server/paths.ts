// MS-SMB2 3.3.5.9 / MS-FSCC 2.1.5: turning a CREATE Name into share-relative components that can never
// leave the share. The driver receives only names that passed here.

import { NtStatus, NtStatusError } from '../protocol/status.ts';
import { isValidFileName } from '../protocol/fscc/names.ts';

/** The default data stream suffix; any other stream name needs named-stream support. */
const DEFAULT_DATA_STREAM = /::\$DATA$/i;
/** In a `u` regex a surrogate pair is one code point, so this matches only unpaired surrogates. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

export function parseSharePath(name: string, maxComponentLength: number): string[] {
  if (name === '') return [];
  // MS-SMB2 3.3.5.9: the name is relative to the share; a leading separator is malformed.
  if (name.startsWith('\\')) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'leading path separator');
  const withoutStream = name.replace(DEFAULT_DATA_STREAM, '');
  // A trailing separator names the same directory (clients send "dir\\" for directory opens).
  const trimmed = withoutStream.endsWith('\\') ? withoutStream.slice(0, -1) : withoutStream;
  const parts = trimmed.split('\\');
  for (const part of parts) {
    // "." and ".." are not names on NTFS (MS-FSA 2.1.5.1); refusing them also keeps every path inside the share.
    if (part === '' || part === '.' || part === '..') throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID, 'empty, "." or ".." path component');
    if (part.includes(':')) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID, 'named streams are not supported');
    if (part.length > maxComponentLength) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID, 'name too long');
    if (!isValidFileName(part)) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID, 'invalid character in name');
    // MS-FSCC allows any 16-bit code unit, but drivers keep names as Unicode text (UTF-8 on POSIX) and
    // clients convert listings to their own charset: a name that is not well-formed UTF-16 would be
    // stored mangled, and break directory listings for every client that meets it.
    if (UNPAIRED_SURROGATE.test(part)) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID, 'unpaired UTF-16 surrogate in name');
  }
  return parts;
}
