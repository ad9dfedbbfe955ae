// Alternate data streams in CREATE (MS-FSA 2.1.5.1 with a Stream.Name): what the name may ask for, how opens of
// a file and of its streams constrain each other, and what overwriting a file does to its streams.

import { AccessMask, CreateOptions, ShareAccess } from '../../protocol/constants.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { ClientContext, CreateResult, DriverHandle, ShareDriver } from '../../ios/types.ts';
import type { ServerState } from '../state/server-state.ts';
import type { Share } from '../state/share.ts';

/**
 * MS-FSA 2.1.5.1: a data stream is never a directory, so stream syntax (even "::$DATA") with
 * FILE_DIRECTORY_FILE is STATUS_NOT_A_DIRECTORY before anything is looked up.
 */
export function checkStreamOptions(stream: string | undefined, createOptions: number): void {
  if (stream !== undefined && createOptions & CreateOptions.DIRECTORY_FILE) throw new NtStatusError(NtStatus.NOT_A_DIRECTORY, 'a stream is not a directory');
}

/** "dir::$DATA" names a directory's unnamed data stream, which directories do not have. */
export function checkOpenedStream(stream: string | undefined, isDirectory: boolean): void {
  if (stream === '' && isDirectory) throw new NtStatusError(NtStatus.FILE_IS_A_DIRECTORY, 'a directory has no unnamed data stream');
}

/**
 * Share checks between a file and its streams, on top of each stream's own share modes (sharing.ts):
 * - a file that is delete-pending refuses opens of its streams too (STATUS_DELETE_PENDING);
 * - opening the file itself with DELETE access conflicts with any open of one of its streams that does not
 *   share delete (deleting the file deletes the streams), as Windows and Samba answer it.
 */
export function checkStreamSharing(server: ServerState, share: Share, fileId: bigint, stream: string, access: number): void {
  const file = server.findObject(share, fileId);
  if (!file) return;
  if (stream !== '' && file.deletePending) throw new NtStatusError(NtStatus.DELETE_PENDING);
  if (stream !== '' || !(access & AccessMask.DELETE)) return;
  for (const streamObject of file.streams.values()) {
    for (const open of streamObject.opens) {
      if (!(open.shareAccess & ShareAccess.DELETE)) throw new NtStatusError(NtStatus.SHARING_VIOLATION, 'a stream of the file is open without delete sharing');
    }
  }
}

/**
 * MS-FSA 2.1.5.1.2.1: overwriting or superseding a file replaces all of it, named streams included. Drivers may
 * do this themselves; whatever they left is removed here. Streams that cannot be removed are left (the open
 * itself has succeeded).
 */
export async function removeNamedStreamsAfterOverwrite(
  driver: ShareDriver,
  handle: DriverHandle,
  ctx: ClientContext,
  path: readonly string[],
  result: CreateResult,
  stream: string | undefined,
): Promise<void> {
  if (!driver.capabilities.namedStreams || (result !== 'overwritten' && result !== 'superseded') || (stream ?? '') !== '' || !handle.listStreams) return;
  const streams = await handle.listStreams(ctx).catch(() => []);
  for (const s of streams) await driver.unlink(ctx, path, s.name).catch(() => undefined);
}
