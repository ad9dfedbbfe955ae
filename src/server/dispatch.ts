// MS-SMB2 3.3.5.2: receiving any message. For every frame: decrypt → split the compound chain → for
// each request: credits → session / tree lookup → signature and encryption rules → handler → response
// header → compound assembly → sign / encrypt → send. Handlers see none of this.

import { Command, HeaderFlags, ProtocolId, SessionSetupRequestFlags, SMB2_HEADER_SIZE } from '../protocol/constants.ts';
import { decodeHeader, isRelated, isResponse, isSigned, writeHeader, type Smb2Header } from '../protocol/header.ts';
import { NtStatus, NtStatusError, ProtocolViolation, isErrorStatus, statusName } from '../protocol/status.ts';
import { decodeTransformHeader } from '../protocol/transform.ts';
import { encodeErrorResponse } from '../protocol/messages/error.ts';
import { decryptMessage, encryptMessage } from '../auth/encryption.ts';
import { signMessage, verifyMessageSignature } from '../auth/signing.ts';
import { DriverError } from '../ios/types.ts';
import { align8 } from '../protocol/wire.ts';
import type { TransportConnection } from '../transport/types.ts';
import { Connection } from './state/connection.ts';
import type { ServerState } from './state/server-state.ts';
import type { Session, Signer } from './state/session.ts';
import { Smb2Request, type ChainState, type HandlerResult } from './request.ts';
import { commandTable, type CommandEntry } from './commands/index.ts';
import { handleSmb1Negotiate } from './commands/negotiate.ts';
import { handleCancel } from './commands/cancel.ts';
import { statusForDriverError } from './driver-status.ts';
import { releaseConnection } from './teardown.ts';

/** One response message ready to be compounded: its header fields and body. */
interface ResponseMessage {
  header: Smb2Header;
  body: readonly Buffer[];
  signWith: Signer | undefined;
  /** The session whose keys encrypt this response (MS-SMB2 3.3.4.1.4), if any. */
  encryptWith: Session | undefined;
  onBytes: ((message: Buffer) => void) | undefined;
  /** From HandlerResult.release: the body's buffers may be reused once the response is out. */
  release?: (() => void) | undefined;
}

/** Commands that skip the signing-required check (MS-SMB2 3.3.5.2.4). */
const UNSIGNED_ALLOWED = new Set<number>([Command.NEGOTIATE, Command.SESSION_SETUP, Command.CANCEL]);

export class Dispatcher {
  private readonly server: ServerState;
  private readonly table: ReadonlyMap<number, CommandEntry>;

  constructor(server: ServerState) {
    this.server = server;
    this.table = commandTable;
    server.notifier = this;
  }

  /**
   * MS-SMB2 3.3.4.6 / 3.3.4.7: a message the server sends on its own (an oplock or lease break): MessageId
   * 0xFFFFFFFFFFFFFFFF, no credits. With a session it carries that SessionId and `treeId`, is signed when the
   * session requires signing, and encrypted when the session or that tree connect requires encryption.
   */
  sendNotification(connection: Connection, session: Session | undefined, treeId: number, command: number, body: Buffer): void {
    const tree = session?.treeConnects.get(treeId);
    const usable = session !== undefined && session.state === 'valid' && !session.isAnonymousOrGuest;
    const encrypt = usable && session.cipher !== undefined && (session.encryptData || tree?.encryptData === true);
    const sign = usable && !encrypt && session.signingKey.length > 0 && session.signingRequired;
    const message: ResponseMessage = {
      header: {
        creditCharge: 0,
        status: NtStatus.SUCCESS,
        command,
        credits: 0,
        flags: HeaderFlags.SERVER_TO_REDIR,
        nextCommand: 0,
        messageId: 0xffffffffffffffffn,
        asyncId: 0n,
        processId: 0,
        treeId: session ? treeId : 0,
        sessionId: session?.sessionId ?? 0n,
        signature: Buffer.alloc(0),
      },
      body: [body],
      signWith: sign ? session.channels.get(connection) : undefined,
      encryptWith: encrypt ? session : undefined,
      onBytes: undefined,
    };
    this.send(connection, [message], undefined);
  }

