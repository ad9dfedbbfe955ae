// MS-SMB2 3.3.5.7 Receiving an SMB2 TREE_CONNECT Request.

import { ShareFlags, ShareType } from '../../protocol/constants.ts';
import { decodeTreeConnectRequest, encodeTreeConnectResponse } from '../../protocol/messages/tree-connect.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { utf16 } from '../../protocol/wire.ts';
import { shareMaximalAccess } from '../access.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { TreeConnect } from '../state/tree-connect.ts';

/** "\\\\server\\share" → "share" (MS-SMB2 2.2.9: the path is a UNC name). */
function shareNameOf(path: string): string {
  const m = /^\\\\[^\\]+\\([^\\]+)\\?$/.exec(path);
  if (!m) throw new NtStatusError(NtStatus.BAD_NETWORK_NAME, `malformed share path "${path}"`);
  return m[1]!;
}

export async function treeConnect(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeTreeConnectRequest(request.message);
  const session = request.requireSession();
  const share = request.server.findShare(shareNameOf(utf16.decode(body.path)));
  if (!share) throw new NtStatusError(NtStatus.BAD_NETWORK_NAME);
  const profile = request.connection.profile!;
  const sessionCanEncrypt = session.cipher !== undefined && session.encryptionKey.length > 0;
  // MS-SMB2 3.3.5.7: a share that requires encryption refuses clients that cannot encrypt.
  if (share.encryption === 'required' && !sessionCanEncrypt) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'share requires encryption');
  const encryptData = (share.encryption === 'desired' || share.encryption === 'required') && sessionCanEncrypt && profile.encryption;
  const maximalAccess = shareMaximalAccess(share.readOnly);
  const tree = new TreeConnect(session.allocateTreeId(), session, share, maximalAccess, encryptData);
  session.treeConnects.set(tree.treeId, tree);
  request.tree = tree;
  return {
    body: encodeTreeConnectResponse({
      shareType: share.kind === 'pipe' ? ShareType.PIPE : ShareType.DISK,
      shareFlags: ShareFlags.MANUAL_CACHING | (encryptData ? ShareFlags.ENCRYPT_DATA : 0),
      capabilities: 0,
      maximalAccess,
    }),
  };
}
