// Connection-oriented DCE/RPC PDUs (C706 chapter 12.6, with the MS-RPCE 2.2.2 extensions), in the
// little-endian / ASCII / IEEE data representation that every SMB client sends.

/** A byte sequence that cannot be a connection-oriented PDU in the data representation we serve. */
export class RpcPduError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RpcPduError';
  }
}

// C706 12.6.3.1 PTYPE values of the connection-oriented protocol.
export const PTYPE = {
  REQUEST: 0,
  RESPONSE: 2,
  FAULT: 3,
  BIND: 11,
  BIND_ACK: 12,
  BIND_NAK: 13,
  ALTER_CONTEXT: 14,
  ALTER_CONTEXT_RESP: 15,
  AUTH3: 16,
  SHUTDOWN: 17,
  CO_CANCEL: 18,
  ORPHANED: 19,
} as const;

// C706 12.6.3.1 pfc_flags.
export const PFC = {
  FIRST_FRAG: 0x01,
  LAST_FRAG: 0x02,
  PENDING_CANCEL: 0x04,
  CONC_MPX: 0x10,
  DID_NOT_EXECUTE: 0x20,
  MAYBE: 0x40,
  OBJECT_UUID: 0x80,
} as const;

// C706 12.6.3.1 p_cont_def_result_t, plus negotiate_ack for bind time feature negotiation (MS-RPCE 3.3.1.5.3).
export const ContextResult = {
  ACCEPTANCE: 0,
  USER_REJECTION: 1,
  PROVIDER_REJECTION: 2,
  NEGOTIATE_ACK: 3,
} as const;

// C706 12.6.3.1 p_provider_reason_t.
export const ProviderReason = {
  REASON_NOT_SPECIFIED: 0,
  ABSTRACT_SYNTAX_NOT_SUPPORTED: 1,
  PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED: 2,
  LOCAL_LIMIT_EXCEEDED: 3,
} as const;

// C706 12.6.3.1 p_reject_reason_t, with MS-RPCE 2.2.2.5's additions.
export const BindNakReason = {
  REASON_NOT_SPECIFIED: 0,
  TEMPORARY_CONGESTION: 1,
  LOCAL_LIMIT_EXCEEDED: 2,
  PROTOCOL_VERSION_NOT_SUPPORTED: 4,
  AUTHENTICATION_TYPE_NOT_RECOGNIZED: 8,
  INVALID_CHECKSUM: 9,
} as const;

// Fault statuses: nca_s_* from C706 appendix E; the fault_* codes are the Win32 values Windows puts in a
// fault PDU (MS-ERREF 2.2: ERROR_ACCESS_DENIED, RPC_X_BAD_STUB_DATA).
export const FaultStatus = {
  NCA_S_OP_RNG_ERROR: 0x1c010002,
  NCA_S_UNK_IF: 0x1c010003,
  NCA_S_PROTO_ERROR: 0x1c01000b,
  NCA_S_FAULT_ACCESS_DENIED: 0x00000005,
  NCA_S_FAULT_NDR: 0x000006f7,
} as const;

export const COMMON_HEADER_LENGTH = 16;
const REQUEST_HEADER_LENGTH = 24;
const RESPONSE_HEADER_LENGTH = 24;
const FAULT_LENGTH = 32;
const SYNTAX_ID_LENGTH = 20;
/** sec_trailer (MS-RPCE 2.2.2.11) that precedes auth_value when auth_length is non-zero. */
const SEC_TRAILER_LENGTH = 8;

/** drep[0] 0x10: little-endian integers, ASCII characters; drep[1] 0: IEEE floats (C706 14.1). */
const DREP_LE_ASCII_IEEE = 0x10;

export interface CommonHeader {
  rpcVersMinor: number;
  ptype: number;
  pfcFlags: number;
  fragLength: number;
  authLength: number;
  callId: number;
}

/** p_syntax_id_t: an interface or transfer syntax uuid with its version (major in the low 16 bits). */
export interface SyntaxId {
  uuid: string;
  major: number;
  minor: number;
}

