// MS-SMB2 3.3.5.9.7 (DHnC) and 3.3.5.9.12 (DH2C): a client takes a disconnected durable or resilient open
// back on a new session and tree connect. The open is found by its persistent FileId; none of the CREATE's other fields
// apply (a reconnect neither validates nor supersedes anything). An oplock's open may be taken back by any
// session of the user who made it; a lease's only by the client that holds the lease, naming the lease and
// the file. Failures are STATUS_OBJECT_NAME_NOT_FOUND, as for an open that no longer exists.

import { CreateAction, Dialect } from '../../protocol/constants.ts';
import { CreateContextName, type CreateContext } from '../../protocol/create-contexts.ts';
import { decodeLeaseContext } from '../../protocol/lease-contexts.ts';
import { sameNameIgnoringCase } from '../../protocol/fscc/names.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { startChannelSequence } from '../channel-sequence.ts';
import { parseShareName, samePathIgnoringCase } from '../paths.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import type { TreeConnect } from '../state/tree-connect.ts';
import { attachDisconnectedOpen } from './disconnect.ts';
import { existingOpenResponse } from './existing-open.ts';
import { NO_CREATE_GUID, type DurableRequest } from './request.ts';

const notFound = (why: string) => new NtStatusError(NtStatus.OBJECT_NAME_NOT_FOUND, why);

export async function reconnectDurableOpen(
  request: Smb2Request,
  tree: TreeConnect,
  name: string,
  contexts: readonly CreateContext[],
  reconnect: Extract<DurableRequest, { kind: 'reconnect' }>,
): Promise<HandlerResult> {
  const server = request.server;
  const session = request.requireSession();
  const open = server.opens.get(reconnect.persistentFileId);
  if (!open || open.persistentFileId !== reconnect.persistentFileId || !(open.isDurable || open.isResilient)) {
    throw notFound('no durable or resilient open with that FileId');
  }
  // An open still attached to a session is not the client's to take over.
  if (!open.disconnected) throw notFound('the durable open is still connected');
  if (open.treeConnect.share !== tree.share) throw notFound('the durable open is on another share');
  if (reconnect.createGuid && !reconnect.createGuid.equals(open.createGuid ?? NO_CREATE_GUID)) throw notFound('CreateGuid differs');
  checkLease(request, open, name, contexts);
  if (open.durableOwner !== session.identity?.sid) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'another user made the durable open');

  attachDisconnectedOpen(open);
  open.session = session;
  open.treeConnect = tree;
  startChannelSequence(open, request.header);
  return existingOpenResponse(request, open, { createAction: CreateAction.OPENED, oplockLevel: open.caching.oplockLevel, contexts: [] });
}

/**
 * MS-SMB2 3.3.5.9.7: an open under a lease comes back only with that lease's key, from the client that holds
 * it, and under the same name (Lease.FileName); an open without one only without a lease context.
 */
function checkLease(request: Smb2Request, open: Open, name: string, contexts: readonly CreateContext[]): void {
  const rqls = contexts.find((c) => c.name === CreateContextName.REQUEST_LEASE);
  const lease = open.caching.lease;
  if (!lease) {
    if (rqls) throw notFound('a lease context for an open without a lease');
    return;
  }
  const connection = request.connection;
  const requested = rqls && decodeLeaseContext(rqls.data, (connection.profile?.dialect ?? 0) >= Dialect.SMB3_0);
  if (!requested || !requested.leaseKey.equals(lease.leaseKey)) throw notFound('the lease key differs');
  if (!connection.offer?.clientGuid.equals(lease.clientGuid)) throw notFound('another client holds the lease');
  if (!namesOpen(open, name)) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'the name differs from the open');
}

function namesOpen(open: Open, name: string): boolean {
  const driver = open.treeConnect.share.driver!;
  let parsed;
  try {
    parsed = parseShareName(name, { maxComponentLength: driver.capabilities.maxNameLength, namedStreams: driver.capabilities.namedStreams });
  } catch {
    return false;
  }
  const stream = open.object?.stream ?? '';
  return samePathIgnoringCase(parsed.path, open.path) && sameNameIgnoringCase(parsed.stream ?? '', stream);
}
