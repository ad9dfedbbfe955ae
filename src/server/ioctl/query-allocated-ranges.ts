// MS-FSA 2.1.5.10.22 FSCTL_QUERY_ALLOCATED_RANGES: the parts of a range that may hold data. A file that is
// not sparse is allocated through its end of file; a sparse one is asked of the driver, and reported whole
// when the driver cannot tell (reporting zeros as allocated is allowed, MS-FSCC 2.3.52; the reverse is not).

import type { ByteRange } from '../../ios/types.ts';
import { AccessMask, FileAttributes } from '../../protocol/constants.ts';
import {
  decodeFileAllocatedRangeBuffer,
  encodeFileAllocatedRangeBuffers,
  FILE_ALLOCATED_RANGE_BUFFER_SIZE,
} from '../../protocol/fsctl/allocated-ranges.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { dataStreamHandle, requireAccess } from './data-stream.ts';
import type { FsctlResult } from './index.ts';

const MAX_LONGLONG = 0x7fffffffffffffffn;

export async function queryAllocatedRanges(request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  const handle = dataStreamHandle(open);
  const query = decodeFileAllocatedRangeBuffer(body.input);
  if (query.fileOffset < 0n || query.length < 0n || query.fileOffset + query.length > MAX_LONGLONG) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'queried range outside 0..2^63-1');
  }
  requireAccess(open, AccessMask.FILE_READ_DATA, 'FSCTL_QUERY_ALLOCATED_RANGES needs FILE_READ_DATA');
  const ctx = request.clientContext();
  const stat = await handle.stat(ctx);
  const end = query.fileOffset + query.length < stat.size ? query.fileOffset + query.length : stat.size;
  let ranges: ByteRange[] = [];
  if (query.fileOffset < end) {
    const within = { offset: query.fileOffset, length: end - query.fileOffset };
    const sparse = (stat.attributes & FileAttributes.SPARSE_FILE) !== 0;
    ranges = sparse && handle.allocatedRanges ? clip(await handle.allocatedRanges(ctx, within), within) : [within];
  }
  if (ranges.length === 0) return { output: Buffer.alloc(0) };
  // No room for one entry is STATUS_BUFFER_TOO_SMALL (smbtorture smb2.ioctl.sparse_qar_malformed); room for some
  // returns those with STATUS_BUFFER_OVERFLOW, the client counting them by the output size (MS-FSCC 2.3.52).
  const fit = Math.floor(body.maxOutputResponse / FILE_ALLOCATED_RANGE_BUFFER_SIZE);
  if (fit === 0) throw new NtStatusError(NtStatus.BUFFER_TOO_SMALL, 'no room for one allocated range');
  const entries = ranges.slice(0, fit).map((r) => ({ fileOffset: r.offset, length: r.length }));
  return { status: fit < ranges.length ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS, output: encodeFileAllocatedRangeBuffers(entries) };
}

/** The driver's ranges cut to the queried one, dropping empty and out-of-order pieces a driver should not return. */
function clip(ranges: readonly ByteRange[], within: ByteRange): ByteRange[] {
  const end = within.offset + within.length;
  const out: ByteRange[] = [];
  let after = within.offset;
  for (const r of ranges) {
    const start = r.offset > after ? r.offset : after;
    const stop = r.offset + r.length < end ? r.offset + r.length : end;
    if (stop <= start) continue;
    out.push({ offset: start, length: stop - start });
    after = stop;
  }
  return out;
}
