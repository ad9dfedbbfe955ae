// MS-SMB2 3.3.5.8 Receiving an SMB2 TREE_DISCONNECT Request.

import { decodeTreeDisconnectRequest, encodeTreeDisconnectResponse } from '../../protocol/messages/tree-disconnect.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { disconnectTree } from '../teardown.ts';

export async function treeDisconnect(request: Smb2Request): Promise<HandlerResult> {
  decodeTreeDisconnectRequest(request.message);
  await disconnectTree(request.server, request.requireTree());
  return { body: encodeTreeDisconnectResponse({}) };
}
