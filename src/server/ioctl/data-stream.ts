// What the FSCTLs on file data (MS-FSA 2.1.5.10) ask of the open they are sent on.

import type { DriverHandle } from '../../ios/types.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Open } from '../state/open.ts';

/** The driver handle of a file or named stream, for FSCTLs that need one (pipes have none). */
export function fileHandle(open: Open): DriverHandle {
  if (!open.handle) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST, 'not an open of a file');
  return open.handle;
}

/** MS-FSA 2.1.5.10.x: "If Open.Stream.StreamType != DataStream ... STATUS_INVALID_PARAMETER". */
export function dataStreamHandle(open: Open): DriverHandle {
  const handle = fileHandle(open);
  if (open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'a directory has no data stream');
  return handle;
}

/** Fails with STATUS_ACCESS_DENIED unless the open was granted one of `rights`. */
export function requireAccess(open: Open, rights: number, what: string): void {
  if ((open.grantedAccess & rights) === 0) throw new NtStatusError(NtStatus.ACCESS_DENIED, what);
}
