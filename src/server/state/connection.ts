// MS-SMB2 3.3.1.7 Per Transport Connection.

import type { TransportConnection } from '../../transport/types.ts';
import { cipherFromId, type CipherName } from '../../auth/encryption.ts';
import type { SigningAlgorithm } from '../../auth/signing.ts';
import type { Logger } from '../../logging.ts';
import { CommandSequenceWindow } from '../credits.ts';
import type { DialectProfile } from '../dialect-profile.ts';
import type { Open } from './open.ts';

/** A request that went async (MS-SMB2 3.3.1.7 Connection.AsyncCommandList), cancellable by AsyncId or MessageId. */
export interface PendingRequest {
  messageId: bigint;
  asyncId: bigint;
  sessionId: bigint;
  /** Left to finish when the connection is lost but the session has another channel (Smb2Request.outlivesChannel). */
  outlivesChannel: boolean;
  /** The opens it waits on: a blocking LOCK's, say, which must not complete on an open that lost its session. */
  opens: readonly Open[];
  cancel(): void;
}

/** What the client offered in NEGOTIATE, kept for FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 3.3.5.15.12). */
export interface ClientNegotiateOffer {
  dialects: number[];
  clientGuid: Buffer;
  securityMode: number;
  capabilities: number;
}

export class Connection {
  readonly transport: TransportConnection;
  readonly log: Logger;
  readonly clientAddress: string;
  /** Undefined until NEGOTIATE completes (Connection.Dialect). */
  profile: DialectProfile | undefined;
  /** "2.???" was answered to an SMB1 negotiate; the next NEGOTIATE picks the real dialect (MS-SMB2 3.3.5.3.1). */
  wildcardNegotiated = false;
  offer: ClientNegotiateOffer | undefined;
  serverSecurityMode = 0;
  serverCapabilities = 0;
  /** MS-SMB2 3.3.1.7 Connection.PreauthIntegrityHashValue (3.1.1). */
  preauthIntegrityHash: Buffer | undefined;
  /** MS-SMB2 2.2.3.1.2 CipherId: negotiated by context in 3.1.1, implied by the dialect in 3.0/3.0.2. */
  cipherId: number | undefined;
  signingAlgorithm: SigningAlgorithm = 'hmac-sha256';
  /** MaxTransactSize / MaxReadSize / MaxWriteSize announced in the NEGOTIATE response (MS-SMB2 2.2.4). */
  maxIoSize = 65536;
  readonly window: CommandSequenceWindow;
  readonly pending = new Map<bigint, PendingRequest>();
  private nextAsyncId = 1n;
  closed = false;

  constructor(transport: TransportConnection, maxCredits: number, log: Logger) {
    this.transport = transport;
    this.clientAddress = transport.remoteAddress;
    this.log = log;
    // MS-SMB2 3.3.1.7: the window starts with MessageId 0 valid, for the first NEGOTIATE.
    this.window = new CommandSequenceWindow(1, maxCredits);
  }

  get cipher(): CipherName | undefined {
    return this.cipherId === undefined ? undefined : cipherFromId(this.cipherId);
  }

  allocateAsyncId(): bigint {
    return this.nextAsyncId++;
  }
}
