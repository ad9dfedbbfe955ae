// MS-SMB2 2.2.41 SMB2 TRANSFORM_HEADER: the 52 bytes in front of an encrypted message.

import { ProtocolId } from './constants.ts';
import { ProtocolViolation } from './status.ts';

export interface TransformHeader {
  /** Signature (16 bytes): the AES-CCM/GCM authentication tag of the encrypted message. */
  signature: Buffer;
  /** Nonce (16 bytes): the cipher's nonce in its first 11 (CCM) or 12 (GCM) bytes, the rest zero. */
  nonce: Buffer;
  /** OriginalMessageSize: the size of the SMB2 message that was encrypted. */
  originalMessageSize: number;
  /** Flags (3.1.1) / EncryptionAlgorithm (3.0.x): 0x0001 (TransformFlags.ENCRYPTED) in both. */
  flags: number;
  sessionId: bigint;
}

export const TRANSFORM_HEADER_SIZE = 52;

const SIGNATURE_OFFSET = 4;
const NONCE_OFFSET = 20;
const ORIGINAL_MESSAGE_SIZE_OFFSET = 36;
const FLAGS_OFFSET = 42; // after Reserved (2 bytes) at 40
const SESSION_ID_OFFSET = 44;

/**
 * Reads the transform header at the start of `frame`. Signature and nonce are views into `frame`.
 * Throws ProtocolViolation if the frame is shorter than the header or is not a transform.
 */
export function decodeTransformHeader(frame: Buffer): TransformHeader {
  if (frame.length < TRANSFORM_HEADER_SIZE) {
    throw new ProtocolViolation(`transform frame of ${frame.length} bytes is shorter than its ${TRANSFORM_HEADER_SIZE}-byte header`);
  }
  if (frame.readUInt32LE(0) !== ProtocolId.TRANSFORM) {
    throw new ProtocolViolation('transform header does not start with 0xFD "SMB"');
  }
  return {
    signature: frame.subarray(SIGNATURE_OFFSET, NONCE_OFFSET),
    nonce: frame.subarray(NONCE_OFFSET, ORIGINAL_MESSAGE_SIZE_OFFSET),
    originalMessageSize: frame.readUInt32LE(ORIGINAL_MESSAGE_SIZE_OFFSET),
    flags: frame.readUInt16LE(FLAGS_OFFSET),
    sessionId: frame.readBigUInt64LE(SESSION_ID_OFFSET),
  };
}

/** Writes a transform header (Reserved is zero). Throws RangeError if signature or nonce is not 16 bytes. */
export function encodeTransformHeader(h: TransformHeader): Buffer {
  if (h.signature.length !== 16) throw new RangeError(`transform Signature must be 16 bytes, got ${h.signature.length}`);
  if (h.nonce.length !== 16) throw new RangeError(`transform Nonce must be 16 bytes, got ${h.nonce.length}`);
  const out = Buffer.alloc(TRANSFORM_HEADER_SIZE);
  out.writeUInt32LE(ProtocolId.TRANSFORM, 0);
  h.signature.copy(out, SIGNATURE_OFFSET);
  h.nonce.copy(out, NONCE_OFFSET);
  out.writeUInt32LE(h.originalMessageSize, ORIGINAL_MESSAGE_SIZE_OFFSET);
  out.writeUInt16LE(h.flags, FLAGS_OFFSET);
  out.writeBigUInt64LE(h.sessionId, SESSION_ID_OFFSET);
  return out;
}
