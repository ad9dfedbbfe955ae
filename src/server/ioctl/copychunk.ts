// MS-SMB2 3.3.5.15.6 Handling a Server-Side Data Copy Request (FSCTL_SRV_COPYCHUNK and _WRITE): the chunks
// are copied in order from the open a resume key names to the open the request is sent on, through the
// driver's copyRange when both opens are on the same driver, otherwise by reading and writing through their
// handles. Each chunk is checked against the source's end of file and both files' byte-range locks when its
// turn comes, as Windows Server 2012 does (it reads and writes each chunk, smbtorture smb2.ioctl.copy_chunk_*).

import { DriverError } from '../../ios/types.ts';
import { AccessMask } from '../../protocol/constants.ts';
import { FsctlCode } from '../../protocol/fsctl/codes.ts';
import {
  decodeSrvCopychunkCopy,
  encodeSrvCopychunkResponse,
  RESUME_KEY_SIZE,
  SRV_COPYCHUNK_RESPONSE_SIZE,
  type SrvCopychunk,
  type SrvCopychunkCopy,
  type SrvCopychunkResponse,
} from '../../protocol/fsctl/copychunk.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { canRead } from '../access.ts';
import { statusForDriverError } from '../driver-status.ts';
import { beforeWrite } from '../info/write-time.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import type { FsctlResult } from './index.ts';
import { openByResumeKey } from './resume-key.ts';

/**
 * MS-SMB2 3.3.3 ServerSideCopyMaxNumberofChunks, ServerSideCopyMaxChunkSize and ServerSideCopyMaxDataSize, at
 * the values Windows Server uses (and Samba, whose limits smbtorture smb2.ioctl.copy_chunk_limits prints).
 */
export const SERVER_SIDE_COPY_LIMITS = {
  maxNumberOfChunks: 256,
  maxChunkSize: 1024 * 1024,
  maxDataSize: 16 * 1024 * 1024,
} as const;

/** MS-SMB2 3.3.5.15.6: TargetOffset is a signed quantity; negative ones are refused. */
const MAX_OFFSET = 0x7fffffffffffffffn;

const limitsResponse = (): FsctlResult => ({
  status: NtStatus.INVALID_PARAMETER,
  output: encodeSrvCopychunkResponse({
    chunksWritten: SERVER_SIDE_COPY_LIMITS.maxNumberOfChunks,
    chunkBytesWritten: SERVER_SIDE_COPY_LIMITS.maxChunkSize,
    totalBytesWritten: SERVER_SIDE_COPY_LIMITS.maxDataSize,
  }),
});

/** MS-SMB2 3.3.5.15.6: the request as a whole, before anything is copied. */
function withinLimits(copy: SrvCopychunkCopy): boolean {
  if (copy.chunks.length > SERVER_SIDE_COPY_LIMITS.maxNumberOfChunks) return false;
  let total = 0;
  for (const chunk of copy.chunks) {
    if (chunk.length === 0 || chunk.length > SERVER_SIDE_COPY_LIMITS.maxChunkSize) return false;
    // 0xFFFFFFFFFFFFFFFF is exempt from this check in MS-SMB2 3.3.5.15.6 without a meaning given; like Samba,
    // it is refused along with the other negative offsets.
    if (chunk.targetOffset > MAX_OFFSET) return false;
    total += chunk.length;
  }
  return total <= SERVER_SIDE_COPY_LIMITS.maxDataSize;
}

