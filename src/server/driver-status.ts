// DriverError codes → NTSTATUS, one table per kind of operation, because the same failure means a
// different status depending on what was asked (MS-FSA 2.1.5.1 for opens, 2.1.5.14.x for set-info).

import { NtStatus } from '../protocol/status.ts';
import type { DriverErrorCode } from '../ios/types.ts';

export type OperationKind = 'generic' | 'open' | 'rename' | 'delete';

const generic: Record<DriverErrorCode, number> = {
  'not-found': NtStatus.OBJECT_NAME_NOT_FOUND,
  'path-not-found': NtStatus.OBJECT_PATH_NOT_FOUND,
  exists: NtStatus.OBJECT_NAME_COLLISION,
  'not-a-directory': NtStatus.NOT_A_DIRECTORY,
  'is-a-directory': NtStatus.FILE_IS_A_DIRECTORY,
  'not-empty': NtStatus.DIRECTORY_NOT_EMPTY,
  'access-denied': NtStatus.ACCESS_DENIED,
  'read-only': NtStatus.ACCESS_DENIED,
  'no-space': NtStatus.DISK_FULL,
  'name-invalid': NtStatus.OBJECT_NAME_INVALID,
  'name-too-long': NtStatus.NAME_TOO_LONG,
  busy: NtStatus.SHARING_VIOLATION,
  'too-many-open-files': NtStatus.TOO_MANY_OPENED_FILES,
  'not-supported': NtStatus.NOT_SUPPORTED,
  'escapes-share': NtStatus.ACCESS_DENIED,
  'invalid-parameter': NtStatus.INVALID_PARAMETER,
  io: NtStatus.UNSUCCESSFUL,
};

const overrides: Record<OperationKind, Partial<Record<DriverErrorCode, number>>> = {
  generic: {},
  open: {
    // MS-FSA 2.1.5.1.2.1: a file in the path where a directory was expected.
    'not-a-directory': NtStatus.NOT_A_DIRECTORY,
    'escapes-share': NtStatus.OBJECT_PATH_NOT_FOUND,
  },
  rename: {
    'not-found': NtStatus.OBJECT_NAME_NOT_FOUND,
    'not-empty': NtStatus.ACCESS_DENIED,
    'is-a-directory': NtStatus.ACCESS_DENIED,
  },
  delete: {
    'not-empty': NtStatus.DIRECTORY_NOT_EMPTY,
  },
};

export function statusForDriverError(code: DriverErrorCode, kind: OperationKind): number {
  return overrides[kind][code] ?? generic[code];
}
