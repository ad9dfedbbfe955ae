// Access masks: generic rights mapped to file rights (MS-SMB2 3.3.5.9 / MS-FSA 2.1.5.1.2.1), the rights
// that count as reading, writing and deleting, and the share-access check between opens (MS-FSA 2.1.5.1.2).

import { AccessMask as A, ShareAccess } from '../protocol/constants.ts';

export const FILE_GENERIC_READ = A.READ_CONTROL | A.SYNCHRONIZE | A.FILE_READ_DATA | A.FILE_READ_ATTRIBUTES | A.FILE_READ_EA;
export const FILE_GENERIC_WRITE =
  A.READ_CONTROL | A.SYNCHRONIZE | A.FILE_WRITE_DATA | A.FILE_WRITE_ATTRIBUTES | A.FILE_WRITE_EA | A.FILE_APPEND_DATA;
export const FILE_GENERIC_EXECUTE = A.READ_CONTROL | A.SYNCHRONIZE | A.FILE_READ_ATTRIBUTES | A.FILE_EXECUTE;
export const FILE_ALL_ACCESS = 0x001f01ff;

/** Rights that change data, metadata or the namespace, refused on read-only shares. */
export const WRITE_RIGHTS =
  A.FILE_WRITE_DATA | A.FILE_APPEND_DATA | A.FILE_WRITE_EA | A.FILE_WRITE_ATTRIBUTES | A.FILE_DELETE_CHILD | A.DELETE | A.WRITE_DAC | A.WRITE_OWNER;

export function mapGenericRights(mask: number): number {
  let m = mask & ~(A.GENERIC_READ | A.GENERIC_WRITE | A.GENERIC_EXECUTE | A.GENERIC_ALL);
  if (mask & A.GENERIC_READ) m |= FILE_GENERIC_READ;
  if (mask & A.GENERIC_WRITE) m |= FILE_GENERIC_WRITE;
  if (mask & A.GENERIC_EXECUTE) m |= FILE_GENERIC_EXECUTE;
  if (mask & A.GENERIC_ALL) m |= FILE_ALL_ACCESS;
  return m >>> 0;
}

/** The most a user may be granted on a share (MS-SMB2 2.2.10 MaximalAccess). */
export function shareMaximalAccess(readOnly: boolean): number {
  return readOnly ? (FILE_GENERIC_READ | FILE_GENERIC_EXECUTE) >>> 0 : FILE_ALL_ACCESS;
}

const READ_LIKE = A.FILE_READ_DATA | A.FILE_EXECUTE;
const WRITE_LIKE = A.FILE_WRITE_DATA | A.FILE_APPEND_DATA;

export const canRead = (granted: number): boolean => (granted & READ_LIKE) !== 0;
export const canWrite = (granted: number): boolean => (granted & WRITE_LIKE) !== 0;

/**
 * MS-FSA 2.1.5.1.2 share access check: a new open conflicts with an existing one when either wants a
 * kind of access the other does not share.
 */
export function shareAccessConflicts(
  existing: { grantedAccess: number; shareAccess: number },
  requested: { access: number; shareAccess: number },
): boolean {
  const wants = (access: number, bit: number) =>
    bit === ShareAccess.READ ? (access & READ_LIKE) !== 0 : bit === ShareAccess.WRITE ? (access & WRITE_LIKE) !== 0 : (access & A.DELETE) !== 0;
  // MS-FSA 2.1.5.1.2.2: opens for attributes or security only (no data or delete rights) take part in no sharing check.
  const sharingRights = READ_LIKE | WRITE_LIKE | A.DELETE;
  if (!(existing.grantedAccess & sharingRights) || !(requested.access & sharingRights)) return false;
  for (const bit of [ShareAccess.READ, ShareAccess.WRITE, ShareAccess.DELETE]) {
    if (wants(requested.access, bit) && !(existing.shareAccess & bit)) return true;
    if (wants(existing.grantedAccess, bit) && !(requested.shareAccess & bit)) return true;
  }
  return false;
}
