// MS-SMB2 3.3.1.8 Per Session.

import type { Identity } from '../../auth/identity.ts';
import type { SpnegoAuthenticator } from '../../auth/authenticator.ts';
import type { SigningAlgorithm } from '../../auth/signing.ts';
import type { CipherName } from '../../auth/encryption.ts';
import type { TreeConnect } from './tree-connect.ts';
import type { Connection } from './connection.ts';

export type SessionState = 'in-progress' | 'valid' | 'expired';

/** A key and algorithm that sign messages: a session's (Session.SigningKey) or one channel's. */
export interface Signer {
  signingKey: Buffer;
  signingAlgorithm: SigningAlgorithm;
}

/** MS-SMB2 3.3.1.14 Per Channel: one connection the session is bound to, with that connection's signing key. */
export interface Channel extends Signer {
  readonly connection: Connection;
  /** Added by binding (MS-SMB2 3.3.5.5.2) rather than by setting the session up. */
  readonly bound: boolean;
}

/** A channel being bound (MS-SMB2 3.3.5.5.2): its own auth exchange and, in 3.1.1, its own preauth hash. */
export interface PendingBinding {
  authenticator: SpnegoAuthenticator;
  preauthIntegrityHash: Buffer | undefined;
}

export class Session {
  readonly sessionId: bigint;
  /**
   * The connection the session was established on, or once that is gone another of its channels
   * (MS-SMB2 3.3.1.8 Session.Connection).
   */
  connection: Connection;
  /**
   * MS-SMB2 3.3.1.8 Session.ChannelList. The first channel, on the connection that set the session up,
   * exists from the start and gets its key when the first authentication completes; binding
   * (MS-SMB2 3.3.5.5.2) adds the others.
   */
  readonly channels = new Map<Connection, Channel>();
  /** Channels whose binding is under way, by the connection they are being bound on. */
  readonly bindings = new Map<Connection, PendingBinding>();
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
    this.channels.set(connection, { connection, signingKey: this.signingKey, signingAlgorithm: this.signingAlgorithm, bound: false });
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
