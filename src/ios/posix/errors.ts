// errno → DriverErrorCode. Callers that know more than the errno (a missing parent versus a missing leaf,
// a non-empty directory) decide those cases themselves before falling back to this table.

import { DriverError } from '../types.ts';
import type { DriverErrorCode } from '../types.ts';

const ERRNO_CODES: Readonly<Record<string, DriverErrorCode>> = {
  ENOENT: 'not-found',
  ENOTDIR: 'not-a-directory',
  EISDIR: 'is-a-directory',
  EEXIST: 'exists',
  ENOTEMPTY: 'not-empty',
  EACCES: 'access-denied',
  EPERM: 'access-denied',
  // A symlink appeared where an O_NOFOLLOW open expected the object already checked for containment.
  ELOOP: 'access-denied',
  EROFS: 'read-only',
  ENOSPC: 'no-space',
  EDQUOT: 'no-space',
  // Past the largest file the backing file system holds.
  EFBIG: 'no-space',
  // An extended attribute larger than the file system keeps per inode.
  E2BIG: 'no-space',
  ENAMETOOLONG: 'name-too-long',
  // Names the backing file system cannot store (e.g. not valid UTF-8 on a utf8only ZFS dataset).
  EILSEQ: 'name-invalid',
  EBUSY: 'busy',
  ETXTBSY: 'busy',
  EMFILE: 'too-many-open-files',
  ENFILE: 'too-many-open-files',
  ENOTSUP: 'not-supported',
  EOPNOTSUPP: 'not-supported',
  ENOSYS: 'not-supported',
  // A rename between two mounts that both live under the share root.
  EXDEV: 'not-supported',
  EINVAL: 'invalid-parameter',
};

/** The errno of a Node system error, or undefined for anything else. */
export function errnoOf(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && 'syscall' in error) {
    return error.code;
  }
  return undefined;
}

/**
 * Converts a failed system call into a DriverError. Errors that are not system errors (bugs, Node argument
 * validation) are returned unchanged so they are not mistaken for storage failures.
 */
export function driverErrorFrom(error: unknown, action: string): unknown {
  if (error instanceof DriverError) return error;
  const errno = errnoOf(error);
  if (errno === undefined) return error;
  return driverErrorForErrno(errno, action, error);
}

/** The DriverError for an errno name, for callers that get errno names from somewhere other than Node's fs. */
export function driverErrorForErrno(errno: string, action: string, cause?: unknown): DriverError {
  return new DriverError(ERRNO_CODES[errno] ?? 'io', `${action}: ${errno}`, { cause });
}