export const NDR_TRANSFER_SYNTAX: SyntaxId = { uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', major: 2, minor: 0 };
export const NDR64_TRANSFER_SYNTAX: SyntaxId = { uuid: '71710533-beba-4937-8319-b5dbef9ccc36', major: 1, minor: 0 };
/** The all-zero syntax a bind_ack result carries when it accepts no transfer syntax. */
export const NULL_TRANSFER_SYNTAX: SyntaxId = { uuid: '00000000-0000-0000-0000-000000000000', major: 0, minor: 0 };

// ---- uuids (C706 appendix A: time_low, time_mid, time_hi in the data representation, the rest as bytes)

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function uuidToBytes(uuid: string): Buffer {
  const u = uuid.toLowerCase();
  if (!UUID_PATTERN.test(u)) throw new RangeError(`not a uuid: ${uuid}`);
  const hex = u.replaceAll('-', '');
  const b = Buffer.from(hex, 'hex');
  b.writeUInt32LE(parseInt(hex.slice(0, 8), 16), 0);
  b.writeUInt16LE(parseInt(hex.slice(8, 12), 16), 4);
  b.writeUInt16LE(parseInt(hex.slice(12, 16), 16), 6);
  return b;
}

export function uuidFromBytes(b: Buffer, at = 0): string {
  const h = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const tail = b.toString('hex', at + 8, at + 16);
  return (
    `${h(b.readUInt32LE(at), 8)}-${h(b.readUInt16LE(at + 4), 4)}-${h(b.readUInt16LE(at + 6), 4)}-` +
    `${tail.slice(0, 4)}-${tail.slice(4)}`
  );
}

function writeSyntax(b: Buffer, at: number, s: SyntaxId): void {
  uuidToBytes(s.uuid).copy(b, at);
  b.writeUInt16LE(s.major, at + 16);
  b.writeUInt16LE(s.minor, at + 18);
}

function readSyntax(b: Buffer, at: number): SyntaxId {
  return { uuid: uuidFromBytes(b, at), major: b.readUInt16LE(at + 16), minor: b.readUInt16LE(at + 18) };
}

// ---- common header (C706 12.6.3.1)

/**
 * The frag_length of the PDU at the start of `buf`, or undefined while fewer than 16 bytes are there.
 * Throws RpcPduError when the header cannot start a PDU we can frame.
 */
export function peekFragLength(buf: Buffer): number | undefined {
  if (buf.length < COMMON_HEADER_LENGTH) return undefined;
  return decodeHeader(buf).fragLength;
}

export function decodeHeader(buf: Buffer): CommonHeader {
  if (buf.length < COMMON_HEADER_LENGTH) throw new RpcPduError('PDU shorter than the common header');
  const rpcVers = buf[0]!;
  const rpcVersMinor = buf[1]!;
  // MS-RPCE 1.7 limits connection-oriented RPC to 5.0; a C706 peer may still say 5.1, which differs in
  // nothing used here.
  if (rpcVers !== 5 || rpcVersMinor > 1) throw new RpcPduError(`unsupported RPC version ${rpcVers}.${rpcVersMinor}`);
  if (buf[4] !== DREP_LE_ASCII_IEEE || buf[5] !== 0) {
    throw new RpcPduError(`unsupported data representation ${buf.toString('hex', 4, 8)}`);
  }
  const fragLength = buf.readUInt16LE(8);
  const authLength = buf.readUInt16LE(10);
  if (fragLength < COMMON_HEADER_LENGTH) throw new RpcPduError(`frag_length ${fragLength} below the header size`);
  if (authLength > 0 && COMMON_HEADER_LENGTH + SEC_TRAILER_LENGTH + authLength > fragLength) {
    throw new RpcPduError(`auth_length ${authLength} does not fit in frag_length ${fragLength}`);
  }
  return { rpcVersMinor, ptype: buf[2]!, pfcFlags: buf[3]!, fragLength, authLength, callId: buf.readUInt32LE(12) };
}

function writeHeader(b: Buffer, ptype: number, pfcFlags: number, callId: number, authLength = 0): void {
  b[0] = 5;
  b[1] = 0;
  b[2] = ptype;
  b[3] = pfcFlags;
  b.writeUInt32BE(DREP_LE_ASCII_IEEE << 24, 4);
  b.writeUInt16LE(b.length, 8);
  b.writeUInt16LE(authLength, 10);
  b.writeUInt32LE(callId >>> 0, 12);
}

/** The PDU body after its type-specific fields and before any sec_trailer/auth_value. */
function bodyEnd(h: CommonHeader): number {
  return h.authLength > 0 ? h.fragLength - h.authLength - SEC_TRAILER_LENGTH : h.fragLength;
}

function requireLength(buf: Buffer, h: CommonHeader, need: number, what: string): void {
  if (buf.length < h.fragLength) throw new RpcPduError(`${what} truncated: ${buf.length} of ${h.fragLength} bytes`);
  if (bodyEnd(h) < need) throw new RpcPduError(`${what} too short: ${bodyEnd(h)} bytes, needs ${need}`);
}

// ---- bind / alter_context (C706 12.6.4.3, 12.6.4.1)

export interface PresentationContext {
  contextId: number;
  abstractSyntax: SyntaxId;
  transferSyntaxes: SyntaxId[];
}

export interface BindPdu {
  header: CommonHeader;
  maxXmitFrag: number;
  maxRecvFrag: number;
  assocGroupId: number;
  contexts: PresentationContext[];
}

/** Decodes a bind or alter_context PDU (same layout). */
export function decodeBind(buf: Buffer): BindPdu {
  const header = decodeHeader(buf);
  if (header.ptype !== PTYPE.BIND && header.ptype !== PTYPE.ALTER_CONTEXT) {
    throw new RpcPduError(`PTYPE ${header.ptype} is not bind or alter_context`);
  }
  requireLength(buf, header, 28, 'bind');
  const end = bodyEnd(header);
  const count = buf[24]!;
  const contexts: PresentationContext[] = [];
  let at = 28;
  for (let i = 0; i < count; i++) {
    if (at + 4 + SYNTAX_ID_LENGTH > end) throw new RpcPduError('bind context list truncated');
    const contextId = buf.readUInt16LE(at);
    const nTransfer = buf[at + 2]!;
    const abstractSyntax = readSyntax(buf, at + 4);
    at += 4 + SYNTAX_ID_LENGTH;
    if (at + nTransfer * SYNTAX_ID_LENGTH > end) throw new RpcPduError('bind transfer syntaxes truncated');
    const transferSyntaxes: SyntaxId[] = [];
    for (let t = 0; t < nTransfer; t++, at += SYNTAX_ID_LENGTH) transferSyntaxes.push(readSyntax(buf, at));
    contexts.push({ contextId, abstractSyntax, transferSyntaxes });
  }
  return {
    header,
    maxXmitFrag: buf.readUInt16LE(16),
    maxRecvFrag: buf.readUInt16LE(18),
    assocGroupId: buf.readUInt32LE(20),
    contexts,
  };
}

export interface BindParams {
  ptype: typeof PTYPE.BIND | typeof PTYPE.ALTER_CONTEXT;
  callId: number;
  maxXmitFrag: number;
  maxRecvFrag: number;
  assocGroupId: number;
  contexts: readonly PresentationContext[];
}

export function encodeBind(p: BindParams): Buffer {
  let length = 28;
  for (const c of p.contexts) length += 4 + SYNTAX_ID_LENGTH * (1 + c.transferSyntaxes.length);
  const b = Buffer.alloc(length);
  writeHeader(b, p.ptype, PFC.FIRST_FRAG | PFC.LAST_FRAG, p.callId);
  b.writeUInt16LE(p.maxXmitFrag, 16);
  b.writeUInt16LE(p.maxRecvFrag, 18);
  b.writeUInt32LE(p.assocGroupId >>> 0, 20);
  b[24] = p.contexts.length;
  let at = 28;
  for (const c of p.contexts) {
    b.writeUInt16LE(c.contextId, at);
    b[at + 2] = c.transferSyntaxes.length;
    writeSyntax(b, at + 4, c.abstractSyntax);
    at += 4 + SYNTAX_ID_LENGTH;
    for (const t of c.transferSyntaxes) {
      writeSyntax(b, at, t);
      at += SYNTAX_ID_LENGTH;
    }
  }
  return b;
}

// ---- bind_ack / alter_context_resp (C706 12.6.4.4, 12.6.4.2)

export interface ContextResultEntry {
  result: number;
  /** p_provider_reason_t, or for NEGOTIATE_ACK the accepted BindTimeFeatureNegotiationBitmask bits. */
  reason: number;
  transferSyntax: SyntaxId;
}

export interface BindAckPdu {
  header: CommonHeader;
  maxXmitFrag: number;
  maxRecvFrag: number;
  assocGroupId: number;
  /** Port spec without its NUL ('' when absent, as in alter_context_resp). */
  secondaryAddress: string;
  results: ContextResultEntry[];
}

export interface BindAckParams {
  ptype: typeof PTYPE.BIND_ACK | typeof PTYPE.ALTER_CONTEXT_RESP;
  callId: number;
  maxXmitFrag: number;
  maxRecvFrag: number;
  assocGroupId: number;
  secondaryAddress: string;
  results: readonly ContextResultEntry[];
}

export function encodeBindAck(p: BindAckParams): Buffer {
  // sec_addr: length including the NUL, or 0 with no string at all.
  const addrLength = p.secondaryAddress === '' ? 0 : Buffer.byteLength(p.secondaryAddress, 'latin1') + 1;
  const resultsAt = align4(26 + addrLength);
  const b = Buffer.alloc(resultsAt + 4 + p.results.length * 24);
  writeHeader(b, p.ptype, PFC.FIRST_FRAG | PFC.LAST_FRAG, p.callId);
  b.writeUInt16LE(p.maxXmitFrag, 16);
  b.writeUInt16LE(p.maxRecvFrag, 18);
  b.writeUInt32LE(p.assocGroupId >>> 0, 20);
  b.writeUInt16LE(addrLength, 24);
  if (addrLength > 0) b.write(p.secondaryAddress, 26, 'latin1');
  b[resultsAt] = p.results.length;
  let at = resultsAt + 4;
  for (const r of p.results) {
    b.writeUInt16LE(r.result, at);
    b.writeUInt16LE(r.reason, at + 2);
    writeSyntax(b, at + 4, r.transferSyntax);
    at += 24;
  }
  return b;
}

export function decodeBindAck(buf: Buffer): BindAckPdu {
  const header = decodeHeader(buf);
  if (header.ptype !== PTYPE.BIND_ACK && header.ptype !== PTYPE.ALTER_CONTEXT_RESP) {
    throw new RpcPduError(`PTYPE ${header.ptype} is not bind_ack or alter_context_resp`);
  }
  requireLength(buf, header, 26, 'bind_ack');
  const addrLength = buf.readUInt16LE(24);
  const resultsAt = align4(26 + addrLength);
  requireLength(buf, header, resultsAt + 4, 'bind_ack');
  const count = buf[resultsAt]!;
  requireLength(buf, header, resultsAt + 4 + count * 24, 'bind_ack');
  const results: ContextResultEntry[] = [];
  for (let i = 0, at = resultsAt + 4; i < count; i++, at += 24) {
    results.push({ result: buf.readUInt16LE(at), reason: buf.readUInt16LE(at + 2), transferSyntax: readSyntax(buf, at + 4) });
  }
  return {
    header,
    maxXmitFrag: buf.readUInt16LE(16),
    maxRecvFrag: buf.readUInt16LE(18),
    assocGroupId: buf.readUInt32LE(20),
    secondaryAddress: addrLength > 0 ? buf.toString('latin1', 26, 26 + addrLength - 1) : '',
    results,
  };
}

// ---- bind_nak (C706 12.6.4.5)

export function encodeBindNak(callId: number, reason: number): Buffer {
  // provider_reject_reason, then p_rt_versions_supported listing 5.0 only; padded to 4 octets.
  const b = Buffer.alloc(24);
  writeHeader(b, PTYPE.BIND_NAK, PFC.FIRST_FRAG | PFC.LAST_FRAG, callId);
  b.writeUInt16LE(reason, 16);
  b[18] = 1;
  b[19] = 5;
  b[20] = 0;
  return b;
}

export function decodeBindNak(buf: Buffer): { header: CommonHeader; reason: number; versions: Array<[number, number]> } {
  const header = decodeHeader(buf);
  if (header.ptype !== PTYPE.BIND_NAK) throw new RpcPduError(`PTYPE ${header.ptype} is not bind_nak`);
  requireLength(buf, header, 19, 'bind_nak');
  const n = buf[18]!;
  requireLength(buf, header, 19 + 2 * n, 'bind_nak');
  const versions: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) versions.push([buf[19 + 2 * i]!, buf[20 + 2 * i]!]);
  return { header, reason: buf.readUInt16LE(16), versions };
}

