// MS-SMB2 2.2.1: the 64-byte SMB2 packet header, sync (2.2.1.2) and async (2.2.1.1) forms.
// Hand-written rather than declared: it is decoded and encoded for every message.

import { HeaderFlags, ProtocolId, SMB2_HEADER_SIZE } from './constants.ts';
import { ProtocolViolation } from './status.ts';

export interface Smb2Header {
  creditCharge: number;
  /** Status in responses; in 3.x requests the same four bytes are ChannelSequence + Reserved. */
  status: number;
  command: number;
  /** CreditRequest in requests, CreditResponse in responses. */
  credits: number;
  flags: number;
  nextCommand: number;
  messageId: bigint;
  /** Present when SMB2_FLAGS_ASYNC_COMMAND is set. */
  asyncId: bigint;
  /** Sync form only: Reserved (ProcessId) and TreeId. */
  processId: number;
  treeId: number;
  sessionId: bigint;
  signature: Buffer;
}

export const isAsync = (h: Smb2Header): boolean => (h.flags & HeaderFlags.ASYNC_COMMAND) !== 0;
export const isResponse = (h: Smb2Header): boolean => (h.flags & HeaderFlags.SERVER_TO_REDIR) !== 0;
export const isRelated = (h: Smb2Header): boolean => (h.flags & HeaderFlags.RELATED_OPERATIONS) !== 0;
export const isSigned = (h: Smb2Header): boolean => (h.flags & HeaderFlags.SIGNED) !== 0;
/** MS-SMB2 2.2.1.2: ChannelSequence, the low 16 bits of the Status field in 3.x requests. */
export const channelSequence = (h: Smb2Header): number => h.status & 0xffff;

/** Decodes the header at `at`. A wrong ProtocolId or StructureSize is a framing violation (MS-SMB2 3.3.5.2). */
export function decodeHeader(buf: Buffer, at = 0): Smb2Header {
  if (buf.length - at < SMB2_HEADER_SIZE) throw new ProtocolViolation('SMB2 message shorter than its header');
  if (buf.readUInt32LE(at) !== ProtocolId.SMB2) throw new ProtocolViolation('not an SMB2 message');
  if (buf.readUInt16LE(at + 4) !== SMB2_HEADER_SIZE) throw new ProtocolViolation('SMB2 header StructureSize is not 64');
  const flags = buf.readUInt32LE(at + 16);
  const async = (flags & HeaderFlags.ASYNC_COMMAND) !== 0;
  return {
    creditCharge: buf.readUInt16LE(at + 6),
    status: buf.readUInt32LE(at + 8),
    command: buf.readUInt16LE(at + 12),
    credits: buf.readUInt16LE(at + 14),
    flags,
    nextCommand: buf.readUInt32LE(at + 20),
    messageId: buf.readBigUInt64LE(at + 24),
    asyncId: async ? buf.readBigUInt64LE(at + 32) : 0n,
    processId: async ? 0 : buf.readUInt32LE(at + 32),
    treeId: async ? 0 : buf.readUInt32LE(at + 36),
    sessionId: buf.readBigUInt64LE(at + 40),
    signature: buf.subarray(at + 48, at + 64),
  };
}

/** Writes a header into `out` at `at` (out must have 64 bytes there). The signature is left zero. */
export function writeHeader(out: Buffer, h: Smb2Header, at = 0): void {
  out.writeUInt32LE(ProtocolId.SMB2, at);
  out.writeUInt16LE(SMB2_HEADER_SIZE, at + 4);
  out.writeUInt16LE(h.creditCharge, at + 6);
  out.writeUInt32LE(h.status >>> 0, at + 8);
  out.writeUInt16LE(h.command, at + 12);
  out.writeUInt16LE(h.credits, at + 14);
  out.writeUInt32LE(h.flags >>> 0, at + 16);
  out.writeUInt32LE(h.nextCommand >>> 0, at + 20);
  out.writeBigUInt64LE(h.messageId, at + 24);
  if (h.flags & HeaderFlags.ASYNC_COMMAND) {
    out.writeBigUInt64LE(h.asyncId, at + 32);
  } else {
    out.writeUInt32LE(h.processId >>> 0, at + 32);
    out.writeUInt32LE(h.treeId >>> 0, at + 36);
  }
  out.writeBigUInt64LE(h.sessionId, at + 40);
  out.fill(0, at + 48, at + 64);
  if (h.signature.length === 16) h.signature.copy(out, at + 48);
}

export function encodeHeader(h: Smb2Header): Buffer {
  const out = Buffer.alloc(SMB2_HEADER_SIZE);
  writeHeader(out, h);
  return out;
}
