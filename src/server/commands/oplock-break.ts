// MS-SMB2 3.3.5.22 Receiving an SMB2 OPLOCK_BREAK Acknowledgment: an oplock acknowledgment names an open
// (3.3.5.22.1), a lease acknowledgment names a lease of the connection's client (3.3.5.22.2).

import { decodeOplockBreakRequest, encodeOplockBreakResponse } from '../../protocol/messages/oplock-break.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

export async function oplockBreak(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeOplockBreakRequest(request.message);
  const leases = request.server.leases;
  if (body.type === 'LEASE_BREAK_ACKNOWLEDGMENT') {
    const clientGuid = request.connection.offer?.clientGuid;
    if (!clientGuid) throw new NtStatusError(NtStatus.OBJECT_NAME_NOT_FOUND);
    const acked = leases.acknowledgeLease(clientGuid, body.leaseKey, body.leaseState);
    return { body: encodeOplockBreakResponse({ type: 'LEASE_BREAK_RESPONSE', flags: 0, leaseKey: acked.leaseKey, leaseState: acked.leaseState, leaseDuration: 0n }) };
  }
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  const level = leases.acknowledgeOplock(open, body.oplockLevel);
  return {
    body: encodeOplockBreakResponse({ type: 'OPLOCK_BREAK', oplockLevel: level, persistentFileId: open.persistentFileId, volatileFileId: open.volatileFileId }),
  };
}
