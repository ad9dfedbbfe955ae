// A minimal SMB2 client for server tests: requests are built with the codecs of src/protocol/messages (or
// taken from real captures and re-stamped with this connection's ids), sent over a RawSocket, and matched
// to their final responses by MessageId. Logon replays a real client's NTLM exchange, which a server
// configured with guest mapping accepts as Guest; no keys exist, so nothing is signed.

import { Command, Dialect, HeaderFlags } from '../../src/protocol/constants.ts';
import { decodeHeader, encodeHeader, type Smb2Header } from '../../src/protocol/header.ts';
import {
  decodeCreateResponse,
  decodeNegotiateResponse,
  decodeSessionSetupRequest,
  encodeCloseRequest,
  encodeCreateRequest,
  encodeEchoRequest,
  encodeSessionSetupRequest,
  encodeTreeConnectRequest,
  type CreateRequest,
} from '../../src/protocol/messages/index.ts';
import { NtStatus } from '../../src/protocol/status.ts';
import { utf16 } from '../../src/protocol/wire.ts';
import { directTcpHeader } from '../../src/transport/framing.ts';
import { goldenRequests } from './golden.ts';
import { RawSocket } from './raw-socket.ts';

export interface Smb2Reply {
  header: Smb2Header;
  /** The response message, header included. */
  message: Buffer;
}

export interface FileId {
  persistent: bigint;
  volatile: bigint;
}

/** Where the FileId sits in each request that carries one (offsets from the header, MS-SMB2 2.2.x). */
const FILE_ID_OFFSET: ReadonlyMap<number, number> = new Map([
  [Command.CLOSE, 64 + 8],
  [Command.FLUSH, 64 + 8],
  [Command.READ, 64 + 16],
  [Command.WRITE, 64 + 16],
  [Command.LOCK, 64 + 8],
  [Command.IOCTL, 64 + 8],
  [Command.QUERY_DIRECTORY, 64 + 8],
  [Command.CHANGE_NOTIFY, 64 + 8],
  [Command.QUERY_INFO, 64 + 24],
  [Command.SET_INFO, 64 + 16],
  [Command.OPLOCK_BREAK, 64 + 8],
]);

const REPLY_TIMEOUT_MS = 5_000;
const CREDITS_REQUESTED = 64;

/** Every message of a response frame (a compound is split at its NextCommand fields). */
export function splitResponses(frame: Buffer): Smb2Reply[] {
  const out: Smb2Reply[] = [];
  let offset = 0;
  for (;;) {
    const header = decodeHeader(frame, offset);
    const end = header.nextCommand === 0 ? frame.length : offset + header.nextCommand;
    if (end > frame.length || end <= offset) throw new Error(`response NextCommand ${header.nextCommand} leaves the frame`);
    out.push({ header, message: frame.subarray(offset, end) });
    if (header.nextCommand === 0) return out;
    offset = end;
  }
}

export class Smb2TestClient {
  readonly socket: RawSocket;
  nextMessageId = 0n;
  sessionId = 0n;
  treeId = 0;
  dialect = 0;
  readonly #early = new Map<bigint, Smb2Reply>();

  private constructor(socket: RawSocket) {
    this.socket = socket;
  }

  static async connect(port: number): Promise<Smb2TestClient> {
    return new Smb2TestClient(await RawSocket.connect(port));
  }