  attach(transport: TransportConnection): Connection {
    const log = this.server.options.logger.child({ client: transport.remoteAddress });
    const connection = new Connection(transport, this.server.options.maxCredits, log);
    this.server.connections.add(connection);
    transport.onFrame((frame, release) => {
      this.onFrame(connection, frame, release).catch((error: unknown) => this.dropConnection(connection, error));
    });
    transport.onClose(() => this.onConnectionClosed(connection));
    log.debug({}, 'connection accepted');
    return connection;
  }

  private dropConnection(connection: Connection, error: unknown): void {
    if (connection.closed) return;
    if (error instanceof ProtocolViolation) connection.log.warn({ reason: error.message }, 'dropping connection');
    else connection.log.error({ err: error }, 'dropping connection after an unexpected error');
    connection.transport.destroy();
  }

  private onConnectionClosed(connection: Connection): void {
    connection.closed = true;
    this.server.connections.delete(connection);
    // MS-SMB2 3.3.7.1: requests under way on the connection are cancelled, but for those the client can collect
    // by replaying them on another channel of their session.
    for (const p of connection.pending.values()) {
      const channels = this.server.sessions.get(p.sessionId)?.channels;
      const otherChannel = channels !== undefined && [...channels.keys()].some((c) => c !== connection);
      if (!(p.outlivesChannel && otherChannel)) p.cancel();
    }
    connection.pending.clear();
    releaseConnection(this.server, connection).catch((error: unknown) => connection.log.error({ err: error }, 'cleanup failed'));
    connection.log.debug({}, 'connection closed');
  }

  /** `release` hands the frame's memory back to the transport: only once nothing refers to the frame. */
  private async onFrame(connection: Connection, frame: Buffer, release: () => void): Promise<void> {
    if (connection.closed) return;
    const protocolId = frame.length >= 4 ? frame.readUInt32LE(0) : 0;
    switch (protocolId) {
      case ProtocolId.SMB2:
        if (await this.processChain(connection, frame, undefined)) release();
        return;
      case ProtocolId.TRANSFORM:
        return this.processEncrypted(connection, frame, release);
      case ProtocolId.SMB1: {
        // MS-SMB2 3.3.5.3.1: only the very first message may be an SMB1 multi-protocol negotiate.
        if (connection.profile || connection.wildcardNegotiated) throw new ProtocolViolation('SMB1 after negotiation');
        const { header, body } = handleSmb1Negotiate(this.server, connection, frame);
        return this.send(connection, [{ header, body, signWith: undefined, encryptWith: undefined, onBytes: undefined }], undefined);
      }
      default:
        throw new ProtocolViolation('unknown protocol id');
    }
  }

  /** MS-SMB2 3.3.5.2.1: decrypt, or disconnect when the message cannot be decrypted. */
  private async processEncrypted(connection: Connection, frame: Buffer, release: () => void): Promise<void> {
    if (!connection.profile?.encryption) throw new ProtocolViolation('transform header before encryption was negotiated');
    const transform = decodeTransformHeader(frame);
    const session = this.server.sessions.get(transform.sessionId);
    if (!session || !session.cipher || session.decryptionKey.length === 0) throw new ProtocolViolation('transform for unknown session');
    let plaintext: Buffer;
    try {
      plaintext = decryptMessage(session.cipher, session.decryptionKey, frame).plaintext;
    } catch {
      throw new ProtocolViolation('decryption failed');
    }
    // The plaintext is a copy: nothing refers to the transform frame any more.
    release();
    await this.processChain(connection, plaintext, session);
  }

  /** Resolves to whether the frame may be reused: it held one request, whose handler kept no view of it. */
  private async processChain(connection: Connection, frame: Buffer, encryptedBy: Session | undefined): Promise<boolean> {
    const frameUse = { reusable: false };
    const responses: ResponseMessage[] = [];
    const chain: ChainState = { sessionId: undefined, treeId: undefined, fileId: undefined, failedCreateStatus: undefined, previousStatus: NtStatus.SUCCESS };
    let offset = 0;
    for (;;) {
      // A chain member runs only after the previous one finished; if the connection was lost meanwhile, its
      // state is already released, and anything the rest of the chain created would outlive it.
      if (connection.closed) return false;
      const header = decodeHeader(frame, offset);
      const end = header.nextCommand === 0 ? frame.length : offset + header.nextCommand;
      // MS-SMB2 3.3.5.2.7: each chained message starts 8-byte aligned and lies inside the frame.
      if (header.nextCommand !== 0 && (header.nextCommand % 8 !== 0 || header.nextCommand < SMB2_HEADER_SIZE || end > frame.length)) {
        throw new ProtocolViolation('bad NextCommand');
      }
      const message = frame.subarray(offset, end);
      const related = isRelated(header);
      const response = await this.processMessage(connection, header, message, chain, related, header.nextCommand !== 0, encryptedBy, responses, frameUse);
      if (response) responses.push(response);
      if (header.nextCommand === 0) break;
      offset = end;
    }
    if (responses.length > 0) this.send(connection, responses, encryptedBy);
    return offset === 0 && frameUse.reusable;
  }

