// MS-SMB2 3.3.5.9.10: a CREATE with DH2Q names itself with a CreateGuid. Sent again with
// SMB2_FLAGS_REPLAY_OPERATION (the client lost the response, perhaps with its channel), it gets the open it
// made back instead of a second one; sent again without the flag it is a client error,
// STATUS_DUPLICATE_OBJECTID. An open stops answering replays once another request has used it. While the first
// CREATE is still under way (waiting for a break, say) a second one with its CreateGuid gets
// STATUS_FILE_NOT_AVAILABLE, as from Samba: the client tries again once the first has an answer.

import { HeaderFlags, OplockLevel } from '../../protocol/constants.ts';
import type { CreateContext } from '../../protocol/create-contexts.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import type { ServerState } from '../state/server-state.ts';
import { cachingRequest } from '../create/contexts.ts';
import { existingOpenResponse } from './existing-open.ts';
import { durableResponseV2 } from './grant.ts';

/** The key of ServerState.opensByCreateGuid: a CreateGuid is the client's own, unique only with its ClientGuid. */
export function createGuidKey(clientGuid: Buffer | undefined, createGuid: Buffer): string {
  return `${clientGuid?.toString('hex') ?? ''}:${createGuid.toString('hex')}`;
}

/** Enters a new open made with DH2Q, so replays of its CREATE find it. */
export function registerCreateGuid(server: ServerState, open: Open, createGuid: Buffer): void {
  open.createGuid = createGuid;
  open.isReplayEligible = true;
  server.opensByCreateGuid.set(createGuidKey(open.clientGuid, createGuid), open);
}

/** A closing open stops answering for its CreateGuid. */
export function forgetCreateGuid(server: ServerState, open: Open): void {
  if (!open.createGuid) return;
  const key = createGuidKey(open.clientGuid, open.createGuid);
  if (server.opensByCreateGuid.get(key) === open) server.opensByCreateGuid.delete(key);
}

function replayEligibleOpen(request: Smb2Request, createGuid: Buffer): Open | undefined {
  const open = request.server.opensByCreateGuid.get(createGuidKey(request.connection.offer?.clientGuid, createGuid));
  return open?.isReplayEligible ? open : undefined;
}

/** The response to a replayed CREATE, or undefined when the CREATE is new and goes ahead. */
export async function answerReplayedCreate(
  request: Smb2Request,
  createGuid: Buffer,
  requestedOplockLevel: number,
  contexts: readonly CreateContext[],
): Promise<HandlerResult | undefined> {
  const open = replayEligibleOpen(request, createGuid);
  if (!open) return undefined;
  if (!(request.header.flags & HeaderFlags.REPLAY_OPERATION)) throw new NtStatusError(NtStatus.DUPLICATE_OBJECTID, 'CreateGuid already in use');
  if (open.session !== request.session || open.treeConnect !== request.tree) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'replay from another session');
  // The replay must ask for the caching the open was made with: the same lease, or no lease.
  const asked = cachingRequest(request.connection, requestedOplockLevel, contexts).lease;
  const lease = open.caching.lease;
  if ((asked !== undefined) !== (lease !== undefined)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'replay asks for other caching');
  if (lease && !asked!.leaseKey.equals(lease.leaseKey)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'replay names another lease');
  // A replay that asks for no caching is told of none, and of no durability either (as Windows answers).
  const oplockLevel = requestedOplockLevel === OplockLevel.NONE ? OplockLevel.NONE : open.caching.oplockLevel;
  const durable = open.isDurable && oplockLevel !== OplockLevel.NONE ? [durableResponseV2(open)] : [];
  return existingOpenResponse(request, open, { createAction: open.createAction, oplockLevel, contexts: durable });
}

/**
 * Marks a CREATE with this CreateGuid as under way until the returned function is called (once the open is
 * registered, it answers for the CreateGuid itself). Throws STATUS_FILE_NOT_AVAILABLE while another is.
 */
export function reserveCreateGuid(request: Smb2Request, createGuid: Buffer): () => void {
  const key = createGuidKey(request.connection.offer?.clientGuid, createGuid);
  const underWay = request.server.createsUnderWay;
  if (underWay.has(key)) throw new NtStatusError(NtStatus.FILE_NOT_AVAILABLE, 'a CREATE with this CreateGuid is under way');
  underWay.add(key);
  return () => underWay.delete(key);
}
