// The server end of one named pipe opened on IPC$: a DCE/RPC connection-oriented association
// (C706 chapter 12, MS-RPCE 3.3.3) with no RPC-level security — SMB already authenticated the user —
// serving one interface.

import { NtStatus, NtStatusError } from '../protocol/status.ts';
import { NdrError } from './ndr.ts';
import {
  BindNakReason,
  ContextResult,
  FaultStatus,
  NDR_TRANSFER_SYNTAX,
  NULL_TRANSFER_SYNTAX,
  PFC,
  PTYPE,
  ProviderReason,
  RpcPduError,
  decodeBind,
  decodeHeader,
  decodeRequest,
  encodeBindAck,
  encodeBindNak,
  encodeFault,
  encodeResponse,
  peekFragLength,
} from './pdu.ts';
import type { ContextResultEntry, PresentationContext, SyntaxId } from './pdu.ts';
import { srvsvc } from './srvsvc.ts';
import { wkssvc } from './wkssvc.ts';

export interface ShareInfo {
  name: string;
  /** MS-SRVS share type: STYPE_DISKTREE 0, STYPE_IPC 3, optionally | STYPE_SPECIAL 0x80000000. */
  type: number;
  remark: string;
  /** As shown to administrators, e.g. "C:\\srv\\data". */
  path?: string;
  maxUses?: number;
  currentUses?: number;
}

export interface RpcServerContext {
  /** NetBIOS name of this server. */
  serverName: string;
  /** Workgroup or domain name. */
  domain: string;
  shares(): ShareInfo[];
}

/** One RPC interface served on a pipe. */
export interface RpcInterface {
  name: string;
  syntax: SyntaxId;
  /** The response stub, or undefined when `opnum` is not part of the interface. Throws NdrError on bad stub data. */
  call(opnum: number, stub: Buffer, ctx: RpcServerContext): Buffer | undefined;
}

const INTERFACES = new Map<string, RpcInterface>([
  ['srvsvc', srvsvc],
  ['wkssvc', wkssvc],
]);

/** Lower-case pipe names a CREATE on IPC$ may open. */
export const PIPE_ENDPOINTS: readonly string[] = [...INTERFACES.keys()];

/** Largest fragment we send or take: what Windows servers offer in bind_ack. */
const SERVER_MAX_FRAG = 5840;
/** C706 MustRecvFragSize: every implementation takes fragments of 1432 octets, so no peer may ask for less. */
const MUST_RECV_FRAG_SIZE = 1432;
/** Bound on a reassembled request: the calls served here take a few hundred bytes. */
const MAX_REQUEST_STUB = 1 << 20;
/**
 * Bound on unread responses before another PDU is taken. Without PFC_CONC_MPX a client reads each response
 * before its next call, so only a client ignoring the protocol gets near it.
 */
const MAX_QUEUED_OUTPUT = 1 << 20;

// MS-RPCE 3.3.1.5.3 / 2.2.2.14
const BIND_TIME_FEATURE_PREFIX = '6cb71c2c-9812-4540-';
/**
 * The features we acknowledge. KeepConnectionOnOrphanSupported: an orphaned PDU only drops the call being
 * received, the pipe stays open. SecurityContextMultiplexing is meaningless without RPC-level security.
 */
const SUPPORTED_BIND_TIME_FEATURES = 0x02;

/** Association group ids only need to differ between the pipes of this process. */
let lastAssocGroupId = 0x53b0;

/** The server end of one DCE/RPC named pipe. */
export class RpcPipe {
  readonly #iface: RpcInterface;
  readonly #ctx: RpcServerContext;
  #inbound: Buffer = Buffer.alloc(0);
  #outbound: Buffer[] = [];
  #queuedBytes = 0;
  #disconnected = false;
  #bound = false;
  #contexts = new Set<number>();
  #maxXmitFrag = MUST_RECV_FRAG_SIZE;
  #assocGroupId = 0;
  /** A request being received in several fragments. */
  #call: { callId: number; contextId: number; opnum: number; authLength: number; chunks: Buffer[]; length: number } | undefined;

