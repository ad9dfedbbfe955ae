// MS-SMB2 3.3.5.9 / MS-FSCC 2.1.5: turning a CREATE Name into share-relative components that can never
// leave the share, plus the stream it names (MS-FSCC 2.1.5.3 "file:stream:$DATA"). The driver receives only
// names that passed here.

import { NtStatus, NtStatusError } from '../protocol/status.ts';
import { isValidFileName, isValidStreamName, sameNameIgnoringCase } from '../protocol/fscc/names.ts';

/** In a `u` regex a surrogate pair is one code point, so this matches only unpaired surrogates. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;
/** MS-FSCC 2.1.5.3: the one stream type a data stream open may name. */
const DATA_STREAM_TYPE = '$DATA';

/** Whether two share-relative paths name the same object, comparing components as NTFS does (ignoring case). */
export function samePathIgnoringCase(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => sameNameIgnoringCase(name, b[i]!));
}

export interface ShareName {
  /** Share-relative path components; [] is the share root. */
  path: string[];
  /**
   * The data stream: undefined when the name has no stream part, '' for the unnamed data stream named
   * explicitly ("file::$DATA"), otherwise the stream name as written (without ":$DATA").
   */
  stream: string | undefined;
}

export interface NameRules {
  /** Longest component, in UTF-16 code units (the driver's maxNameLength). */
  maxComponentLength: number;
  /** Whether the share has alternate data streams; without them any stream syntax is an invalid name. */
  namedStreams: boolean;
}

const invalidName = (why: string): NtStatusError => new NtStatusError(NtStatus.OBJECT_NAME_INVALID, why);

function checkComponent(part: string, maxComponentLength: number): void {
  if (part.length > maxComponentLength) throw invalidName('name too long');
  if (!isValidFileName(part)) throw invalidName('invalid character in name');
  // MS-FSCC allows any 16-bit code unit, but drivers keep names as Unicode text (UTF-8 on POSIX) and
  // clients convert listings to their own charset: a name that is not well-formed UTF-16 would be
  // stored mangled, and break directory listings for every client that meets it.
  if (UNPAIRED_SURROGATE.test(part)) throw invalidName('unpaired UTF-16 surrogate in name');
}

/**
 * Splits "name", "name:stream", "name:stream:$DATA" and "name::$DATA" (MS-FSCC 2.1.5.3). A type other than
 * $DATA (case-insensitive), an empty stream name without a type, more colons, or a stream name with a
 * character streams cannot hold are STATUS_OBJECT_NAME_INVALID, as Windows answers them.
 */
export function splitStreamSyntax(component: string): { file: string; stream: string | undefined } {
  const colon = component.indexOf(':');
  if (colon < 0) return { file: component, stream: undefined };
  const parts = component.slice(colon + 1).split(':');
  if (parts.length > 2) throw invalidName('more than one stream type');
  const [stream, type] = parts as [string, string | undefined];
  if (type === undefined ? stream === '' : !sameNameIgnoringCase(type, DATA_STREAM_TYPE)) throw invalidName('stream type is not $DATA');
  if (stream !== '' && !isValidStreamName(stream)) throw invalidName('invalid stream name');
  if (UNPAIRED_SURROGATE.test(stream)) throw invalidName('unpaired UTF-16 surrogate in stream name');
  return { file: component.slice(0, colon), stream };
}

/**
 * Parses a CREATE Name (MS-SMB2 2.2.13): components separated by "\" (or "/", which Windows clients never
 * send but other clients do, and Samba accepts), a trailing separator ignored, stream syntax allowed on the
 * last component only. "." and ".." are not names on NTFS (MS-FSA 2.1.5.1); a ".." that would climb above
 * the share is STATUS_OBJECT_PATH_SYNTAX_BAD, any other is STATUS_OBJECT_NAME_INVALID, so no name ever
 * leaves the share.
 */
export function parseShareName(name: string, rules: NameRules): ShareName {
  if (name === '') return { path: [], stream: undefined };
  const normalized = name.replaceAll('/', '\\');
  // MS-SMB2 3.3.5.9: the name is relative to the share; a leading separator is malformed.
  if (normalized.startsWith('\\')) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'leading path separator');
  // A trailing separator names the same directory (clients send "dir\\" for directory opens).
  const trimmed = normalized.endsWith('\\') ? normalized.slice(0, -1) : normalized;
  const parts = trimmed.split('\\');
  const last = parts.length - 1;
  let stream: string | undefined;
  if (parts[last]!.includes(':')) {
    if (!rules.namedStreams) throw invalidName('the share has no streams');
    const split = splitStreamSyntax(parts[last]!);
    stream = split.stream;
    // ":stream" alone names a stream of the share root.
    if (split.file === '' && last === 0) return { path: [], stream };
    parts[last] = split.file;
  }
  parts.forEach((part, i) => {
    if (part === '..') {
      if (i === 0) throw new NtStatusError(NtStatus.OBJECT_PATH_SYNTAX_BAD, '".." above the share root');
      throw invalidName('".." path component');
    }
    if (part === '' || part === '.') throw invalidName('empty or "." path component');
    if (part.includes(':')) throw invalidName('stream syntax before the last component');
    checkComponent(part, rules.maxComponentLength);
  });
  return { path: parts, stream };
}
