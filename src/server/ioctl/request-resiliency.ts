// MS-SMB2 3.3.5.15.9 Handling a Resiliency Request: the open outlives a lost connection for the time asked
// (whatever its oplock or lease), so the client can reconnect it with DHnC and replay its LOCKs.

import { Dialect } from '../../protocol/constants.ts';
import { decodeNetworkResiliencyRequest } from '../../protocol/fsctl/resiliency.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { DURABLE_V2_DEFAULT_TIMEOUT_MS, DURABLE_V2_MAX_TIMEOUT_MS } from '../durable/grant.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import type { FsctlResult } from './index.ts';

export async function requestResiliency(request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  if (request.connection.profile!.dialect === Dialect.SMB2_0_2) throw new NtStatusError(NtStatus.INVALID_DEVICE_REQUEST, 'no resiliency in SMB 2.0.2');
  if (open.pipe || !request.server.options.durableHandles) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'no resilient handles here');
  const { timeout } = decodeNetworkResiliencyRequest(body.input);
  // MaxResiliencyTimeout: the longest a durable handle may be kept, five minutes.
  if (timeout > DURABLE_V2_MAX_TIMEOUT_MS) throw new NtStatusError(NtStatus.INVALID_PARAMETER, `resiliency timeout ${timeout} ms`);
  open.isDurable = false;
  open.isResilient = true;
  open.resiliencyTimeout = timeout === 0 ? DURABLE_V2_DEFAULT_TIMEOUT_MS : timeout;
  open.durableOwner = open.session.identity?.sid;
  return { output: Buffer.alloc(0) };
}