// ---- request (C706 12.6.4.9)

export interface RequestPdu {
  header: CommonHeader;
  allocHint: number;
  contextId: number;
  opnum: number;
  object?: string;
  /** A view into the input buffer. */
  stub: Buffer;
}

export function decodeRequest(buf: Buffer): RequestPdu {
  const header = decodeHeader(buf);
  if (header.ptype !== PTYPE.REQUEST) throw new RpcPduError(`PTYPE ${header.ptype} is not request`);
  const hasObject = (header.pfcFlags & PFC.OBJECT_UUID) !== 0;
  const stubAt = REQUEST_HEADER_LENGTH + (hasObject ? 16 : 0);
  requireLength(buf, header, stubAt, 'request');
  return {
    header,
    allocHint: buf.readUInt32LE(16),
    contextId: buf.readUInt16LE(20),
    opnum: buf.readUInt16LE(22),
    ...(hasObject ? { object: uuidFromBytes(buf, 24) } : {}),
    stub: buf.subarray(stubAt, bodyEnd(header)),
  };
}

export interface RequestParams {
  callId: number;
  contextId: number;
  opnum: number;
  stub: Buffer;
  pfcFlags?: number;
  allocHint?: number;
}

export function encodeRequest(p: RequestParams): Buffer {
  const b = Buffer.alloc(REQUEST_HEADER_LENGTH + p.stub.length);
  writeHeader(b, PTYPE.REQUEST, p.pfcFlags ?? PFC.FIRST_FRAG | PFC.LAST_FRAG, p.callId);
  b.writeUInt32LE(p.allocHint ?? p.stub.length, 16);
  b.writeUInt16LE(p.contextId, 20);
  b.writeUInt16LE(p.opnum, 22);
  p.stub.copy(b, REQUEST_HEADER_LENGTH);
  return b;
}

