// NTLMSSP message codecs (MS-NLMP 2.2). Every offset and length a peer sends is checked against the token
// before it is used; a malformed message is NtStatusError(INVALID_PARAMETER).

import { NtStatus, NtStatusError } from '../protocol/status.ts';

/** NegotiateFlags (MS-NLMP 2.2.2.5). */
export const NtlmFlags = {
  NEGOTIATE_UNICODE: 0x00000001,
  NEGOTIATE_OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NEGOTIATE_SIGN: 0x00000010,
  NEGOTIATE_SEAL: 0x00000020,
  NEGOTIATE_DATAGRAM: 0x00000040,
  NEGOTIATE_LM_KEY: 0x00000080,
  NEGOTIATE_NTLM: 0x00000200,
  ANONYMOUS: 0x00000800,
  NEGOTIATE_OEM_DOMAIN_SUPPLIED: 0x00001000,
  NEGOTIATE_OEM_WORKSTATION_SUPPLIED: 0x00002000,
  NEGOTIATE_ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  TARGET_TYPE_SERVER: 0x00020000,
  NEGOTIATE_EXTENDED_SESSIONSECURITY: 0x00080000,
  NEGOTIATE_IDENTIFY: 0x00100000,
  REQUEST_NON_NT_SESSION_KEY: 0x00400000,
  NEGOTIATE_TARGET_INFO: 0x00800000,
  NEGOTIATE_VERSION: 0x02000000,
  NEGOTIATE_128: 0x20000000,
  NEGOTIATE_KEY_EXCH: 0x40000000,
  NEGOTIATE_56: 0x80000000,
} as const;

/** AvId values of AV_PAIR (MS-NLMP 2.2.2.1). */
export const AvId = {
  MsvAvEOL: 0,
  MsvAvNbComputerName: 1,
  MsvAvNbDomainName: 2,
  MsvAvDnsComputerName: 3,
  MsvAvDnsDomainName: 4,
  MsvAvDnsTreeName: 5,
  MsvAvFlags: 6,
  MsvAvTimestamp: 7,
  MsvAvSingleHost: 8,
  MsvAvTargetName: 9,
  MsvAvChannelBindings: 10,
} as const;

/** Bits of the MsvAvFlags value (MS-NLMP 2.2.2.1). */
export const MsvAvFlagsBits = {
  ACCOUNT_AUTHENTICATION_CONSTRAINED: 0x1,
  MIC_PRESENT: 0x2,
  UNTRUSTED_SPN_SOURCE: 0x4,
} as const;

export const NtlmMessageType = { NEGOTIATE: 1, CHALLENGE: 2, AUTHENTICATE: 3 } as const;

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
/** NTLMRevisionCurrent of a VERSION structure: NTLMSSP_REVISION_W2K3 (MS-NLMP 2.2.2.10). */
export const NTLMSSP_REVISION_W2K3 = 0x0f;

/** VERSION (MS-NLMP 2.2.2.10): informational only, never used for a security decision. */
export interface NtlmVersion {
  productMajorVersion: number;
  productMinorVersion: number;
  productBuild: number;
  ntlmRevisionCurrent: number;
}

export interface AvPair {
  avId: number;
  value: Buffer;
}

/** NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1). */
export interface NegotiateMessage {
  negotiateFlags: number;
  /** Present when NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED is set. */
  domainName?: string;
  /** Present when NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED is set. */
  workstation?: string;
  version?: NtlmVersion;
}

/** CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2). */
export interface ChallengeMessage {
  negotiateFlags: number;
  targetName: string;
  serverChallenge: Buffer;
  /** AV pairs without the terminating MsvAvEOL, which the codec adds and strips. */
  targetInfo: AvPair[];
  version?: NtlmVersion;
}

/** AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3). */
export interface AuthenticateMessage {
  negotiateFlags: number;
  lmChallengeResponse: Buffer;
  ntChallengeResponse: Buffer;
  domainName: string;
  userName: string;
  workstation: string;
  encryptedRandomSessionKey: Buffer;
  version?: NtlmVersion;
  /** Present when the NTLMv2 response's MsvAvFlags has MIC_PRESENT. */
  mic?: Buffer;
}

/** NTLMv2_CLIENT_CHALLENGE (MS-NLMP 2.2.2.7). */
export interface NtlmV2ClientChallenge {
  respType: number;
  hiRespType: number;
  /** FILETIME: 100 ns ticks since 1601-01-01 UTC. */
  timeStamp: bigint;
  challengeFromClient: Buffer;
  /** AV pairs without the terminating MsvAvEOL. */
  avPairs: AvPair[];
}

/** NTLMv2_RESPONSE (MS-NLMP 2.2.2.8). */
export interface NtlmV2Response {
  /** NTProofStr. */
  response: Buffer;
  /** The raw client challenge ("temp" of MS-NLMP 3.3.2), which NTProofStr covers byte for byte. */
  temp: Buffer;
  clientChallenge: NtlmV2ClientChallenge;
}

/** Byte offset of the MIC in an AUTHENTICATE_MESSAGE that carries one (MS-NLMP 2.2.1.3). */
export const AUTHENTICATE_MIC_OFFSET = 72;
/** An NTLMv1 NtChallengeResponse is exactly this long (MS-NLMP 2.2.2.6); NTLMv2 ones are longer. */
export const NTLMV1_RESPONSE_LENGTH = 24;
const NTLMV2_CLIENT_CHALLENGE_FIXED = 28;

function invalid(why: string): NtStatusError {
  return new NtStatusError(NtStatus.INVALID_PARAMETER, `NTLMSSP: ${why}`);
}

/** The MessageType of an NTLMSSP token, after checking its signature. */
export function ntlmMessageType(token: Buffer): number {
  if (token.length < 12 || !token.subarray(0, 8).equals(SIGNATURE)) throw invalid('not an NTLMSSP message');
  return token.readUInt32LE(8);
}

export function isNtlmsspToken(token: Buffer): boolean {
  return token.length >= 8 && token.subarray(0, 8).equals(SIGNATURE);
}

function expectType(token: Buffer, type: number, minLength: number): void {
  if (ntlmMessageType(token) !== type) throw invalid(`expected message type ${type}`);
  if (token.length < minLength) throw invalid('message too short');
}

interface FieldRef {
  length: number;
  offset: number;
}

/** A Len/MaxLen/BufferOffset triple (MS-NLMP 2.2.1.1): MaxLen is ignored on receipt. */
function readFieldRef(token: Buffer, at: number): FieldRef {
  return { length: token.readUInt16LE(at), offset: token.readUInt32LE(at + 4) };
}

function fieldBytes(token: Buffer, ref: FieldRef, headerSize: number, name: string): Buffer {
  if (ref.length === 0) return token.subarray(0, 0);
  if (ref.offset < headerSize || ref.offset + ref.length > token.length) throw invalid(`${name} outside the message`);
  return token.subarray(ref.offset, ref.offset + ref.length);
}

function decodeText(bytes: Buffer, unicode: boolean, name: string): string {
  if (!unicode) return bytes.toString('latin1');
  if (bytes.length % 2 !== 0) throw invalid(`${name} has an odd UTF-16 length`);
  return bytes.toString('utf16le');
}

function encodeText(text: string, unicode: boolean): Buffer {
  return Buffer.from(text, unicode ? 'utf16le' : 'latin1');
}

function readVersion(token: Buffer, at: number): NtlmVersion {
  return {
    productMajorVersion: token.readUInt8(at),
    productMinorVersion: token.readUInt8(at + 1),
    productBuild: token.readUInt16LE(at + 2),
    ntlmRevisionCurrent: token.readUInt8(at + 7),
  };
}