  private async processMessage(
    connection: Connection,
    header: Smb2Header,
    message: Buffer,
    chain: ChainState,
    related: boolean,
    moreFollow: boolean,
    encryptedBy: Session | undefined,
    sentSoFar: ResponseMessage[],
    frameUse: { reusable: boolean },
  ): Promise<ResponseMessage | undefined> {
    // MS-SMB2 3.3.5.2: before NEGOTIATE nothing else is allowed.
    if (!connection.profile && header.command !== Command.NEGOTIATE) throw new ProtocolViolation('request before NEGOTIATE');
    if (isResponse(header)) throw new ProtocolViolation('response flag on a request');
    if (header.command === Command.CANCEL) {
      handleCancel(connection, header);
      return undefined;
    }

    // MS-SMB2 3.3.5.2.3 / 3.3.5.2.5: every request spends CreditCharge ids of the sequence window.
    const charge = connection.profile?.multiCredit ? Math.max(1, header.creditCharge) : 1;
    if (!connection.window.isAvailable(header.messageId, charge)) throw new ProtocolViolation(`MessageId ${header.messageId} outside the window`);
    connection.window.consume(header.messageId, charge);

    const sessionId = related ? chain.sessionId : header.sessionId;
    const treeId = related ? chain.treeId : header.treeId;
    let refusedAsync = false;
    const request = new Smb2Request({
      server: this.server,
      connection,
      header,
      message,
      encrypted: encryptedBy !== undefined,
      related,
      moreFollow,
      chain,
      goAsync: (req, cancel) => {
        // MS-SMB2 3.3.5.2.7 <262>: a request that needs asynchronous processing before the end of a compound
        // chain fails instead (STATUS_INTERNAL_ERROR, as Windows does), so it cannot hold up the rest of the chain.
        if (moreFollow) {
          refusedAsync = true;
          cancel();
          return;
        }
        this.goAsync(req, cancel, sentSoFar, encryptedBy);
      },
    });

    const entry = this.table.get(header.command);
    let result: HandlerResult;
    try {
      if (!entry) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'unknown command');
      this.checkCreditCharge(connection, header, message, entry, charge);
      // MS-SMB2 3.3.5.2.7.2: a related request uses the session and tree of the one before it. The first
      // request of a chain has none to take, and one that failed to find its own passes none on.
      if (related && (sessionId === undefined || (entry.requires === 'tree' && treeId === undefined))) {
        throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'related request without a valid session or tree before it');
      }
      this.bindSessionAndTree(request, entry, sessionId ?? 0n, treeId ?? 0, encryptedBy);
      result = await entry.handler(request);
    } catch (error) {
      result = { status: this.statusOf(connection, header, error), body: [encodeErrorResponse({ errorContextCount: 0, errorData: Buffer.alloc(0) })] };
    } finally {
      request.releaseOpens();
      request.completeChannelSequences();
    }
    frameUse.reusable = request.messageDone;
    if (refusedAsync) {
      result.release?.();
      result = { status: NtStatus.INTERNAL_ERROR, body: [encodeErrorResponse({ errorContextCount: 0, errorData: Buffer.alloc(0) })] };
    }
    const status = result.status ?? NtStatus.SUCCESS;
    const requires = entry?.requires ?? 'tree';
    chain.sessionId = request.session?.sessionId ?? (requires === 'connection' ? sessionId : undefined);
    chain.treeId = request.tree?.treeId ?? (requires === 'tree' ? undefined : treeId);
    // MS-SMB2 3.3.5.2.7.2 <260>: the requests that would use the FileId of a failed CREATE fail with its status.
    if (header.command === Command.CREATE && isErrorStatus(status)) {
      chain.fileId = undefined;
      chain.failedCreateStatus = status;
    }
    chain.previousStatus = status;

    const body = Buffer.isBuffer(result.body) ? [result.body] : (result.body as readonly Buffer[]);
    const signWith = request.signResponseWith ?? this.responseSigner(request, header);
    // A signed request that names no session of this connection gets its STATUS_USER_SESSION_DELETED with the
    // SMB2_FLAGS_SIGNED bit even when no key can sign it: clients that sign skip the check for this status
    // but take an unflagged response as forged.
    const flagSigned = status === NtStatus.USER_SESSION_DELETED && isSigned(header) && !signWith ? HeaderFlags.SIGNED : 0;
    const credits = request.asyncId === undefined ? connection.window.grant(header.credits, charge) : 0;
    const response: ResponseMessage = {
      header: {
        creditCharge: header.creditCharge,
        status,
        command: header.command,
        credits,
        flags:
          HeaderFlags.SERVER_TO_REDIR | (related ? HeaderFlags.RELATED_OPERATIONS : 0) | (request.asyncId !== undefined ? HeaderFlags.ASYNC_COMMAND : 0) | flagSigned,
        nextCommand: 0,
        messageId: header.messageId,
        asyncId: request.asyncId ?? 0n,
        processId: header.processId,
        treeId: request.tree?.treeId ?? treeId ?? header.treeId,
        sessionId: request.session?.sessionId ?? sessionId ?? header.sessionId,
        signature: Buffer.alloc(0),
      },
      body,
      signWith,
      encryptWith: encryptedBy ?? this.responseEncrypter(request),
      onBytes: request.onResponseBytes,
      release: result.release,
    };
    if (request.asyncId !== undefined) {
      // The final response of an async request goes out on its own (MS-SMB2 3.3.4.2).
      connection.pending.delete(request.asyncId);
      this.send(connection, [response], encryptedBy);
      return undefined;
    }
    return response;
  }

  /** MS-SMB2 3.3.5.2.5: multi-credit requests must be charged for their payload. */
  private checkCreditCharge(connection: Connection, header: Smb2Header, message: Buffer, entry: CommandEntry, charge: number): void {
    if (!connection.profile?.multiCredit || !entry.payloadSize) return;
    const payload = entry.payloadSize(message);
    const needed = payload === 0 ? 1 : Math.floor((payload - 1) / 65536) + 1;
    if (header.creditCharge === 0 && payload > 65536) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'CreditCharge 0 for a large payload');
    if (needed > charge) throw new NtStatusError(NtStatus.INVALID_PARAMETER, `CreditCharge ${charge} below ${needed}`);
  }

  /** MS-SMB2 3.3.5.2.9 (session) and 3.3.5.2.11 (tree connect), with the signing and encryption rules. */
  private bindSessionAndTree(request: Smb2Request, entry: CommandEntry, sessionId: bigint, treeId: number, encryptedBy: Session | undefined): void {
    const { header } = request;
    const needsSession = entry.requires !== 'connection' || (header.command === Command.SESSION_SETUP && sessionId !== 0n);
    if (!needsSession) return;
    const session = this.server.sessions.get(sessionId);
    if (!session) throw new NtStatusError(NtStatus.USER_SESSION_DELETED);
    if (encryptedBy && encryptedBy !== session) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'encrypted for another session');
    // MS-SMB2 3.3.5.2.9: the session is looked up in Connection.SessionTable, which holds the sessions with a
    // channel on this connection.
    const channel = session.channels.get(request.connection);
    if (!channel) {
      if (header.command !== Command.SESSION_SETUP) throw new NtStatusError(NtStatus.USER_SESSION_DELETED);
      // MS-SMB2 3.3.5.2.4: a SESSION_SETUP naming a session of another connection is checked against
      // Session.SigningKey from the GlobalSessionTable. A binding request goes on to MS-SMB2 3.3.5.5.2; any
      // other gets STATUS_USER_SESSION_DELETED, signed with that key when the request proved it.
      const provable = isSigned(header) && !encryptedBy && session.signingKey.length > 0 && !session.isAnonymousOrGuest;
      if (provable && !verifyMessageSignature(session.signingAlgorithm, session.signingKey, request.message)) {
        throw new NtStatusError(NtStatus.ACCESS_DENIED, 'bad signature');
      }
      if (provable) request.signResponseWith = session;
      if (!isBindingRequest(request.message)) throw new NtStatusError(NtStatus.USER_SESSION_DELETED);
      request.session = session;
      return;
    }
    request.session = session;
    if (header.command !== Command.SESSION_SETUP) {
      if (session.state === 'in-progress') throw new NtStatusError(NtStatus.USER_SESSION_DELETED);
      if (session.state === 'expired' || (session.expiresAt !== 0 && Date.now() >= session.expiresAt)) {
        session.state = 'expired';
        const allowed = header.command === Command.LOGOFF || header.command === Command.CLOSE || header.command === Command.LOCK;
        if (!allowed) throw new NtStatusError(NtStatus.NETWORK_SESSION_EXPIRED);
      }
    }
    session.lastActivity = Date.now();
    // MS-SMB2 3.3.5.2.4: verify the signature of signed requests; refuse unsigned ones where signing is required.
    // MS-SMB2 3.3.5.2.4: Channel.SigningKey of this connection's channel (the session's own key on the first).
    if (!encryptedBy) {
      if (isSigned(header) && channel.signingKey.length > 0) {
        if (!verifyMessageSignature(channel.signingAlgorithm, channel.signingKey, request.message)) {
          throw new NtStatusError(NtStatus.ACCESS_DENIED, 'bad signature');
        }
      } else if (session.signingRequired && session.state === 'valid' && !UNSIGNED_ALLOWED.has(header.command)) {
        throw new NtStatusError(NtStatus.ACCESS_DENIED, 'unsigned request on a signed session');
      }
    }
    // MS-SMB2 3.3.5.2.9: a session that encrypts refuses plaintext requests.
    if (session.encryptData && session.state === 'valid' && !encryptedBy && header.command !== Command.SESSION_SETUP) {
      throw new NtStatusError(NtStatus.ACCESS_DENIED, 'unencrypted request on an encrypted session');
    }
    if (entry.requires !== 'tree') return;
    const tree = session.treeConnects.get(treeId);
    if (!tree) throw new NtStatusError(NtStatus.NETWORK_NAME_DELETED);
    if (tree.encryptData && !encryptedBy) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'unencrypted request on an encrypted share');
    request.tree = tree;
  }

  /** MS-SMB2 3.3.4.1.1: sign when the request was signed or the session requires it; never guests. */
  private responseSigner(request: Smb2Request, header: Smb2Header): Signer | undefined {
    const session = request.session;
    if (!session || session.signingKey.length === 0 || session.isAnonymousOrGuest) return undefined;
    // MS-SMB2 3.3.4.1.1: Channel.SigningKey of the channel on this connection.
    const channel = session.channels.get(request.connection);
    if (!channel || channel.signingKey.length === 0) return undefined;
    return isSigned(header) || session.signingRequired ? channel : undefined;
  }

  private statusOf(connection: Connection, header: Smb2Header, error: unknown): number {
    if (error instanceof NtStatusError) {
      if (isErrorStatus(error.status)) connection.log.debug({ command: header.command, status: statusName(error.status), reason: error.message }, 'request failed');
      return error.status;
    }
    if (error instanceof DriverError) return statusForDriverError(error.code, 'generic');
    if (error instanceof ProtocolViolation) throw error;
    connection.log.error({ err: error, command: header.command }, 'handler failed');
    return NtStatus.INTERNAL_ERROR;
  }

  /** MS-SMB2 3.3.4.2: send an interim STATUS_PENDING response now, along with what the chain has so far. */
  private goAsync(request: Smb2Request, cancel: () => void, sentSoFar: ResponseMessage[], encryptedBy: Session | undefined): void {
    const { connection, header } = request;
    const asyncId = connection.allocateAsyncId();
    request.asyncId = asyncId;
    connection.pending.set(asyncId, {
      messageId: header.messageId,
      asyncId,
      sessionId: request.session?.sessionId ?? 0n,
      outlivesChannel: request.outlivesChannel,
      opens: request.pendingOn,
      cancel,
    });
    const charge = connection.profile?.multiCredit ? Math.max(1, header.creditCharge) : 1;
    const interim: ResponseMessage = {
      header: {
        creditCharge: header.creditCharge,
        status: NtStatus.PENDING,
        command: header.command,
        credits: connection.window.grant(header.credits, charge),
        flags: HeaderFlags.SERVER_TO_REDIR | HeaderFlags.ASYNC_COMMAND | (request.related ? HeaderFlags.RELATED_OPERATIONS : 0),
        nextCommand: 0,
        messageId: header.messageId,
        asyncId,
        processId: 0,
        treeId: 0,
        sessionId: request.session?.sessionId ?? header.sessionId,
        signature: Buffer.alloc(0),
      },
      body: [encodeErrorResponse({ errorContextCount: 0, errorData: Buffer.alloc(0) })],
      signWith: this.responseSigner(request, header),
      encryptWith: encryptedBy ?? this.responseEncrypter(request),
      onBytes: undefined,
    };
    const batch = sentSoFar.splice(0, sentSoFar.length);
    batch.push(interim);
    this.send(connection, batch, encryptedBy);
  }

  /** Assembles a compound response (MS-SMB2 3.3.4.1.3), signs each message, encrypts the whole. */
  private send(connection: Connection, responses: readonly ResponseMessage[], encryptedBy: Session | undefined): void {
    const release = releaseAll(responses);
    if (connection.closed) {
      release?.();
      return;
    }
    const encryptWith = encryptedBy ?? responses.find((r) => r.encryptWith)?.encryptWith;
    const chunks: Buffer[] = [];
    for (let i = 0; i < responses.length; i++) {
      const r = responses[i]!;
      const last = i === responses.length - 1;
      let bodyLength = 0;
      for (const b of r.body) bodyLength += b.length;
      const length = SMB2_HEADER_SIZE + bodyLength;
      // MS-SMB2 3.3.4.1.3: every response of a compound is padded to 8 bytes, the last one included;
      // a response on its own is sent as is.
      const padded = responses.length === 1 ? length : align8(length);
      r.header.nextCommand = last ? 0 : padded;
      const sign = r.signWith && !encryptWith;
      if (sign) r.header.flags |= HeaderFlags.SIGNED;
      const headerBytes = Buffer.alloc(SMB2_HEADER_SIZE);
      writeHeader(headerBytes, r.header);
      const parts = [headerBytes, ...r.body];
      if (padded > length) parts.push(Buffer.alloc(padded - length));
      // The signature goes into headerBytes; the body chunks (a READ's data among them) are hashed where they are.
      if (sign) signMessage(r.signWith!.signingAlgorithm, r.signWith!.signingKey, parts);
      if (r.onBytes) {
        // The preauth integrity hash (NEGOTIATE, SESSION_SETUP) takes the message as one buffer.
        const whole = Buffer.concat(parts, padded);
        r.onBytes(whole);
        chunks.push(whole);
      } else {
        chunks.push(...parts);
      }
    }
    if (encryptWith) {
      const encrypted = encryptMessage(encryptWith.cipher!, encryptWith.encryptionKey, encryptWith.sessionId, chunks);
      // The ciphertext is a copy: the plaintext buffers are free already.
      release?.();
      connection.transport.sendFrame(encrypted);
    } else {
      connection.transport.sendFrame(chunks, release);
    }
  }

  /**
   * MS-SMB2 3.3.4.1.4: encrypt when the session or the share demands it. The responses that establish
   * the keys (SESSION_SETUP) or the share's requirement (TREE_CONNECT) go out in the clear.
   */
  private responseEncrypter(request: Smb2Request): Session | undefined {
    const { session, tree, header } = request;
    if (!session?.cipher || session.state !== 'valid' || header.command === Command.SESSION_SETUP) return undefined;
    if (session.encryptData) return session;
    if (tree?.encryptData && header.command !== Command.TREE_CONNECT) return session;
    return undefined;
  }

}

/** MS-SMB2 2.2.5: the SMB2_SESSION_FLAG_BINDING bit of a SESSION_SETUP request's Flags. */
function isBindingRequest(message: Buffer): boolean {
  const flagsOffset = SMB2_HEADER_SIZE + 2;
  return message.length > flagsOffset && (message[flagsOffset]! & SessionSetupRequestFlags.BINDING) !== 0;
}

/** One callback releasing the buffers of every response that has any to release, or undefined. */
function releaseAll(responses: readonly ResponseMessage[]): (() => void) | undefined {
  let releases: (() => void)[] | undefined;
  for (const r of responses) if (r.release) (releases ??= []).push(r.release);
  if (!releases) return undefined;
  return () => {
    for (const release of releases) release();
  };
}
