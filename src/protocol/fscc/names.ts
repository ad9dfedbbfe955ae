// File name rules of MS-FSCC 2.1.5: which names are valid, which are 8.3 names, and how a server makes up an
// 8.3 short name for a long one. Whether "." and ".." are acceptable in a given place is the caller's call.

import { NtStatus, NtStatusError } from '../status.ts';

/**
 * Upper case as an NTFS upcase table gives it: one UTF-16 code unit at a time, so a character whose upper case
 * is not a single code unit ("ß", ligatures) and each half of a surrogate pair stay as they are. Names that
 * differ only in what this maps together are the same name to a case-insensitive lookup (MS-FSA 2.1.4.x).
 */
export function upcaseName(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.toUpperCase();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const u = c.toUpperCase();
    out += u.length === 1 ? u : c;
  }
  return out;
}

/** Whether two names are the same name when case is ignored (upcaseName on both). */
export function sameNameIgnoringCase(a: string, b: string): boolean {
  return a.length === b.length && (a === b || upcaseName(a) === upcaseName(b));
}

/** MS-FSCC 2.1.5.2: a file name is 1 to 255 characters (UTF-16 code units). */
export const MAX_FILENAME_LENGTH = 255;

const isControl = (code: number): boolean => code <= 0x1f;
const FILENAME_FORBIDDEN = '"\\/:|<>*?';
const STREAMNAME_FORBIDDEN = '\\/:';

/** MS-FSCC 2.1.5.2 Filename: no control characters, none of " \ / : | < > * ?, 1 to 255 characters. */
export function isValidFileName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_FILENAME_LENGTH) return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (isControl(code) || FILENAME_FORBIDDEN.includes(name[i]!)) return false;
  }
  return true;
}

/**
 * MS-FSCC 2.1.5.3 Streamname: no NUL, \, / or :, at most 255 characters; the empty name is the default
 * stream. This is the name part only, without the ":$DATA" type suffix.
 */
export function isValidStreamName(name: string): boolean {
  if (name.length > MAX_FILENAME_LENGTH) return false;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) === 0 || STREAMNAME_FORBIDDEN.includes(name[i]!)) return false;
  }
  return true;
}

/**
 * MS-FSCC 2.1.5.2.1 8.3 Filename: a valid file name of characters below 0x80, no space, a base of 1-8
 * characters, then optionally "." and an extension of 1-3 characters (so at most one ".").
 */
export function is8dot3Name(name: string): boolean {
  if (!isValidFileName(name) || name.includes(' ')) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) >= 0x80) return false;
  const parts = name.split('.');
  if (parts.length > 2) return false;
  const [base, ext] = parts as [string, string | undefined];
  return base.length >= 1 && base.length <= 8 && (ext === undefined || (ext.length >= 1 && ext.length <= 3));
}

// Characters an 8.3 name cannot carry; generated names get "_" instead. Beyond the Filename exclusions these
// are the characters FAT reserves in short names, which clients still refuse there.
const SHORT_NAME_REPLACED = '"*+,/:;<=>?[\\]|';

function shortNameChars(part: string): string {
  let out = '';
  for (const ch of part) {
    const code = ch.codePointAt(0)!;
    if (ch === ' ' || ch === '.') continue;
    out += code >= 0x80 || isControl(code) || SHORT_NAME_REPLACED.includes(ch) ? '_' : ch.toUpperCase();
  }
  return out;
}

/** 16 bits of FNV-1a over the UTF-16 code units, as 4 hex digits: stable across runs and platforms. */
function nameHash(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return ((h ^ (h >>> 16)) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** Windows gives up on a long name after this many candidates; so do we. */
const MAX_SHORT_NAME_INDEX = 999_999;

/**
 * A short name for `longName`, e.g. "longfilename.txt" -> "LONGFI~1.TXT", for names that are not already 8.3
 * names (is8dot3Name). Leading periods are skipped; the extension is the first three usable characters after
 * the last "."; spaces and other periods are dropped; characters an 8.3 name cannot hold become "_".
 * Candidates are tried in a fixed order and the first one `isTaken` rejects not is returned, so the result
 * is deterministic and, given a truthful `isTaken` (compare case-insensitively), collision-free:
 * BASE~1 .. BASE~4 with the first six characters, then the first two characters, four hex digits of a hash
 * of the long name and ~1, ~2, ... (the base shortened as the number grows). Throws
 * NtStatusError(OBJECT_NAME_COLLISION) if every candidate is taken.
 */
export function generateShortName(longName: string, isTaken: (candidate: string) => boolean): string {
  const trimmed = longName.replace(/^\.+/, '');
  const dot = trimmed.lastIndexOf('.');
  const base = shortNameChars(dot >= 0 ? trimmed.slice(0, dot) : trimmed) || '_';
  const ext = dot >= 0 ? shortNameChars(trimmed.slice(dot + 1)).slice(0, 3) : '';
  const suffix = ext ? `.${ext}` : '';
  const candidate = (stem: string, index: number): string => {
    const tail = `~${index}`;
    return stem.slice(0, 8 - tail.length) + tail + suffix;
  };
  for (let i = 1; i <= 4; i++) {
    const name = candidate(base, i);
    if (!isTaken(name)) return name;
  }
  const hashed = base.slice(0, 2) + nameHash(longName);
  for (let i = 1; i <= MAX_SHORT_NAME_INDEX; i++) {
    const name = candidate(hashed, i);
    if (!isTaken(name)) return name;
  }
  throw new NtStatusError(NtStatus.OBJECT_NAME_COLLISION, `no free short name for ${longName}`);
}
