// MS-FSA 2.1.5.10.4 FSCTL_DUPLICATE_EXTENTS_TO_FILE: block cloning, through the driver's cloneRange. A driver
// without it answers STATUS_NOT_SUPPORTED, as Samba does on file systems without reflinks. Unlike a
// server-side copy, cloning never extends the target — the part of the range past its end of file is left
// out and the request still succeeds — and ignores byte-range locks, as Windows Server 2016 does (smbtorture
// smb2.ioctl.dup_extents_len_beyond_dest, dup_extents_sparse_dest, dup_extents_src_lock, dup_extents_dest_lock).

import { AccessMask, FileAttributes } from '../../protocol/constants.ts';
import { decodeDuplicateExtentsData, DUPLICATE_EXTENTS_DATA_SIZE, type DuplicateExtentsData } from '../../protocol/fsctl/duplicate-extents.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { beforeWrite } from '../info/write-time.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { dataStreamHandle, requireAccess } from './data-stream.ts';
import type { FsctlResult } from './index.ts';

export async function duplicateExtentsToFile(request: Smb2Request, body: IoctlRequest, target: Open): Promise<FsctlResult> {
  const handle = dataStreamHandle(target);
  if (!handle.cloneRange) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'the driver cannot clone blocks');
  if (body.input.length < DUPLICATE_EXTENTS_DATA_SIZE) throw new NtStatusError(NtStatus.BUFFER_TOO_SMALL, 'SMB2_DUPLICATE_EXTENTS_DATA too short');
  const d = decodeDuplicateExtentsData(body.input);
  // A FileHandle naming no open of the session is STATUS_INVALID_HANDLE, as Windows answers (smbtorture
  // smb2.ioctl.dup_extents_bad_handle); one that is not a file of the same volume is STATUS_INVALID_PARAMETER (MS-FSCC 2.3.8).
  const source = request.server.opens.get(d.sourceVolatileFileId);
  if (!source || source.persistentFileId !== d.sourcePersistentFileId || source.session !== target.session) {
    throw new NtStatusError(NtStatus.INVALID_HANDLE, 'FileHandle names no open');
  }
  if (!source.handle || source.isDirectory || source.treeConnect.share.driver !== target.treeConnect.share.driver) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'FileHandle is not a file on this volume');
  }
  if (d.sourceFileOffset < 0n || d.targetFileOffset < 0n || d.byteCount < 0n) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'negative offset or count');
  requireAccess(source, AccessMask.FILE_READ_DATA, 'the source is not open for reading');
  requireAccess(target, AccessMask.FILE_WRITE_DATA, 'the target is not open for writing');
  if (d.byteCount === 0n) return { output: Buffer.alloc(0) };
  // The source is in use like the target: a CLOSE of it waits for the clone (Open.enter, commands/close.ts).
  source.enter();
  try {
    await clone(request, d, source, target);
  } finally {
    source.leave();
  }
  return { output: Buffer.alloc(0) };
}

async function clone(request: Smb2Request, d: DuplicateExtentsData, source: Open, target: Open): Promise<void> {
  const ctx = request.clientContext();
  const [from, to] = await Promise.all([source.handle!.stat(ctx), target.handle!.stat(ctx)]);
  // MS-FSCC 2.3.8 STATUS_NOT_SUPPORTED: a source range beyond its data, overlapping ranges of one file, or a
  // sparse source cloned into a file that is not sparse.
  if (d.sourceFileOffset + d.byteCount > from.size) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'the source range is beyond its end of file');
  const sameFile = source.object !== undefined && source.object === target.object;
  if (sameFile && d.sourceFileOffset < d.targetFileOffset + d.byteCount && d.targetFileOffset < d.sourceFileOffset + d.byteCount) {
    throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'overlapping ranges of one file');
  }
  if ((from.attributes & FileAttributes.SPARSE_FILE) !== 0 && (to.attributes & FileAttributes.SPARSE_FILE) === 0) {
    throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'a sparse source into a target that is not sparse');
  }
  const count = d.targetFileOffset >= to.size ? 0n : d.byteCount < to.size - d.targetFileOffset ? d.byteCount : to.size - d.targetFileOffset;
  if (count === 0n) return;
  request.server.leases.breakReadCaching(target, true);
  await beforeWrite(target, ctx);
  await target.handle!.cloneRange!(ctx, source.handle!, d.sourceFileOffset, d.targetFileOffset, count);
}
