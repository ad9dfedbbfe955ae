// MS-SMB2 3.3.5.18 Receiving an SMB2 QUERY_DIRECTORY Request. Entries stream from the driver's
// enumerator; the scan position lives on the open between requests, so a directory of any size is
// listed without holding it in memory.

import { AccessMask, QueryDirectoryFlags } from '../../protocol/constants.ts';
import { DirectoryListingWriter, isDirectoryInfoClass } from '../../protocol/fscc/directory-info.ts';
import { isNameInExpression } from '../../protocol/fscc/wildcard.ts';
import { decodeQueryDirectoryRequest, encodeQueryDirectoryResponse } from '../../protocol/messages/query-directory.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { utf16 } from '../../protocol/wire.ts';
import type { DirectoryEntry } from '../../ios/types.ts';
import { directoryEntryInfo } from '../info/directory-entry.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import type { DirectoryScan, Open } from '../state/open.ts';

/** OutputBufferLength at body offset 28 (MS-SMB2 2.2.33). */
export const queryDirectoryPayloadSize = (message: Buffer): number => (message.length >= 96 ? message.readUInt32LE(92) : 0);

async function nextMatch(scan: DirectoryScan): Promise<DirectoryEntry | undefined> {
  if (scan.lookahead) {
    const e = scan.lookahead;
    scan.lookahead = undefined;
    return e;
  }
  while (!scan.exhausted) {
    const r = await scan.iterator.next();
    if (r.done) {
      scan.exhausted = true;
      return undefined;
    }
    if (isNameInExpression(r.value.name, scan.pattern, true)) return r.value;
  }
  return undefined;
}

/**
 * Replaces the open's scan before anything is awaited, so the open holds the new scan from the moment
 * resolveOpen found it live: a CLOSE, or another QUERY_DIRECTORY on the same open running concurrently,
 * then always sees (and releases) every scan started.
 */
async function startScan(request: Smb2Request, open: Open, pattern: string): Promise<DirectoryScan> {
  const previous = open.scan;
  const scan: DirectoryScan = {
    pattern,
    iterator: open.handle!.enumerate(request.clientContext()),
    lookahead: undefined,
    exhausted: false,
    fileIndex: 0,
  };
  open.scan = scan;
  await previous?.iterator.return?.();
  return scan;
}

export async function queryDirectory(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeQueryDirectoryRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  if (!open.isDirectory || !open.handle) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'not a directory');
  if (!(open.grantedAccess & AccessMask.FILE_LIST_DIRECTORY)) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  if (!isDirectoryInfoClass(body.fileInformationClass)) throw new NtStatusError(NtStatus.INVALID_INFO_CLASS);
  if (body.outputBufferLength > request.connection.maxIoSize) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  const pattern = body.fileName.length > 0 ? utf16.decode(body.fileName) : '*';
  if (pattern.includes('\\') || pattern.includes('\0')) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID);

  // MS-SMB2 3.3.5.18: REOPEN and RESTART_SCANS start over; a new pattern is only taken at the start.
  const restart = (body.flags & (QueryDirectoryFlags.RESTART_SCANS | QueryDirectoryFlags.REOPEN)) !== 0;
  const firstQuery = open.scan === undefined;
  const scan = restart || firstQuery ? await startScan(request, open, pattern) : open.scan!;

  const writer = new DirectoryListingWriter(body.fileInformationClass, body.outputBufferLength);
  const single = (body.flags & QueryDirectoryFlags.RETURN_SINGLE_ENTRY) !== 0;
  for (;;) {
    const entry = await nextMatch(scan);
    if (!entry) break;
    if (!writer.tryAppend(directoryEntryInfo(request.server, open.treeConnect.share, entry, scan.fileIndex, body.fileInformationClass))) {
      scan.lookahead = entry;
      break;
    }
    scan.fileIndex++;
    if (single) break;
  }
  if (writer.count === 0) {
    if (scan.lookahead) throw new NtStatusError(NtStatus.INFO_LENGTH_MISMATCH, 'output buffer too small for one entry');
    // MS-SMB2 3.3.5.18: nothing matched at all on a fresh scan is NO_SUCH_FILE; the end of a scan is NO_MORE_FILES.
    throw new NtStatusError(scan.fileIndex === 0 ? NtStatus.NO_SUCH_FILE : NtStatus.NO_MORE_FILES);
  }
  return { body: encodeQueryDirectoryResponse({ outputBuffer: writer.finish() }) };
}