export async function srvCopychunk(request: Smb2Request, body: IoctlRequest, target: Open): Promise<FsctlResult> {
  // MS-SMB2 3.3.5.15.6: the source open first, by the key at the start of the input.
  const source = body.input.length >= RESUME_KEY_SIZE ? openByResumeKey(request, body.input.subarray(0, RESUME_KEY_SIZE)) : undefined;
  if (body.input.length >= RESUME_KEY_SIZE && !source) throw new NtStatusError(NtStatus.OBJECT_NAME_NOT_FOUND, 'unknown resume key');
  if (body.maxOutputResponse < SRV_COPYCHUNK_RESPONSE_SIZE) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'no room for SRV_COPYCHUNK_RESPONSE');
  let copy: SrvCopychunkCopy;
  try {
    copy = decodeSrvCopychunkCopy(body.input);
  } catch (error) {
    if (error instanceof NtStatusError) return limitsResponse();
    throw error;
  }
  if (!source || !withinLimits(copy) || source.pipe || target.pipe) return limitsResponse();
  // Source access as Windows checks it: FILE_EXECUTE reads as well as FILE_READ_DATA (smbtorture
  // smb2.ioctl.copy_chunk_bad_access); the target of FSCTL_SRV_COPYCHUNK must also be readable.
  if (!canRead(source.grantedAccess)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'source not opened for reading');
  if ((target.grantedAccess & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) === 0) {
    throw new NtStatusError(NtStatus.ACCESS_DENIED, 'target not opened for writing');
  }
  if (body.ctlCode === FsctlCode.FSCTL_SRV_COPYCHUNK && (target.grantedAccess & AccessMask.FILE_READ_DATA) === 0) {
    throw new NtStatusError(NtStatus.ACCESS_DENIED, 'FSCTL_SRV_COPYCHUNK target not opened for reading');
  }
  // Directories have no data to copy (Samba refuses them the same way).
  if (source.isDirectory || target.isDirectory || !source.handle || !target.handle) {
    throw new NtStatusError(NtStatus.ACCESS_DENIED, 'a directory cannot be copied to or from');
  }

  const done: SrvCopychunkResponse = { chunksWritten: 0, chunkBytesWritten: 0, totalBytesWritten: 0 };
  // The source is in use like the target: a CLOSE of it waits for the copy (Open.enter, commands/close.ts).
  source.enter();
  try {
    for (const chunk of copy.chunks) {
      const written = await copyChunk(request, source, target, chunk);
      done.totalBytesWritten += written;
      if (written < chunk.length) {
        done.chunkBytesWritten = written;
        throw new NtStatusError(NtStatus.INVALID_VIEW_SIZE, 'the source ended within the chunk');
      }
      done.chunksWritten++;
    }
  } catch (error) {
    // MS-SMB2 3.3.5.15.6.1: a failed chunk ends the copy; the response still says how far it got.
    return { status: failureStatus(error), output: encodeSrvCopychunkResponse(done) };
  } finally {
    source.leave();
  }
  return { output: encodeSrvCopychunkResponse(done) };
}

function failureStatus(error: unknown): number {
  if (error instanceof NtStatusError) return error.status;
  if (error instanceof DriverError) return statusForDriverError(error.code, 'generic');
  throw error;
}

/** Copies one chunk; returns the bytes written (fewer than asked only if the source shrank meanwhile). */
async function copyChunk(request: Smb2Request, source: Open, target: Open, chunk: SrvCopychunk): Promise<number> {
  const ctx = request.clientContext();
  const length = BigInt(chunk.length);
  const { size } = await source.handle!.stat(ctx);
  // A chunk reaching past the source's end of file fails with STATUS_INVALID_VIEW_SIZE, as Windows and Samba
  // answer (smbtorture smb2.ioctl.copy_chunk_src_exceed).
  if (chunk.sourceOffset > size || length > size - chunk.sourceOffset) {
    throw new NtStatusError(NtStatus.INVALID_VIEW_SIZE, 'chunk beyond the end of the source');
  }
  // The copy reads and writes, so byte-range locks apply to it as to READ and WRITE (MS-FSA 2.1.5.2, 2.1.5.3).
  await source.object?.byteRangeLocks.checkIo(source, { offset: chunk.sourceOffset, length }, false);
  await target.object?.byteRangeLocks.checkIo(target, { offset: chunk.targetOffset, length }, true);
  request.server.leases.breakReadCaching(target, true);
  await beforeWrite(target, ctx);
  const sameDriver = source.treeConnect.share.driver === target.treeConnect.share.driver;
  if (sameDriver && target.handle!.copyRange) {
    return Number(await target.handle!.copyRange(ctx, source.handle!, chunk.sourceOffset, chunk.targetOffset, length));
  }
  // Read the whole chunk before writing any of it, so that overlapping ranges of one file copy as they were.
  const buffer = Buffer.alloc(chunk.length);
  let read = 0;
  while (read < buffer.length) {
    const n = await source.handle!.read(ctx, buffer.subarray(read), chunk.sourceOffset + BigInt(read));
    if (n === 0) break;
    read += n;
  }
  if (read > 0) await target.handle!.write(ctx, buffer.subarray(0, read), chunk.targetOffset);
  return read;
}