  /** `endpoint` is one of PIPE_ENDPOINTS (any case); anything else throws STATUS_OBJECT_NAME_NOT_FOUND. */
  constructor(endpoint: string, ctx: RpcServerContext) {
    const iface = INTERFACES.get(endpoint.toLowerCase());
    if (!iface) throw new NtStatusError(NtStatus.OBJECT_NAME_NOT_FOUND, `no RPC endpoint \\PIPE\\${endpoint}`);
    this.#iface = iface;
    this.#ctx = ctx;
  }

  /**
   * Bytes the client wrote (WRITE or the input of FSCTL_PIPE_TRANSCEIVE). Complete PDUs are processed;
   * partial ones are buffered. When the bytes cannot be framed as DCE/RPC, or the client breaks the
   * connection-oriented protocol, the server end closes the pipe: this and every later call throw
   * NtStatusError(STATUS_PIPE_DISCONNECTED).
   */
  write(data: Buffer): void {
    this.#ensureConnected();
    let input = this.#inbound.length > 0 ? Buffer.concat([this.#inbound, data]) : data;
    try {
      for (;;) {
        const fragLength = peekFragLength(input);
        if (fragLength === undefined || input.length < fragLength) break;
        // One answer may be large; piling up more behind unread ones is what a well-behaved client never does.
        if (this.#queuedBytes > MAX_QUEUED_OUTPUT) throw new RpcPduError('client does not read its responses');
        this.#process(input.subarray(0, fragLength));
        input = input.subarray(fragLength);
      }
    } catch (e) {
      if (!(e instanceof RpcPduError)) throw e;
      this.#disconnect();
      throw new NtStatusError(NtStatus.PIPE_DISCONNECTED, e.message);
    }
    // Copy the partial PDU: `data` may be a view of a transport buffer that is about to be reused.
    this.#inbound = Buffer.from(input);
  }

  /**
   * Up to maxLength bytes of queued response; `more` is true when more of the current PDU remains (the
   * SMB layer then answers STATUS_BUFFER_OVERFLOW), undefined when nothing is queued. Named pipes are
   * message-mode: one read never returns bytes of two PDUs.
   */
  read(maxLength: number): { data: Buffer; more: boolean } | undefined {
    this.#ensureConnected();
    const head = this.#outbound[0];
    if (!head) return undefined;
    if (head.length <= maxLength) {
      this.#outbound.shift();
      this.#queuedBytes -= head.length;
      return { data: head, more: false };
    }
    const take = Math.max(0, maxLength);
    this.#outbound[0] = head.subarray(take);
    this.#queuedBytes -= take;
    return { data: head.subarray(0, take), more: true };
  }

  #ensureConnected(): void {
    if (this.#disconnected) throw new NtStatusError(NtStatus.PIPE_DISCONNECTED);
  }

  #disconnect(): void {
    this.#disconnected = true;
    this.#inbound = Buffer.alloc(0);
    this.#outbound = [];
    this.#queuedBytes = 0;
    this.#call = undefined;
  }

