// MS-SMB2 3.3.1.8 Per Session.

import type { Identity } from '../../auth/identity.ts';
import type { SpnegoAuthenticator } from '../../auth/authenticator.ts';
import type { SigningAlgorithm } from '../../auth/signing.ts';
import type { CipherName } from '../../auth/encryption.ts';
import type { TreeConnect } from './tree-connect.ts';
import type { Connection } from './connection.ts';

export type SessionState = 'in-progress' | 'valid' | 'expired';

export class Session {
  readonly sessionId: bigint;
  /** The channel the session was established on (multichannel binding adds no others yet). */
  readonly connection: Connection;
  state: SessionState = 'in-progress';
  identity: Identity | undefined;
  /** The auth exchange under way (first setup or reauthentication). */
  authenticator: SpnegoAuthenticator | undefined;
  sessionKey: Buffer = Buffer.alloc(0);
  signingKey: Buffer = Buffer.alloc(0);
  /** Server→client encryption key (Session.EncryptionKey). */
  encryptionKey: Buffer = Buffer.alloc(0);
  /** Client→server decryption key (Session.DecryptionKey). */
  decryptionKey: Buffer = Buffer.alloc(0);
  applicationKey: Buffer = Buffer.alloc(0);
  signingAlgorithm: SigningAlgorithm = 'hmac-sha256';
  cipher: CipherName | undefined;
  signingRequired = false;
  encryptData = false;
  /** MS-SMB2 3.3.1.8 PreauthIntegrityHashValue (3.1.1), chained over this session's SESSION_SETUPs. */
  preauthIntegrityHash: Buffer | undefined;
  readonly treeConnects = new Map<number, TreeConnect>();
  private nextTreeId = 1;
  /** When the current authentication stops being valid (MS-SMB2 3.3.1.8 ExpirationTime); 0 = never. */
  expiresAt = 0;
  lastActivity = Date.now();
  readonly creationTime = Date.now();

  constructor(sessionId: bigint, connection: Connection) {
    this.sessionId = sessionId;
    this.connection = connection;
  }

  get isAnonymousOrGuest(): boolean {
    return !this.identity || this.identity.isGuest || this.identity.isAnonymous;
  }

  allocateTreeId(): number {
    while (this.treeConnects.has(this.nextTreeId) || this.nextTreeId === 0 || this.nextTreeId === 0xffffffff) {
      this.nextTreeId = (this.nextTreeId + 1) >>> 0;
    }
    return this.nextTreeId++;
  }
}
