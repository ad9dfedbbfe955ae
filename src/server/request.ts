// One SMB2 request as a command handler sees it: decoded header, the message bytes, and the session,
// tree connect and opens it refers to. Handlers never touch credits, signing or sockets.

import { NtStatus, NtStatusError } from '../protocol/status.ts';
import type { Smb2Header } from '../protocol/header.ts';
import { Dialect } from '../protocol/constants.ts';
import { completeChannelSequence, enterChannelSequence, type ChannelSequenceCount } from './channel-sequence.ts';
import type { Connection } from './state/connection.ts';
import type { ServerState } from './state/server-state.ts';
import type { Session, Signer } from './state/session.ts';
import type { TreeConnect } from './state/tree-connect.ts';
import type { Open } from './state/open.ts';
import type { ClientContext } from '../ios/types.ts';

export interface FileId {
  persistent: bigint;
  volatile: bigint;
}

/** State carried from one request of a related compound chain to the next (MS-SMB2 3.3.5.2.7.2). */
export interface ChainState {
  /** Undefined when there is no previous request, or it failed to find its session. */
  sessionId: bigint | undefined;
  /** Undefined when there is no previous request, or it failed to find its tree connect. */
  treeId: number | undefined;
  /** The FileId the previous request used or generated, whether or not it named an open. */
  fileId: FileId | undefined;
  /** The status of a failed CREATE whose FileId the following related requests would have used. */
  failedCreateStatus: number | undefined;
  /** The status of the previous request in the chain. */
  previousStatus: number;
}

export interface HandlerResult {
  status?: number;
  body: Buffer | readonly Buffer[];
  /**
   * Called once the body's buffers are no longer needed: after the response was written or encrypted,
   * or when it cannot be sent. Lets a handler reuse a pooled buffer (READ data). A response lost with
   * its connection may never call it, so it may only recycle memory the GC would otherwise reclaim.
   */
  release?: () => void;
}

/** Async requests (CHANGE_NOTIFY, blocking locks) one connection may have pending at once. */
const MAX_PENDING_PER_CONNECTION = 1024;

/** MS-SMB2 2.2.14.1: a FileId of all ones in a related request means "the FileId of the previous one". */
const RELATED_FILE_ID = 0xffffffffffffffffn;

export class Smb2Request {
  readonly server: ServerState;
  readonly connection: Connection;
  readonly header: Smb2Header;
  /** This message only, from its header to its end (offsets in it are header-relative). */
  readonly message: Buffer;
  readonly encrypted: boolean;
  readonly related: boolean;
  /** More requests of the compound follow this one, so it cannot go async (MS-SMB2 3.3.5.2.7 <262>). */
  readonly moreFollow: boolean;
  readonly chain: ChainState;
  private readonly usedOpens: Open[] = [];
  /** The opens counted in by enterChannelSequence, with how they were counted. */
  private readonly channelSequences = new Map<Open, ChannelSequenceCount>();
  /**
   * Set by a CREATE naming a CreateGuid: when its channel is lost while it waits (for a break, say) and the
   * session has another channel, it goes on, so that a replay there can collect the open (MS-SMB2 3.3.5.9.10).
   */
  outlivesChannel = false;
  /** The opens an async request waits on, set when it goes async (Connection.PendingRequest.opens). */
  pendingOn: readonly Open[] = [];
  session: Session | undefined;
  tree: TreeConnect | undefined;
  /** Set by handlers that must see the response bytes (SESSION_SETUP preauth integrity hash). */
  onResponseBytes: ((message: Buffer) => void) | undefined;
  /** SESSION_SETUP sets this to sign its response with the session's or the new channel's key (MS-SMB2 3.3.4.1.1). */
  signResponseWith: Signer | undefined;
  /**
   * Set by a handler that keeps no view of `message` once it returns (WRITE, after the driver took the
   * data), so the memory of a frame holding only this request may be reused for a later frame.
   */
  messageDone = false;
  /** Set when the handler went async; the dispatcher has sent the interim response. */
  asyncId: bigint | undefined;
  private readonly goAsyncImpl: (request: Smb2Request, cancel: () => void) => void;