  #send(pdu: Buffer): void {
    this.#outbound.push(pdu);
    this.#queuedBytes += pdu.length;
  }

  #process(pdu: Buffer): void {
    const header = decodeHeader(pdu);
    switch (header.ptype) {
      case PTYPE.BIND:
        return this.#bind(pdu);
      case PTYPE.ALTER_CONTEXT:
        return this.#alterContext(pdu);
      case PTYPE.REQUEST:
        return this.#request(pdu);
      case PTYPE.CO_CANCEL:
        // Calls run to completion before the next PDU is read, so there is never one left to cancel.
        return;
      case PTYPE.ORPHANED:
        // MS-RPCE 3.3.1.5.10: the client abandoned the call it was sending; forget its fragments.
        if (this.#call?.callId === header.callId) this.#call = undefined;
        return;
      default:
        throw new RpcPduError(`PTYPE ${header.ptype} is not one a client sends`);
    }
  }

  // C706 12.6.4.3; MS-RPCE 3.3.1.5.3 for the bind time feature negotiation context.
  #bind(pdu: Buffer): void {
    const bind = decodeBind(pdu);
    const callId = bind.header.callId;
    // MS-RPCE 2.2.2.5: reason 4 reports a protocol error in a bind — here a second bind on the association.
    if (this.#bound) return this.#send(encodeBindNak(callId, BindNakReason.PROTOCOL_VERSION_NOT_SUPPORTED));
    if (bind.header.authLength > 0) {
      return this.#send(encodeBindNak(callId, BindNakReason.AUTHENTICATION_TYPE_NOT_RECOGNIZED));
    }
    const results = this.#negotiate(bind.contexts);
    if (!results) return this.#send(encodeBindNak(callId, BindNakReason.PROTOCOL_VERSION_NOT_SUPPORTED));
    this.#bound = true;
    // Our transmit size is bounded by what the client can receive, and the reverse.
    this.#maxXmitFrag = clampFrag(bind.maxRecvFrag);
    // A client naming a group (Windows reuses one across the pipes of a session) keeps it: pipes share no
    // state here, so any group id serves as well as another.
    this.#assocGroupId = bind.assocGroupId !== 0 ? bind.assocGroupId : nextAssocGroupId();
    this.#send(
      encodeBindAck({
        ptype: PTYPE.BIND_ACK,
        callId,
        maxXmitFrag: this.#maxXmitFrag,
        maxRecvFrag: clampFrag(bind.maxXmitFrag),
        assocGroupId: this.#assocGroupId,
        secondaryAddress: `\\PIPE\\${this.#iface.name}`,
        results,
      }),
    );
  }

  // C706 12.6.4.1: adds presentation contexts to a bound association; fragment sizes stay as bound.
  #alterContext(pdu: Buffer): void {
    const alter = decodeBind(pdu);
    if (!this.#bound) throw new RpcPduError('alter_context before bind');
    const results = this.#negotiate(alter.contexts);
    if (!results || alter.header.authLength > 0) {
      throw new RpcPduError('alter_context with an invalid context list or security');
    }
    this.#send(
      encodeBindAck({
        ptype: PTYPE.ALTER_CONTEXT_RESP,
        callId: alter.header.callId,
        maxXmitFrag: this.#maxXmitFrag,
        maxRecvFrag: this.#maxXmitFrag,
        assocGroupId: this.#assocGroupId,
        secondaryAddress: '',
        results,
      }),
    );
  }

  /** One result per offered context, accepting those we serve; undefined when the list itself is invalid. */
  #negotiate(contexts: readonly PresentationContext[]): ContextResultEntry[] | undefined {
    if (contexts.length === 0) return undefined;
    const results: ContextResultEntry[] = [];
    const accepted: number[] = [];
    let featuresSeen = false;
    for (const c of contexts) {
      const first = c.transferSyntaxes[0];
      if (!first) return undefined;
      const features = bindTimeFeatures(first);
      if (features !== undefined) {
        // MS-RPCE 3.3.1.5.3: at most one such context; it is answered with negotiate_ack carrying the
        // features both sides support, and no transfer syntax.
        if (featuresSeen) return undefined;
        featuresSeen = true;
        results.push({
          result: ContextResult.NEGOTIATE_ACK,
          reason: features & SUPPORTED_BIND_TIME_FEATURES,
          transferSyntax: NULL_TRANSFER_SYNTAX,
        });
      } else if (!servesInterface(this.#iface.syntax, c.abstractSyntax)) {
        results.push(rejection(ProviderReason.ABSTRACT_SYNTAX_NOT_SUPPORTED));
      } else if (!c.transferSyntaxes.some((t) => sameSyntax(t, NDR_TRANSFER_SYNTAX))) {
        // NDR64 and anything else: only NDR 2.0 is spoken here.
        results.push(rejection(ProviderReason.PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED));
      } else {
        accepted.push(c.contextId);
        results.push({ result: ContextResult.ACCEPTANCE, reason: 0, transferSyntax: NDR_TRANSFER_SYNTAX });
      }
    }
    for (const id of accepted) this.#contexts.add(id);
    return results;
  }

  // C706 12.6.4.9. The fragments of one call arrive in order and are not interleaved with other calls,
  // because we never offer PFC_CONC_MPX.
  #request(pdu: Buffer): void {
    const req = decodeRequest(pdu);
    const { callId, pfcFlags, authLength } = req.header;
    const first = (pfcFlags & PFC.FIRST_FRAG) !== 0;
    const last = (pfcFlags & PFC.LAST_FRAG) !== 0;
    if (first) {
      if (this.#call) throw new RpcPduError(`call ${callId} started while call ${this.#call.callId} is incomplete`);
      if (last) return this.#dispatch(callId, req.contextId, req.opnum, authLength, req.stub);
      this.#call = { callId, contextId: req.contextId, opnum: req.opnum, authLength, chunks: [], length: 0 };
    } else if (this.#call?.callId !== callId) {
      throw new RpcPduError(`fragment of call ${callId} that has no first fragment`);
    }
    const call = this.#call!;
    call.length += req.stub.length;
    if (call.length > MAX_REQUEST_STUB) throw new RpcPduError(`request of call ${callId} exceeds ${MAX_REQUEST_STUB} bytes`);
    call.chunks.push(Buffer.from(req.stub));
    if (!last) return;
    this.#call = undefined;
    this.#dispatch(callId, call.contextId, call.opnum, call.authLength, Buffer.concat(call.chunks, call.length));
  }

  #dispatch(callId: number, contextId: number, opnum: number, authLength: number, stub: Buffer): void {
    const fault = (status: number) => this.#send(encodeFault(callId, contextId, status, true));
    // No security context was ever negotiated, so a verifier cannot be checked.
    if (authLength > 0) return fault(FaultStatus.NCA_S_FAULT_ACCESS_DENIED);
    if (!this.#contexts.has(contextId)) return fault(FaultStatus.NCA_S_UNK_IF);
    let out: Buffer | undefined;
    try {
      out = this.#iface.call(opnum, stub, this.#ctx);
    } catch (e) {
      if (e instanceof NdrError) return fault(FaultStatus.NCA_S_FAULT_NDR);
      throw e;
    }
    if (!out) return fault(FaultStatus.NCA_S_OP_RNG_ERROR);
    for (const fragment of encodeResponse(callId, contextId, out, this.#maxXmitFrag)) this.#send(fragment);
  }
}

function clampFrag(requested: number): number {
  return Math.min(SERVER_MAX_FRAG, Math.max(MUST_RECV_FRAG_SIZE, requested));
}

function nextAssocGroupId(): number {
  lastAssocGroupId = (lastAssocGroupId + 1) >>> 0 || 1;
  return lastAssocGroupId;
}

function sameSyntax(a: SyntaxId, b: SyntaxId): boolean {
  return a.uuid === b.uuid && a.major === b.major && a.minor === b.minor;
}

/** C706 interface compatibility: same uuid and major version, and a minor version not above ours. */
function servesInterface(ours: SyntaxId, asked: SyntaxId): boolean {
  return asked.uuid === ours.uuid && asked.major === ours.major && asked.minor <= ours.minor;
}

/** The BindTimeFeatureNegotiationBitmask's first octet when `t` is a feature negotiation syntax (version 1.0). */
function bindTimeFeatures(t: SyntaxId): number | undefined {
  if (!t.uuid.startsWith(BIND_TIME_FEATURE_PREFIX) || t.major !== 1 || t.minor !== 0) return undefined;
  // The bitmask is the uuid's last eight octets, which travel in order: its first octet is the first
  // byte of the fourth group.
  return parseInt(t.uuid.slice(BIND_TIME_FEATURE_PREFIX.length, BIND_TIME_FEATURE_PREFIX.length + 2), 16);
}

function rejection(reason: number): ContextResultEntry {
  return { result: ContextResult.PROVIDER_REJECTION, reason, transferSyntax: NULL_TRANSFER_SYNTAX };
}
