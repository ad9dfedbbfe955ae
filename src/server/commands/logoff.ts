// MS-SMB2 3.3.5.6 Receiving an SMB2 LOGOFF Request.

import { decodeLogoffRequest, encodeLogoffResponse } from '../../protocol/messages/logoff.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { logoffSession } from '../teardown.ts';

export async function logoff(request: Smb2Request): Promise<HandlerResult> {
  decodeLogoffRequest(request.message);
  const session = request.requireSession();
  // The response is still signed with the session's key, which stays readable after removal. Durable opens
  // outlive a LOGOFF, as on Windows and Samba: the client may reconnect them from a new session.
  await logoffSession(request.server, session, true);
  return { body: encodeLogoffResponse({}) };
}
