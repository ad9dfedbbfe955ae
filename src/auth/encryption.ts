// SMB 3.x message encryption (MS-SMB2 3.1.4.3) and decryption (3.3.5.2.1.1): the SMB2 message is
// encrypted with AES-CCM or AES-GCM; the transform header from Nonce through SessionId is the
// additional authenticated data and the 16-byte tag becomes its Signature.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CipherId, TransformFlags } from '../protocol/constants.ts';
import { ProtocolViolation } from '../protocol/status.ts';
import { decodeTransformHeader, encodeTransformHeader, TRANSFORM_HEADER_SIZE } from '../protocol/transform.ts';
import type { TransformHeader } from '../protocol/transform.ts';

export type CipherName = 'aes-128-ccm' | 'aes-128-gcm' | 'aes-256-ccm' | 'aes-256-gcm';
type CcmName = 'aes-128-ccm' | 'aes-256-ccm';

/** A received transform frame that cannot be decrypted: MS-SMB2 3.3.5.2.1.1 drops the connection. */
export class DecryptionFailed extends ProtocolViolation {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionFailed';
  }
}

const TAG_SIZE = 16;
/** Nonce (Signature excluded) through SessionId: MS-SMB2 3.1.4.3's authenticated data. */
const AAD_OFFSET = 20;
const SIGNATURE_OFFSET = 4;

/** MS-SMB2 2.2.41: CCM uses the first 11 bytes of Nonce (AES_CCM_Nonce), GCM the first 12 (AES_GCM_Nonce). */
const CIPHERS: Record<CipherName, { keyLength: number; nonceLength: number }> = {
  'aes-128-ccm': { keyLength: 16, nonceLength: 11 },
  'aes-128-gcm': { keyLength: 16, nonceLength: 12 },
  'aes-256-ccm': { keyLength: 32, nonceLength: 11 },
  'aes-256-gcm': { keyLength: 32, nonceLength: 12 },
};

const isCcm = (cipher: CipherName): cipher is CcmName => cipher.endsWith('-ccm');

/** The cipher a CipherId of MS-SMB2 2.2.3.1.2 names, or undefined if unknown. */
export function cipherFromId(id: number): CipherName | undefined {
  switch (id) {
    case CipherId.AES_128_CCM:
      return 'aes-128-ccm';
    case CipherId.AES_128_GCM:
      return 'aes-128-gcm';
    case CipherId.AES_256_CCM:
      return 'aes-256-ccm';
    case CipherId.AES_256_GCM:
      return 'aes-256-gcm';
    default:
      return undefined;
  }
}

function checkKey(cipher: CipherName, key: Buffer): void {
  const { keyLength } = CIPHERS[cipher];
  if (key.length !== keyLength) throw new RangeError(`${cipher} needs a ${keyLength}-byte key, got ${key.length}`);
}

/**
 * Encrypts one SMB2 message (or a whole compound chain) into transform header + ciphertext, as chunks
 * ready to write. Nonce: random 11 bytes (CCM) / 12 bytes (GCM) unless given.
 * Throws RangeError for a wrong key or nonce length, or an empty or over-4-GiB message.
 */
export function encryptMessage(
  cipher: CipherName,
  key: Buffer,
  sessionId: bigint,
  plaintext: Buffer | readonly Buffer[],
  nonce?: Buffer,
): Buffer[] {
  checkKey(cipher, key);
  const { nonceLength } = CIPHERS[cipher];
  const iv = nonce ?? randomBytes(nonceLength);
  if (iv.length !== nonceLength) throw new RangeError(`${cipher} needs a ${nonceLength}-byte nonce, got ${iv.length}`);
  const chunks: readonly Buffer[] = Buffer.isBuffer(plaintext) ? [plaintext] : plaintext;
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  if (size === 0 || size > 0xffffffff) throw new RangeError(`cannot encrypt a message of ${size} bytes`);

  const nonceField = Buffer.alloc(16);
  iv.copy(nonceField);
  const header = encodeTransformHeader({
    signature: Buffer.alloc(16),
    nonce: nonceField,
    originalMessageSize: size,
    flags: TransformFlags.ENCRYPTED,
    sessionId,
  });
  const aad = header.subarray(AAD_OFFSET);

  let out: Buffer[];
  let tag: Buffer;
  if (isCcm(cipher)) {
    // node:crypto's CCM takes the whole plaintext in one update() and must know its length up front.
    const ccm = createCipheriv(cipher, key, iv, { authTagLength: TAG_SIZE });
    ccm.setAAD(aad, { plaintextLength: size });
    out = [ccm.update(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))];
    ccm.final();
    tag = ccm.getAuthTag();
  } else {
    const gcm = createCipheriv(cipher, key, iv, { authTagLength: TAG_SIZE });
    gcm.setAAD(aad);
    out = chunks.map((chunk) => gcm.update(chunk));
    gcm.final();
    tag = gcm.getAuthTag();
  }
  tag.copy(header, SIGNATURE_OFFSET);
  return [header, ...out];
}

/**
 * Decrypts a received transform frame. Returns the plaintext and the header.
 * Throws ProtocolViolation if the frame is not a transform header, and its subclass DecryptionFailed
 * for a wrong Flags value, an OriginalMessageSize that is not the ciphertext's size, or a bad tag.
 * Throws RangeError if `key` has the wrong length for `cipher`.
 */
export function decryptMessage(cipher: CipherName, key: Buffer, frame: Buffer): { header: TransformHeader; plaintext: Buffer } {
  checkKey(cipher, key);
  const header = decodeTransformHeader(frame);
  if (header.flags !== TransformFlags.ENCRYPTED) {
    throw new DecryptionFailed(`transform Flags/EncryptionAlgorithm is 0x${header.flags.toString(16)}, not 0x0001`);
  }
  const ciphertext = frame.subarray(TRANSFORM_HEADER_SIZE);
  if (ciphertext.length === 0 || ciphertext.length !== header.originalMessageSize) {
    throw new DecryptionFailed(
      `transform OriginalMessageSize ${header.originalMessageSize} does not match the ${ciphertext.length} bytes that follow`,
    );
  }
  const iv = header.nonce.subarray(0, CIPHERS[cipher].nonceLength);
  const aad = frame.subarray(AAD_OFFSET, TRANSFORM_HEADER_SIZE);

  let plaintext: Buffer;
  try {
    if (isCcm(cipher)) {
      const ccm = createDecipheriv(cipher, key, iv, { authTagLength: TAG_SIZE });
      ccm.setAuthTag(header.signature);
      ccm.setAAD(aad, { plaintextLength: ciphertext.length });
      plaintext = ccm.update(ciphertext);
      ccm.final();
    } else {
      const gcm = createDecipheriv(cipher, key, iv, { authTagLength: TAG_SIZE });
      gcm.setAuthTag(header.signature);
      gcm.setAAD(aad);
      plaintext = gcm.update(ciphertext);
      gcm.final();
    }
  } catch {
    throw new DecryptionFailed(`${cipher} authentication of the transform from session 0x${header.sessionId.toString(16)} failed`);
  }
  return { header, plaintext };
}