  constructor(init: {
    server: ServerState;
    connection: Connection;
    header: Smb2Header;
    message: Buffer;
    encrypted: boolean;
    related: boolean;
    moreFollow?: boolean;
    chain: ChainState;
    goAsync: (request: Smb2Request, cancel: () => void) => void;
  }) {
    this.server = init.server;
    this.connection = init.connection;
    this.header = init.header;
    this.message = init.message;
    this.encrypted = init.encrypted;
    this.related = init.related;
    this.moreFollow = init.moreFollow ?? false;
    this.chain = init.chain;
    this.goAsyncImpl = init.goAsync;
  }

  requireSession(): Session {
    if (!this.session) throw new NtStatusError(NtStatus.USER_SESSION_DELETED);
    return this.session;
  }

  requireTree(): TreeConnect {
    if (!this.tree) throw new NtStatusError(NtStatus.NETWORK_NAME_DELETED);
    return this.tree;
  }

  /**
   * Resolves a FileId to an open of this session and tree (MS-SMB2 3.3.5.x "the server MUST locate the
   * open..."), substituting the chain's FileId in related compounds.
   */
  resolveOpen(fileId: FileId): Open {
    let id = fileId;
    if (this.related && id.persistent === RELATED_FILE_ID && id.volatile === RELATED_FILE_ID) {
      if (this.chain.failedCreateStatus !== undefined) throw new NtStatusError(this.chain.failedCreateStatus, 'the CREATE before failed');
      if (!this.chain.fileId) throw new NtStatusError(NtStatus.FILE_CLOSED);
      id = this.chain.fileId;
    } else {
      this.chain.failedCreateStatus = undefined;
    }
    // The next related request inherits the FileId used here even when it names no open (MS-SMB2 3.3.5.2.7.2).
    this.chain.fileId = id;
    const open = this.server.opens.get(id.volatile);
    if (!open || open.persistentFileId !== id.persistent || open.session !== this.session || open.treeConnect !== this.tree) {
      throw new NtStatusError(NtStatus.FILE_CLOSED);
    }
    if (!this.usedOpens.includes(open)) {
      if (this.connection.profile!.dialect >= Dialect.SMB3_0) this.channelSequences.set(open, enterChannelSequence(open, this.header));
      open.enter();
      this.usedOpens.push(open);
    }
    // MS-SMB2 3.3.5.9.10: once the client has used the open, a replay of its CREATE is a new CREATE.
    open.isReplayEligible = false;
    return open;
  }

  /**
   * Stops counting this request as in flight on the opens it used: when it completes, and when it goes
   * async (an async request must not hold a CLOSE back; CLOSE completes it instead).
   */
  releaseOpens(): void {
    for (const open of this.usedOpens.splice(0)) open.leave();
  }

  /** The request is complete: it no longer counts as in flight for the ChannelSequence checks (MS-SMB2 3.3.5.2.10). */
  completeChannelSequences(): void {
    for (const [open, sequence] of this.channelSequences) completeChannelSequence(open, sequence);
    this.channelSequences.clear();
  }

  /** CREATE records the FileId it returned for the related requests that follow. */
  setChainFileId(open: Open): void {
    this.chain.fileId = { persistent: open.persistentFileId, volatile: open.volatileFileId };
    this.chain.failedCreateStatus = undefined;
  }

  /**
   * Turns this request async (MS-SMB2 3.3.4.2): an interim STATUS_PENDING response goes out now, and the
   * final response when the handler's promise settles. `cancel` runs on SMB2 CANCEL.
   */
  goAsync(cancel: () => void): void {
    if (this.asyncId !== undefined) return;
    // Interim responses hand back credits, so without a bound one client could park any number of requests.
    if (this.connection.pending.size >= MAX_PENDING_PER_CONNECTION) throw new NtStatusError(NtStatus.INSUFFICIENT_RESOURCES);
    this.pendingOn = [...this.usedOpens];
    this.releaseOpens();
    this.goAsyncImpl(this, cancel);
  }

  clientContext(): ClientContext {
    const session = this.requireSession();
    return {
      identity: session.identity!,
      sessionId: session.sessionId,
      shareName: this.tree?.share.name ?? '',
      clientAddress: this.connection.clientAddress,
    };
  }
}
