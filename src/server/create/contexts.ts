// MS-SMB2 2.2.14.2: the create contexts a CREATE response carries back.

import { NtStatus } from '../../protocol/status.ts';
import { CreateContextName, encodeQueryMaximalAccessResponse, encodeQueryOnDiskIdResponse, type CreateContext } from '../../protocol/create-contexts.ts';
import type { FileStat } from '../../ios/types.ts';
import { Capabilities, Dialect, OplockLevel } from '../../protocol/constants.ts';
import { decodeLeaseContext, encodeLeaseContext } from '../../protocol/lease-contexts.ts';
import type { CachingRequest, Grant } from '../leases/types.ts';
import type { Connection } from '../state/connection.ts';

/** `maximalAccess` is what the CREATE's access check found the user may have (../create/grant.ts). */
export function responseContexts(requested: CreateContext[], maximalAccess: number, stat: FileStat | undefined, volumeId: number): CreateContext[] {
  const out: CreateContext[] = [];
  for (const c of requested) {
    if (c.name === CreateContextName.QUERY_MAXIMAL_ACCESS) {
      out.push({ name: c.name, data: encodeQueryMaximalAccessResponse({ queryStatus: NtStatus.SUCCESS, maximalAccess }) });
    } else if (c.name === CreateContextName.QUERY_ON_DISK_ID && stat) {
      out.push({ name: c.name, data: encodeQueryOnDiskIdResponse({ diskFileId: stat.fileId, volumeId: BigInt(volumeId) }) });
    }
  }
  return out;
}

const NO_CLIENT_GUID = Buffer.alloc(16);

/**
 * MS-SMB2 3.3.5.9.8 / 3.3.5.9.11: the caching a CREATE asks for. The lease context counts only with
 * RequestedOplockLevel LEASE on a connection that negotiated leasing; version 2 needs SMB 3.x.
 */
export function cachingRequest(connection: Connection, requestedOplockLevel: number, requested: readonly CreateContext[]): CachingRequest {
  const capabilities = connection.serverCapabilities;
  const rqls = requested.find((c) => c.name === CreateContextName.REQUEST_LEASE);
  const leasing = (capabilities & Capabilities.LEASING) !== 0 && requestedOplockLevel === OplockLevel.LEASE && rqls !== undefined;
  const v3 = (connection.profile?.dialect ?? 0) >= Dialect.SMB3_0;
  return {
    clientGuid: connection.offer?.clientGuid ?? NO_CLIENT_GUID,
    oplockLevel: requestedOplockLevel,
    lease: leasing ? decodeLeaseContext(rqls.data, v3) : undefined,
    directoryLeasing: (capabilities & Capabilities.DIRECTORY_LEASING) !== 0,
  };
}

/** MS-SMB2 2.2.14.2.10 / 2.2.14.2.11: the lease response context, when a lease was granted or refused. */
export function leaseResponseContexts(grant: Grant): CreateContext[] {
  return grant.lease ? [{ name: CreateContextName.REQUEST_LEASE, data: encodeLeaseContext(grant.lease) }] : [];
}
