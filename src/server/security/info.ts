// QUERY_INFO and SET_INFO with InfoType SMB2_0_INFO_SECURITY (MS-SMB2 3.3.5.20.3 and 3.3.5.21.3, MS-FSA
// 2.1.5.13 and 2.1.5.17).

import { encodeErrorResponse } from '../../protocol/messages/error.ts';
import { encodeQueryInfoResponse } from '../../protocol/messages/query-info.ts';
import { decodeSecurityDescriptor, encodeSecurityDescriptor } from '../../protocol/dtyp/security-descriptor.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { ClientContext } from '../../ios/types.ts';
import type { HandlerResult } from '../request.ts';
import type { Open } from '../state/open.ts';
import { accessToSet, applySecurityInformation } from './apply.ts';
import { descriptorOfHandle, storesDescriptors } from './descriptors.ts';
import { accessToQuery, selectSecurityInformation } from './select.ts';

function requireAccess(open: Open, access: number): void {
  if ((open.grantedAccess & access) !== access) throw new NtStatusError(NtStatus.ACCESS_DENIED);
}

/** MS-SMB2 3.3.5.20.3: the named parts, or STATUS_BUFFER_TOO_SMALL with the size needed as ErrorData. */
export async function querySecurity(open: Open, ctx: ClientContext, additionalInformation: number, outputBufferLength: number): Promise<HandlerResult> {
  if (!open.handle) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'security of a pipe');
  requireAccess(open, accessToQuery(additionalInformation));
  const sd = await descriptorOfHandle(open.treeConnect.share, open.handle, ctx);
  const data = encodeSecurityDescriptor(selectSecurityInformation(sd, additionalInformation));
  if (data.length > outputBufferLength) {
    const needed = Buffer.alloc(4);
    needed.writeUInt32LE(data.length);
    return { status: NtStatus.BUFFER_TOO_SMALL, body: encodeErrorResponse({ errorContextCount: 0, errorData: needed }) };
  }
  return { body: encodeQueryInfoResponse({ outputBuffer: data }) };
}

/** MS-SMB2 3.3.5.21.3: merges the named parts into the stored descriptor. */
export async function setSecurity(open: Open, ctx: ClientContext, additionalInformation: number, buffer: Buffer): Promise<void> {
  if (!open.handle) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'security of a pipe');
  requireAccess(open, accessToSet(additionalInformation));
  const share = open.treeConnect.share;
  // MS-FSA 2.1.5.17: an object store without security refuses the operation.
  if (!share.driver || !storesDescriptors(share.driver, open.handle)) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST, 'the driver does not store security descriptors');
  const incoming = decodeSecurityDescriptor(buffer);
  const stored = await descriptorOfHandle(share, open.handle, ctx);
  const merged = applySecurityInformation(stored, incoming, additionalInformation);
  await open.handle.setSecurityDescriptor!(ctx, encodeSecurityDescriptor(merged));
}
