// SMB2 message signing (MS-SMB2 3.1.4.1) and verification (3.1.5.1). The signature covers the whole
// message — one message of a compound, with its padding — with the Signature field taken as zero.
// The message is hashed as three slices so a large READ/WRITE is never copied.

import { createCipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { Command, HeaderFlags, SigningAlgorithmId, SMB2_HEADER_SIZE } from '../protocol/constants.ts';
import { ProtocolViolation } from '../protocol/status.ts';
import { aesCmac } from './cmac.ts';

export type SigningAlgorithm = 'hmac-sha256' | 'aes-128-cmac' | 'aes-128-gmac';

/** MS-SMB2 2.2.1: the Signature field of the SMB2 header. */
const SIGNATURE_OFFSET = 48;
const SIGNATURE_SIZE = 16;
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
 * MS-SMB2 3.1.4.1: the AES-GMAC nonce is MessageId (8 bytes) then 4 bytes whose least significant bit
 * says the sender is the server and whose next bit marks a CANCEL request; the rest are zero.
 */
function gmacNonce(message: Buffer): Buffer {
  const nonce = Buffer.alloc(12);
  message.copy(nonce, 0, MESSAGE_ID_OFFSET, MESSAGE_ID_OFFSET + 8);
  const fromServer = (message.readUInt32LE(FLAGS_OFFSET) & HeaderFlags.SERVER_TO_REDIR) !== 0;
  const isCancel = message.readUInt16LE(COMMAND_OFFSET) === Command.CANCEL;
  nonce.writeUInt32LE((fromServer ? 0b01 : 0) | (isCancel ? 0b10 : 0), 8);
  return nonce;
}

/**
 * Computes the 16-byte signature of one SMB2 message (header+body, exactly one message of a compound),
 * treating bytes 48..63 (Signature field) as zero. Does not modify `message`.
 * Throws ProtocolViolation if `message` is shorter than an SMB2 header.
 */
export function computeSignature(alg: SigningAlgorithm, key: Buffer, message: Buffer): Buffer {
  if (message.length < SMB2_HEADER_SIZE) {
    throw new ProtocolViolation(`a ${message.length}-byte message has no SMB2 header to sign`);
  }
  const head = message.subarray(0, SIGNATURE_OFFSET);
  const tail = message.subarray(SIGNATURE_OFFSET + SIGNATURE_SIZE);
  switch (alg) {
    case 'hmac-sha256':
      // MS-SMB2 3.1.4.1: 2.0.2 and 2.1 keep the first 16 bytes of the 32-byte HMAC.
      return createHmac('sha256', key).update(head).update(ZERO_SIGNATURE).update(tail).digest().subarray(0, SIGNATURE_SIZE);
    case 'aes-128-cmac':
      return aesCmac(key, [head, ZERO_SIGNATURE, tail]);
    case 'aes-128-gmac': {
      // RFC 4543: GMAC is GCM with the message as additional authenticated data and nothing to encrypt.
      const gcm = createCipheriv('aes-128-gcm', key, gmacNonce(message), { authTagLength: SIGNATURE_SIZE });
      gcm.setAAD(head).setAAD(ZERO_SIGNATURE).setAAD(tail);
      gcm.final();
      return gcm.getAuthTag();
    }
  }
}

/** Writes the signature into message[48..64] (caller already set SMB2_FLAGS_SIGNED). */
export function signMessage(alg: SigningAlgorithm, key: Buffer, message: Buffer): void {
  computeSignature(alg, key, message).copy(message, SIGNATURE_OFFSET);
}

/**
 * MS-SMB2 3.1.5.1: whether the Signature field holds the signature of `message`, compared in
 * constant time. Throws ProtocolViolation if `message` is shorter than an SMB2 header.
 */
export function verifyMessageSignature(alg: SigningAlgorithm, key: Buffer, message: Buffer): boolean {
  const expected = computeSignature(alg, key, message);
  return timingSafeEqual(expected, message.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + SIGNATURE_SIZE));
}