// ---- response (C706 12.6.4.10)

export interface ResponsePdu {
  header: CommonHeader;
  allocHint: number;
  contextId: number;
  cancelCount: number;
  stub: Buffer;
}

/**
 * The response PDUs carrying `stub`, each at most `maxXmitFrag` bytes. Every fragment but the last
 * carries a multiple of 8 stub octets so that NDR alignment never straddles a fragment boundary.
 */
export function encodeResponse(callId: number, contextId: number, stub: Buffer, maxXmitFrag: number): Buffer[] {
  const perFragment = Math.floor((maxXmitFrag - RESPONSE_HEADER_LENGTH) / 8) * 8;
  if (perFragment <= 0) throw new RangeError(`max_xmit_frag ${maxXmitFrag} leaves no room for stub data`);
  const fragments: Buffer[] = [];
  let at = 0;
  do {
    const chunk = stub.subarray(at, at + perFragment);
    const first = at === 0;
    const last = at + chunk.length >= stub.length;
    const b = Buffer.alloc(RESPONSE_HEADER_LENGTH + chunk.length);
    writeHeader(b, PTYPE.RESPONSE, (first ? PFC.FIRST_FRAG : 0) | (last ? PFC.LAST_FRAG : 0), callId);
    b.writeUInt32LE(stub.length - at, 16); // alloc_hint: stub octets still to come, this fragment's included
    b.writeUInt16LE(contextId, 20);
    chunk.copy(b, RESPONSE_HEADER_LENGTH);
    fragments.push(b);
    at += chunk.length;
  } while (at < stub.length);
  return fragments;
}