function writeVersion(out: Buffer, at: number, v: NtlmVersion): void {
  out.writeUInt8(v.productMajorVersion, at);
  out.writeUInt8(v.productMinorVersion, at + 1);
  out.writeUInt16LE(v.productBuild, at + 2);
  out.writeUInt8(v.ntlmRevisionCurrent, at + 7);
}

/** The smallest BufferOffset among non-empty fields: where the payload starts, hence where the header ends. */
function payloadStart(token: Buffer, refs: FieldRef[]): number {
  let start = token.length;
  for (const r of refs) if (r.length > 0 && r.offset < start) start = r.offset;
  return start;
}

/** Lays out header + payload fields, writing each Len/MaxLen/BufferOffset triple at its position. */
function assemble(header: Buffer, fields: { at: number; data: Buffer }[]): Buffer {
  let offset = header.length;
  for (const f of fields) {
    if (f.data.length > 0xffff) throw new RangeError('NTLMSSP field longer than 65535 bytes');
    header.writeUInt16LE(f.data.length, f.at);
    header.writeUInt16LE(f.data.length, f.at + 2);
    header.writeUInt32LE(offset, f.at + 4);
    offset += f.data.length;
  }
  return Buffer.concat([header, ...fields.map((f) => f.data)]);
}

function newHeader(size: number, type: number): Buffer {
  const header = Buffer.alloc(size);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(type, 8);
  return header;
}

// ---- AV_PAIR (MS-NLMP 2.2.2.1) ----

/** Decodes AV pairs up to MsvAvEOL; bytes after it are ignored (NTLMv2 responses pad there). */
export function decodeAvPairs(bytes: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  let pos = 0;
  for (;;) {
    if (pos + 4 > bytes.length) throw invalid('AV pair list without MsvAvEOL');
    const avId = bytes.readUInt16LE(pos);
    const avLen = bytes.readUInt16LE(pos + 2);
    pos += 4;
    if (pos + avLen > bytes.length) throw invalid('AV pair value outside the list');
    if (avId === AvId.MsvAvEOL) return pairs;
    pairs.push({ avId, value: bytes.subarray(pos, pos + avLen) });
    pos += avLen;
  }
}

