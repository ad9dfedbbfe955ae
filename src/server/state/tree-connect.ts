// MS-SMB2 3.3.1.10 Per Tree Connect.

import type { Share } from './share.ts';
import type { Session } from './session.ts';

export class TreeConnect {
  readonly treeId: number;
  readonly session: Session;
  readonly share: Share;
  readonly maximalAccess: number;
  /** MS-SMB2 3.3.1.10 TreeConnect.EncryptData: the share requires encrypted messages. */
  readonly encryptData: boolean;

  constructor(treeId: number, session: Session, share: Share, maximalAccess: number, encryptData: boolean) {
    this.treeId = treeId;
    this.session = session;
    this.share = share;
    this.maximalAccess = maximalAccess;
    this.encryptData = encryptData;
  }
}