export function decodeResponse(buf: Buffer): ResponsePdu {
  const header = decodeHeader(buf);
  if (header.ptype !== PTYPE.RESPONSE) throw new RpcPduError(`PTYPE ${header.ptype} is not response`);
  requireLength(buf, header, RESPONSE_HEADER_LENGTH, 'response');
  return {
    header,
    allocHint: buf.readUInt32LE(16),
    contextId: buf.readUInt16LE(20),
    cancelCount: buf[22]!,
    stub: buf.subarray(RESPONSE_HEADER_LENGTH, bodyEnd(header)),
  };
}

// ---- fault (C706 12.6.4.7)

export interface FaultPdu {
  header: CommonHeader;
  contextId: number;
  status: number;
}

export function encodeFault(callId: number, contextId: number, status: number, didNotExecute: boolean): Buffer {
  const b = Buffer.alloc(FAULT_LENGTH);
  writeHeader(b, PTYPE.FAULT, PFC.FIRST_FRAG | PFC.LAST_FRAG | (didNotExecute ? PFC.DID_NOT_EXECUTE : 0), callId);
  b.writeUInt16LE(contextId, 20);
  b.writeUInt32LE(status >>> 0, 24);
  return b;
}

export function decodeFault(buf: Buffer): FaultPdu {
  const header = decodeHeader(buf);
  if (header.ptype !== PTYPE.FAULT) throw new RpcPduError(`PTYPE ${header.ptype} is not fault`);
  requireLength(buf, header, 28, 'fault');
  return { header, contextId: buf.readUInt16LE(20), status: buf.readUInt32LE(24) };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