/** Encodes AV pairs and the terminating MsvAvEOL. */
export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const p of pairs) {
    if (p.value.length > 0xffff) throw new RangeError('AV pair value longer than 65535 bytes');
    const head = Buffer.alloc(4);
    head.writeUInt16LE(p.avId, 0);
    head.writeUInt16LE(p.value.length, 2);
    parts.push(head, p.value);
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

export function findAvPair(pairs: readonly AvPair[], avId: number): AvPair | undefined {
  return pairs.find((p) => p.avId === avId);
}

// ---- NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1) ----

const NEGOTIATE_FIXED = 32;

export function decodeNegotiateMessage(token: Buffer): NegotiateMessage {
  // Some clients send only Signature, MessageType and NegotiateFlags; the rest is then absent.
  expectType(token, NtlmMessageType.NEGOTIATE, 16);
  const negotiateFlags = token.readUInt32LE(12);
  const msg: NegotiateMessage = { negotiateFlags };
  if (token.length < NEGOTIATE_FIXED) return msg;
  const domainRef = readFieldRef(token, 16);
  const workstationRef = readFieldRef(token, 24);
  // Fields the flags do not announce MUST be ignored on receipt.
  const used: FieldRef[] = [];
  if (negotiateFlags & NtlmFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED) {
    msg.domainName = fieldBytes(token, domainRef, NEGOTIATE_FIXED, 'DomainName').toString('latin1');
    used.push(domainRef);
  }
  if (negotiateFlags & NtlmFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED) {
    msg.workstation = fieldBytes(token, workstationRef, NEGOTIATE_FIXED, 'Workstation').toString('latin1');
    used.push(workstationRef);
  }
  if (negotiateFlags & NtlmFlags.NEGOTIATE_VERSION && payloadStart(token, used) >= NEGOTIATE_FIXED + 8) {
    msg.version = readVersion(token, NEGOTIATE_FIXED);
  }
  return msg;
}

export function encodeNegotiateMessage(msg: NegotiateMessage): Buffer {
  const header = newHeader(msg.version ? NEGOTIATE_FIXED + 8 : NEGOTIATE_FIXED, NtlmMessageType.NEGOTIATE);
  header.writeUInt32LE(msg.negotiateFlags >>> 0, 12);
  if (msg.version) writeVersion(header, NEGOTIATE_FIXED, msg.version);
  return assemble(header, [
    { at: 16, data: Buffer.from(msg.domainName ?? '', 'latin1') },
    { at: 24, data: Buffer.from(msg.workstation ?? '', 'latin1') },
  ]);
}

// ---- CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) ----

const CHALLENGE_FIXED = 48;

export function decodeChallengeMessage(token: Buffer): ChallengeMessage {
  expectType(token, NtlmMessageType.CHALLENGE, CHALLENGE_FIXED);
  const negotiateFlags = token.readUInt32LE(20);
  const unicode = (negotiateFlags & NtlmFlags.NEGOTIATE_UNICODE) !== 0;
  const targetNameRef = readFieldRef(token, 12);
  const targetInfoRef = readFieldRef(token, 40);
  const msg: ChallengeMessage = {
    negotiateFlags,
    targetName: decodeText(fieldBytes(token, targetNameRef, CHALLENGE_FIXED, 'TargetName'), unicode, 'TargetName'),
    serverChallenge: token.subarray(24, 32),
    targetInfo: targetInfoRef.length
      ? decodeAvPairs(fieldBytes(token, targetInfoRef, CHALLENGE_FIXED, 'TargetInfo'))
      : [],
  };
  if (negotiateFlags & NtlmFlags.NEGOTIATE_VERSION && payloadStart(token, [targetNameRef, targetInfoRef]) >= 56) {
    msg.version = readVersion(token, CHALLENGE_FIXED);
  }
  return msg;
}

export function encodeChallengeMessage(msg: ChallengeMessage): Buffer {
  if (msg.serverChallenge.length !== 8) throw new RangeError('ServerChallenge must be 8 bytes');
  const unicode = (msg.negotiateFlags & NtlmFlags.NEGOTIATE_UNICODE) !== 0;
  // The Version field is always laid out, zero when not negotiated, as Windows does.
  const header = newHeader(CHALLENGE_FIXED + 8, NtlmMessageType.CHALLENGE);
  header.writeUInt32LE(msg.negotiateFlags >>> 0, 20);
  msg.serverChallenge.copy(header, 24);
  if (msg.version) writeVersion(header, CHALLENGE_FIXED, msg.version);
  return assemble(header, [
    { at: 12, data: encodeText(msg.targetName, unicode) },
    { at: 40, data: encodeAvPairs(msg.targetInfo) },
  ]);
}

// ---- NTLMv2_RESPONSE (MS-NLMP 2.2.2.8) ----

export function decodeNtlmV2Response(bytes: Buffer): NtlmV2Response {
  if (bytes.length < 16 + NTLMV2_CLIENT_CHALLENGE_FIXED + 4) throw invalid('NTLMv2 response too short');
  const temp = bytes.subarray(16);
  return {
    response: bytes.subarray(0, 16),
    temp,
    clientChallenge: {
      respType: temp.readUInt8(0),
      hiRespType: temp.readUInt8(1),
      timeStamp: temp.readBigUInt64LE(8),
      challengeFromClient: temp.subarray(16, 24),
      avPairs: decodeAvPairs(temp.subarray(NTLMV2_CLIENT_CHALLENGE_FIXED)),
    },
  };
}

// ---- AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3) ----

const AUTHENTICATE_FIXED = 64;

export interface DecodedAuthenticateMessage extends AuthenticateMessage {
  /** The NtChallengeResponse decoded as NTLMv2, when it is longer than an NTLMv1 response. */
  ntlmV2Response?: NtlmV2Response;
}

export function decodeAuthenticateMessage(token: Buffer): DecodedAuthenticateMessage {
  expectType(token, NtlmMessageType.AUTHENTICATE, AUTHENTICATE_FIXED);
  const negotiateFlags = token.readUInt32LE(60);
  const unicode = (negotiateFlags & NtlmFlags.NEGOTIATE_UNICODE) !== 0;
  const refs = {
    lm: readFieldRef(token, 12),
    nt: readFieldRef(token, 20),
    domain: readFieldRef(token, 28),
    user: readFieldRef(token, 36),
    workstation: readFieldRef(token, 44),
    sessionKey: readFieldRef(token, 52),
  };
  const headerEnd = payloadStart(token, Object.values(refs));
  const field = (ref: FieldRef, name: string) => fieldBytes(token, ref, AUTHENTICATE_FIXED, name);
  const ntChallengeResponse = field(refs.nt, 'NtChallengeResponse');
  const msg: DecodedAuthenticateMessage = {
    negotiateFlags,
    lmChallengeResponse: field(refs.lm, 'LmChallengeResponse'),
    ntChallengeResponse,
    domainName: decodeText(field(refs.domain, 'DomainName'), unicode, 'DomainName'),
    userName: decodeText(field(refs.user, 'UserName'), unicode, 'UserName'),
    workstation: decodeText(field(refs.workstation, 'Workstation'), unicode, 'Workstation'),
    encryptedRandomSessionKey: field(refs.sessionKey, 'EncryptedRandomSessionKey'),
  };
  if (negotiateFlags & NtlmFlags.NEGOTIATE_VERSION && headerEnd >= AUTHENTICATE_FIXED + 8) {
    msg.version = readVersion(token, AUTHENTICATE_FIXED);
  }
  if (ntChallengeResponse.length > NTLMV1_RESPONSE_LENGTH) {
    msg.ntlmV2Response = decodeNtlmV2Response(ntChallengeResponse);
    const flags = findAvPair(msg.ntlmV2Response.clientChallenge.avPairs, AvId.MsvAvFlags);
    if (flags && flags.value.length >= 4 && flags.value.readUInt32LE(0) & MsvAvFlagsBits.MIC_PRESENT) {
      if (headerEnd < AUTHENTICATE_MIC_OFFSET + 16) throw invalid('MIC announced but the payload overlaps it');
      msg.mic = token.subarray(AUTHENTICATE_MIC_OFFSET, AUTHENTICATE_MIC_OFFSET + 16);
    }
  }
  return msg;
}

export function encodeAuthenticateMessage(msg: AuthenticateMessage): Buffer {
  const unicode = (msg.negotiateFlags & NtlmFlags.NEGOTIATE_UNICODE) !== 0;
  if (msg.mic && msg.mic.length !== 16) throw new RangeError('MIC must be 16 bytes');
  const size = msg.mic ? AUTHENTICATE_MIC_OFFSET + 16 : msg.version ? AUTHENTICATE_FIXED + 8 : AUTHENTICATE_FIXED;
  const header = newHeader(size, NtlmMessageType.AUTHENTICATE);
  header.writeUInt32LE(msg.negotiateFlags >>> 0, 60);
  if (msg.version) writeVersion(header, AUTHENTICATE_FIXED, msg.version);
  if (msg.mic) msg.mic.copy(header, AUTHENTICATE_MIC_OFFSET);
  // Payload order as in the MS-NLMP 4.2.4.3 example.
  return assemble(header, [
    { at: 28, data: encodeText(msg.domainName, unicode) },
    { at: 36, data: encodeText(msg.userName, unicode) },
    { at: 44, data: encodeText(msg.workstation, unicode) },
    { at: 12, data: msg.lmChallengeResponse },
    { at: 20, data: msg.ntChallengeResponse },
    { at: 52, data: msg.encryptedRandomSessionKey },
  ]);
}
