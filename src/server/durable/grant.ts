// MS-SMB2 3.3.5.9.6 (DHnQ) and 3.3.5.9.10 (DH2Q), "Successful Open Initialization": an open becomes
// durable when it got the caching that makes reconnecting safe, a batch oplock or a lease that caches
// handles, and it is not a directory. Persistent handles need continuously available shares, which this
// server does not offer, so a request for one gets a durable handle at most (the response says which).

import { OplockLevel } from '../../protocol/constants.ts';
import { CreateContextName, type CreateContext } from '../../protocol/create-contexts.ts';
import { encodeDurableHandleResponse, encodeDurableHandleResponseV2 } from '../../protocol/durable-contexts.ts';
import { H } from '../leases/caching.ts';
import type { Grant } from '../leases/types.ts';
import type { Open } from '../state/open.ts';
import type { DurableRequest } from './request.ts';

/** How long a version 1 durable open waits for its client: 16 minutes, as Windows and Samba keep them. */
export const DURABLE_V1_TIMEOUT_MS = 16 * 60 * 1000;
/** MS-SMB2 3.3.5.9.10: Timeout 0 lets the server choose; Windows and Samba choose a minute. */
export const DURABLE_V2_DEFAULT_TIMEOUT_MS = 60 * 1000;
/** The longest a client may ask for: five minutes, as Windows and Samba allow. */
export const DURABLE_V2_MAX_TIMEOUT_MS = 5 * 60 * 1000;

/** The response contexts for the durability granted (none when it was not). */
export function grantDurability(open: Open, request: DurableRequest, granted: Grant): CreateContext[] {
  if (request.kind !== 'request' || open.isDirectory || open.pipe) return [];
  const handleCaching = granted.oplockLevel === OplockLevel.BATCH || (granted.lease !== undefined && (granted.lease.leaseState & H) !== 0);
  if (!handleCaching) return [];
  open.isDurable = true;
  open.durableOwner = open.session.identity?.sid;
  if (request.version === 1) {
    open.durableOpenTimeout = DURABLE_V1_TIMEOUT_MS;
    return [{ name: CreateContextName.DURABLE_HANDLE_REQUEST, data: encodeDurableHandleResponse() }];
  }
  open.durableOpenTimeout = request.timeout === 0 ? DURABLE_V2_DEFAULT_TIMEOUT_MS : Math.min(request.timeout, DURABLE_V2_MAX_TIMEOUT_MS);
  return [durableResponseV2(open)];
}

/** MS-SMB2 2.2.14.2.12: the DH2Q response of a durable open; never persistent here. */
export function durableResponseV2(open: Open): CreateContext {
  return { name: CreateContextName.DURABLE_HANDLE_REQUEST_V2, data: encodeDurableHandleResponseV2({ timeout: open.durableOpenTimeout, flags: 0 }) };
}
