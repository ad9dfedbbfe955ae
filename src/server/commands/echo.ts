// MS-SMB2 3.3.5.17 Receiving an SMB2 ECHO Request.

import { decodeEchoRequest, encodeEchoResponse } from '../../protocol/messages/echo.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

export async function echo(request: Smb2Request): Promise<HandlerResult> {
  decodeEchoRequest(request.message);
  return { body: encodeEchoResponse({}) };
}
