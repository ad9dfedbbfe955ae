// MS-SMB2 3.3.5.10 Receiving an SMB2 CLOSE Request.

import { CloseFlags } from '../../protocol/constants.ts';
import { decodeCloseRequest, encodeCloseResponse } from '../../protocol/messages/close.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { closeOpen } from '../teardown.ts';
import { reportedStat, settleWriteTime } from '../info/write-time.ts';
import { networkOpenInformation } from '../info/network-open.ts';

export async function close(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeCloseRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  // Requests already working on the handle (a large QUERY_DIRECTORY, a READ) complete before it goes.
  request.releaseOpens();
  await open.whenIdle();
  // MS-SMB2 3.3.5.10: attributes are returned only when asked, and are read before the handle goes, after
  // the write-time update the close makes (info/write-time.ts).
  await settleWriteTime(open, request.clientContext());
  const stat =
    body.flags & CloseFlags.POSTQUERY_ATTRIB && open.handle
      ? reportedStat(request.server, open.treeConnect.share, await open.handle.stat(request.clientContext()))
      : undefined;
  await closeOpen(request.server, open);
  if (!stat) {
    return {
      body: encodeCloseResponse({ flags: 0, creationTime: 0n, lastAccessTime: 0n, lastWriteTime: 0n, changeTime: 0n, allocationSize: 0n, endofFile: 0n, fileAttributes: 0 }),
    };
  }
  const { endOfFile, ...info } = networkOpenInformation(stat);
  return { body: encodeCloseResponse({ flags: CloseFlags.POSTQUERY_ATTRIB, ...info, endofFile: endOfFile }) };
}
