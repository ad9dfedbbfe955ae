// Which MS-FSCC 2.6 attributes a driver keeps, shared by the bundled drivers so they agree on what a client
// can set through CREATE and FileBasicInformation and what only the driver itself controls.

import { FileAttributes } from '../protocol/constants.ts';

/** Attributes a client sets through CREATE or FileBasicInformation (MS-FSA 2.1.5.15.2). */
export const SETTABLE_ATTRIBUTES =
  FileAttributes.READONLY |
  FileAttributes.HIDDEN |
  FileAttributes.SYSTEM |
  FileAttributes.ARCHIVE |
  FileAttributes.TEMPORARY |
  FileAttributes.OFFLINE |
  FileAttributes.NOT_CONTENT_INDEXED;

/**
 * Attributes only the file system changes: SPARSE_FILE through FSCTL_SET_SPARSE (MS-FSA 2.1.5.9.33).
 * FileBasicInformation leaves them as they are.
 */
export const PRESERVED_ATTRIBUTES = FileAttributes.SPARSE_FILE;

/** Attributes as a file stores them; NORMAL and type bits are never stored. */
export function fileAttributes(requested: number): number {
  return requested & SETTABLE_ATTRIBUTES;
}

/** TEMPORARY has no meaning for a directory (MS-FSCC 2.6); DIRECTORY is always present. */
export function directoryAttributes(requested: number): number {
  return (requested & SETTABLE_ATTRIBUTES & ~FileAttributes.TEMPORARY) | FileAttributes.DIRECTORY;
}

/** A new attribute set from FileBasicInformation: the settable bits from the request, the rest as they were. */
export function changedAttributes(current: number, requested: number, isDirectory: boolean): number {
  const settable = isDirectory ? directoryAttributes(requested) : fileAttributes(requested);
  return settable | (current & PRESERVED_ATTRIBUTES);
}
