// MS-SMB2 3.3.5.15.12 Handling a Validate Negotiate Info Request: any disagreement with what NEGOTIATE
// saw means the negotiation was tampered with, and the connection is dropped.

import { Dialect } from '../../protocol/constants.ts';
import {
  decodeValidateNegotiateInfoRequest,
  encodeValidateNegotiateInfoResponse,
  VALIDATE_NEGOTIATE_INFO_RESPONSE_SIZE,
} from '../../protocol/fsctl/validate-negotiate.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { ProtocolViolation } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { FsctlResult } from './index.ts';

export async function validateNegotiateInfo(request: Smb2Request, body: IoctlRequest): Promise<FsctlResult> {
  const { connection } = request;
  const profile = connection.profile!;
  const offer = connection.offer!;
  if (profile.dialect === Dialect.SMB3_1_1) throw new ProtocolViolation('VALIDATE_NEGOTIATE_INFO on 3.1.1');
  if (body.maxOutputResponse < VALIDATE_NEGOTIATE_INFO_RESPONSE_SIZE) throw new ProtocolViolation('VALIDATE_NEGOTIATE_INFO output too small');
  const v = decodeValidateNegotiateInfoRequest(body.input);
  const sameDialects = v.dialects.length === offer.dialects.length && v.dialects.every((d, i) => d === offer.dialects[i]);
  if (
    !sameDialects ||
    !v.guid.equals(offer.clientGuid) ||
    v.securityMode !== offer.securityMode ||
    v.capabilities !== offer.capabilities
  ) {
    throw new ProtocolViolation('VALIDATE_NEGOTIATE_INFO does not match NEGOTIATE');
  }
  return {
    output: encodeValidateNegotiateInfoResponse({
      capabilities: connection.serverCapabilities,
      guid: request.server.options.serverGuid,
      securityMode: connection.serverSecurityMode,
      dialect: profile.dialect,
    }),
  };
}