  /** MS-SMB2 3.2.4.1.5: from 2.1 on, a request spends CreditCharge MessageIds. */
  #charge(header: Pick<Smb2Header, 'creditCharge'>): number {
    return this.dialect > Dialect.SMB2_0_2 ? Math.max(1, header.creditCharge) : 1;
  }

  /**
   * A copy of `message` (one request, header included) carrying this connection's MessageId, SessionId and
   * TreeId, unsigned, alone (NextCommand 0), and with the FileId replaced when one is given and the request
   * has one. Allocates the MessageIds it spends.
   */
  stamp(message: Buffer, fileId?: FileId): Buffer {
    const out = Buffer.from(message);
    const header = decodeHeader(out);
    out.writeUInt16LE(CREDITS_REQUESTED, 14);
    out.writeUInt32LE((header.flags & ~(HeaderFlags.SIGNED | HeaderFlags.RELATED_OPERATIONS | HeaderFlags.ASYNC_COMMAND)) >>> 0, 16);
    out.writeUInt32LE(0, 20);
    out.writeBigUInt64LE(this.nextMessageId, 24);
    out.writeUInt32LE(0xfeff, 32);
    out.writeUInt32LE(this.treeId, 36);
    out.writeBigUInt64LE(this.sessionId, 40);
    out.fill(0, 48, 64);
    const at = FILE_ID_OFFSET.get(header.command);
    // An all-ones FileId means "no file" (FSCTLs on the share) or "the previous one" in a chain: kept.
    if (fileId && at !== undefined && out.length >= at + 16 && out.readBigUInt64LE(at + 8) !== 0xffffffffffffffffn) {
      out.writeBigUInt64LE(fileId.persistent, at);
      out.writeBigUInt64LE(fileId.volatile, at + 8);
    }
    this.nextMessageId += BigInt(this.#charge(header));
    return out;
  }

  /** A request built from a header template and a body encoded by a codec. */
  build(command: number, body: Buffer): Buffer {
    const header = encodeHeader({
      creditCharge: 1,
      status: 0,
      command,
      credits: CREDITS_REQUESTED,
      flags: 0,
      nextCommand: 0,
      messageId: 0n,
      asyncId: 0n,
      processId: 0,
      treeId: 0,
      sessionId: 0n,
      signature: Buffer.alloc(0),
    });
    return this.stamp(Buffer.concat([header, body]));
  }

  /** Sends a stamped request and returns its final response (interim STATUS_PENDING responses skipped). */
  async call(request: Buffer): Promise<Smb2Reply> {
    const messageId = request.readBigUInt64LE(24);
    this.socket.sendMessage(request);
    return this.reply(messageId);
  }

  /** The final response to `messageId`; final responses to other requests that arrive first are kept for later. */
  async reply(messageId: bigint, timeoutMs = REPLY_TIMEOUT_MS): Promise<Smb2Reply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const kept = this.#early.get(messageId);
      if (kept) {
        this.#early.delete(messageId);
        return kept;
      }
      const received = await this.socket.next(Math.max(0, deadline - Date.now()));
      if (received === 'closed' || received === 'timeout') throw new Error(`no response to MessageId ${messageId}: ${received}`);
      for (const r of splitResponses(received)) {
        const interim = r.header.status === NtStatus.PENDING && r.header.flags & HeaderFlags.ASYNC_COMMAND;
        if (!interim) this.#early.set(r.header.messageId, r);
      }
    }
  }

  /** Replays a real client's NEGOTIATE request; returns the negotiated dialect. */
  async negotiate(request: Buffer): Promise<number> {
    const reply = await this.call(this.stamp(request));
    expectStatus(reply, NtStatus.SUCCESS, 'NEGOTIATE');
    this.dialect = decodeNegotiateResponse(reply.message).dialectRevision;
    return this.dialect;
  }

  /**
   * Logs on with the two SESSION_SETUP security buffers a real client (smbclient 4.17, user "tuser") sent
   * to Samba; against a server without that account and with guest mapping, this is a Guest session.
   */
  async guestLogon(): Promise<void> {
    for (const [i, message] of GUEST_LOGON_LEGS.entries()) {
      const captured = decodeSessionSetupRequest(message);
      const body = encodeSessionSetupRequest({ ...captured, securityMode: 0x01, previousSessionId: 0n });
      const reply = await this.call(this.build(Command.SESSION_SETUP, body));
      expectStatus(reply, i === 0 ? NtStatus.MORE_PROCESSING_REQUIRED : NtStatus.SUCCESS, `SESSION_SETUP leg ${i + 1}`);
      this.sessionId = reply.header.sessionId;
    }
  }

  async treeConnect(share: string): Promise<void> {
    const body = encodeTreeConnectRequest({ flags: 0, path: utf16.encode(`\\\\127.0.0.1\\${share}`), treeConnectContexts: [] });
    const reply = await this.call(this.build(Command.TREE_CONNECT, body));
    expectStatus(reply, NtStatus.SUCCESS, 'TREE_CONNECT');
    this.treeId = reply.header.treeId;
  }

  /** A CREATE request with sensible defaults for the fields not given (read/write, share all, open-if). */
  buildCreate(name: string, fields: Partial<Omit<CreateRequest, 'name'>> = {}): Buffer {
    const body = encodeCreateRequest({
      requestedOplockLevel: 0,
      impersonationLevel: 2,
      desiredAccess: 0x0012019f, // MS-SMB2 2.2.13.1.1: FILE_GENERIC_READ | FILE_GENERIC_WRITE
      fileAttributes: 0,
      shareAccess: 0x07,
      createDisposition: 0x03, // FILE_OPEN_IF
      createOptions: 0,
      createContexts: Buffer.alloc(0),
      ...fields,
      name: utf16.encode(name),
    });
    return this.build(Command.CREATE, body);
  }

  /** CREATE (see buildCreate); returns the response status and, on success, the FileId. */
  async create(name: string, fields: Partial<Omit<CreateRequest, 'name'>> = {}): Promise<{ status: number; fileId: FileId | undefined }> {
    const reply = await this.call(this.buildCreate(name, fields));
    if (reply.header.status !== NtStatus.SUCCESS) return { status: reply.header.status, fileId: undefined };
    const r = decodeCreateResponse(reply.message);
    return { status: reply.header.status, fileId: { persistent: r.persistentFileId, volatile: r.volatileFileId } };
  }

  async close(fileId: FileId): Promise<Smb2Reply> {
    return this.call(this.build(Command.CLOSE, encodeCloseRequest({ flags: 0, persistentFileId: fileId.persistent, volatileFileId: fileId.volatile })));
  }

  /** Sends several requests in one write, so the server receives them together; returns their MessageIds. */
  pipeline(requests: readonly Buffer[]): bigint[] {
    this.socket.write(Buffer.concat(requests.map((r) => Buffer.concat([directTcpHeader(r.length), r]))));
    return requests.map((r) => r.readBigUInt64LE(24));
  }

  async echo(timeoutMs = REPLY_TIMEOUT_MS): Promise<Smb2Reply> {
    const request = this.build(Command.ECHO, encodeEchoRequest({}));
    this.socket.sendMessage(request);
    return this.reply(request.readBigUInt64LE(24), timeoutMs);
  }
}

/**
 * smbclient 4.17's SESSION_SETUP requests of an SMB 3.1.1 logon to Samba (test/fixtures/golden): the first
 * (SessionId 0, SPNEGO NegTokenInit around an NTLM NEGOTIATE_MESSAGE), then one carrying the NTLM
 * AUTHENTICATE_MESSAGE. NTLM verifies nothing of the second for an unknown account mapped to Guest.
 */
const GUEST_LOGON_LEGS: readonly Buffer[] = (() => {
  const setups = goldenRequests.filter((m) => m.client === 'smbclient' && m.dialect === 'SMB3_1_1' && m.command === 'SESSION_SETUP');
  const first = setups.find((m) => m.bytes.readBigUInt64LE(40) === 0n);
  const second = setups.find((m) => m.bytes.readBigUInt64LE(40) !== 0n);
  if (!first || !second) throw new Error('golden fixture lacks an smbclient SMB 3.1.1 logon');
  return [first.bytes, second.bytes];
})();

function expectStatus(reply: Smb2Reply, status: number, what: string): void {
  if (reply.header.status !== status) {
    throw new Error(`${what}: status 0x${reply.header.status.toString(16)}, expected 0x${status.toString(16)}`);
  }
}
