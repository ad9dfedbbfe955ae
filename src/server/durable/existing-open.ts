// The CREATE response for an open that already exists: a durable open taken over by a reconnect
// (MS-SMB2 3.3.5.9.7, 3.3.5.9.12) or returned again to a replayed CREATE (3.3.5.9.10). It reports the open as
// it stands now: its FileId, its caching, and the object's current times, sizes and attributes.

import { CreateContextName, encodeCreateContexts, type CreateContext } from '../../protocol/create-contexts.ts';
import { encodeLeaseContext } from '../../protocol/lease-contexts.ts';
import { encodeCreateResponse } from '../../protocol/messages/create.ts';
import { networkOpenInformation } from '../info/network-open.ts';
import { reportedStat } from '../info/write-time.ts';
import { leaseResponse } from '../leases/lease.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';

export async function existingOpenResponse(
  request: Smb2Request,
  open: Open,
  reply: { createAction: number; oplockLevel: number; contexts: CreateContext[] },
): Promise<HandlerResult> {
  request.setChainFileId(open);
  const share = open.treeConnect.share;
  const stat = await open.handle!.stat(request.clientContext());
  const { endOfFile, ...reported } = networkOpenInformation(reportedStat(request.server, share, stat));
  const lease = open.caching.lease;
  const contexts = [...reply.contexts];
  if (lease && reply.oplockLevel === open.caching.oplockLevel) {
    contexts.push({ name: CreateContextName.REQUEST_LEASE, data: encodeLeaseContext(leaseResponse(lease, open.caching.parentLeaseKey)) });
  }
  return {
    body: encodeCreateResponse({
      oplockLevel: reply.oplockLevel,
      flags: 0,
      createAction: reply.createAction,
      ...reported,
      endofFile: endOfFile,
      persistentFileId: open.persistentFileId,
      volatileFileId: open.volatileFileId,
      createContexts: encodeCreateContexts(contexts),
    }),
  };
}
