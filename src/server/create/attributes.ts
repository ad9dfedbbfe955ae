// The DOS attributes a CREATE gives the file it creates or overwrites (MS-FSA 2.1.5.1.1 and 2.1.5.1.2.1).

import { CreateOptions, FileAttributes } from '../../protocol/constants.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { FileStat, OpenDisposition } from '../../ios/types.ts';

const TRUNCATING: ReadonlySet<OpenDisposition> = new Set(['overwrite', 'overwrite-if', 'supersede']);

/**
 * The attributes for a new or overwritten object: the client's, without NORMAL (drivers never store it), and
 * files get ARCHIVE: a new file has not been backed up. Directories take the client's as they are.
 */
export function attributesForCreate(fileAttributes: number, createOptions: number): number {
  const attributes = fileAttributes & ~FileAttributes.NORMAL;
  return createOptions & CreateOptions.DIRECTORY_FILE ? attributes : attributes | FileAttributes.ARCHIVE;
}

/**
 * MS-FSA 2.1.5.1.2.1: overwriting or superseding a HIDDEN or SYSTEM file must ask for that attribute again,
 * so a program that does not know about it cannot strip it; otherwise STATUS_ACCESS_DENIED.
 */
export function checkOverwriteAttributes(existing: FileStat | undefined, disposition: OpenDisposition, fileAttributes: number): void {
  if (!existing || existing.isDirectory || !TRUNCATING.has(disposition)) return;
  for (const bit of [FileAttributes.HIDDEN, FileAttributes.SYSTEM]) {
    if (existing.attributes & bit && !(fileAttributes & bit)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'overwriting a hidden or system file without that attribute');
  }
}
