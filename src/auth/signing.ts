// SMB2 message signing (MS-SMB2 3.1.4.1) and verification (3.1.5.1). The signature covers the whole
// message — one message of a compound, with its padding — with the Signature field taken as zero.
// The message is hashed as slices around the Signature field, so a large READ/WRITE is never copied.

import { createCipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { Command, HeaderFlags, SigningAlgorithmId, SMB2_HEADER_SIZE } from '../protocol/constants.ts';
import { ProtocolViolation } from '../protocol/status.ts';
import { aesCmac } from './cmac.ts';

export type SigningAlgorithm = 'hmac-sha256' | 'aes-128-cmac' | 'aes-128-gmac';

/** MS-SMB2 2.2.1: the Signature field of the SMB2 header. */
const SIGNATURE_OFFSET = 48;
const SIGNATURE_SIZE = 16;
const SIGNATURE_END = SIGNATURE_OFFSET + SIGNATURE_SIZE;
const ZERO_SIGNATURE = Buffer.alloc(SIGNATURE_SIZE);
/** MS-SMB2 2.2.1: header fields the AES-GMAC nonce is built from. */
const COMMAND_OFFSET = 12;
const FLAGS_OFFSET = 16;
const MESSAGE_ID_OFFSET = 24;

/** The signing algorithm a SigningAlgorithmId of MS-SMB2 2.2.3.1.7 names, or undefined if unknown. */
export function signingAlgorithmFromId(id: number): SigningAlgorithm | undefined {
  switch (id) {
    case SigningAlgorithmId.HMAC_SHA256:
      return 'hmac-sha256';
    case SigningAlgorithmId.AES_CMAC:
      return 'aes-128-cmac';
    case SigningAlgorithmId.AES_GMAC:
      return 'aes-128-gmac';
    default:
      return undefined;
  }
}

/**
 * One SMB2 message, whole or as consecutive chunks (header, body, data, padding) that together make it:
 * a response is signed as the chunks it is sent in, so a large READ is never copied to be signed.
 */
export type MessageBytes = Buffer | readonly Buffer[];

const chunksOf = (message: MessageBytes): readonly Buffer[] => (Buffer.isBuffer(message) ? [message] : message);

/** The SMB2 header of the message: its first chunk, or a copy of its first 64 bytes when that chunk is shorter. */
function headerOf(chunks: readonly Buffer[]): Buffer {
  const first = chunks[0];
  if (first && first.length >= SMB2_HEADER_SIZE) return first;
  const header = Buffer.alloc(SMB2_HEADER_SIZE);
  let filled = 0;
  for (const chunk of chunks) {
    if (filled === SMB2_HEADER_SIZE) break;
    filled += chunk.copy(header, filled);
  }
  return header;
}

/** The message as slices to hash, with the Signature field replaced by zeros wherever the chunks cut it. */
function slicesToSign(chunks: readonly Buffer[]): Buffer[] {
  const slices: Buffer[] = [];
  let position = 0;
  for (const chunk of chunks) {
    const end = position + chunk.length;
    if (position < SIGNATURE_OFFSET) slices.push(chunk.subarray(0, SIGNATURE_OFFSET - position));
    if (position <= SIGNATURE_OFFSET && end > SIGNATURE_OFFSET) slices.push(ZERO_SIGNATURE);
    if (end > SIGNATURE_END) slices.push(chunk.subarray(Math.max(0, SIGNATURE_END - position)));
    position = end;
  }
  return slices;
}

/**
 * MS-SMB2 3.1.4.1: the AES-GMAC nonce is MessageId (8 bytes) then 4 bytes whose least significant bit
 * says the sender is the server and whose next bit marks a CANCEL request; the rest are zero.
 */
function gmacNonce(header: Buffer): Buffer {
  const nonce = Buffer.alloc(12);
  header.copy(nonce, 0, MESSAGE_ID_OFFSET, MESSAGE_ID_OFFSET + 8);
  const fromServer = (header.readUInt32LE(FLAGS_OFFSET) & HeaderFlags.SERVER_TO_REDIR) !== 0;
  const isCancel = header.readUInt16LE(COMMAND_OFFSET) === Command.CANCEL;
  nonce.writeUInt32LE((fromServer ? 0b01 : 0) | (isCancel ? 0b10 : 0), 8);
  return nonce;
}

/**
 * Computes the 16-byte signature of one SMB2 message (header+body, exactly one message of a compound),
 * treating bytes 48..63 (Signature field) as zero. Does not modify `message`.
 * Throws ProtocolViolation if `message` is shorter than an SMB2 header.
 */
export function computeSignature(alg: SigningAlgorithm, key: Buffer, message: MessageBytes): Buffer {
  const chunks = chunksOf(message);
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  if (length < SMB2_HEADER_SIZE) {
    throw new ProtocolViolation(`a ${length}-byte message has no SMB2 header to sign`);
  }
  const slices = slicesToSign(chunks);
  switch (alg) {
    case 'hmac-sha256': {
      const hmac = createHmac('sha256', key);
      for (const slice of slices) hmac.update(slice);
      // MS-SMB2 3.1.4.1: 2.0.2 and 2.1 keep the first 16 bytes of the 32-byte HMAC.
      return hmac.digest().subarray(0, SIGNATURE_SIZE);
    }
    case 'aes-128-cmac':
      return aesCmac(key, slices);
    case 'aes-128-gmac': {
      // RFC 4543: GMAC is GCM with the message as additional authenticated data and nothing to encrypt.
      // OpenSSL takes GCM's AAD in as many pieces as it is given, until the first byte to encrypt.
      const gcm = createCipheriv('aes-128-gcm', key, gmacNonce(headerOf(chunks)), { authTagLength: SIGNATURE_SIZE });
      for (const slice of slices) gcm.setAAD(slice);
      gcm.final();
      return gcm.getAuthTag();
    }
  }
}

/**
 * Writes the signature into the Signature field, bytes 48..63 of the message, in whichever chunks hold
 * them (the caller already set SMB2_FLAGS_SIGNED).
 */
export function signMessage(alg: SigningAlgorithm, key: Buffer, message: MessageBytes): void {
  const signature = computeSignature(alg, key, message);
  let position = 0;
  let written = 0;
  for (const chunk of chunksOf(message)) {
    const end = position + chunk.length;
    if (written < SIGNATURE_SIZE && end > SIGNATURE_OFFSET + written) {
      written += signature.copy(chunk, SIGNATURE_OFFSET + written - position, written);
    }
    position = end;
  }
}

/**
 * MS-SMB2 3.1.5.1: whether the Signature field holds the signature of `message`, compared in
 * constant time. Throws ProtocolViolation if `message` is shorter than an SMB2 header.
 */
export function verifyMessageSignature(alg: SigningAlgorithm, key: Buffer, message: MessageBytes): boolean {
  const expected = computeSignature(alg, key, message);
  const header = headerOf(chunksOf(message));
  return timingSafeEqual(expected, header.subarray(SIGNATURE_OFFSET, SIGNATURE_END));
}
